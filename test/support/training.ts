import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../src/platform/http/context.js';
import type { Role } from '../../src/platform/tenancy/tables.js';
import { createCourse } from '../../src/modules/training/courses.js';
import { scheduleSession } from '../../src/modules/training/sessions.js';
import { trainingBookings } from '../../src/modules/training/tables.js';
import type { CourseInput, SessionInput } from '../../src/modules/training/schemas.js';
import type { TestApp } from './app.js';

/** A service context acting as a person, at the test clock's time. */
export function asPerson(
  t: TestApp,
  person: { id: string; partnershipId: string; name: string; roles: Role[] },
): ServiceContext {
  return {
    db: t.database.db,
    actor: {
      kind: 'person',
      id: person.id,
      partnershipId: person.partnershipId,
      name: person.name,
      roles: person.roles,
      organisationId: null,
      teamIds: [],
    },
    requestId: randomUUID(),
    now: t.clock.now(),
    mail: t.mail,
    baseUrl: 'http://localhost',
  };
}

export const courseInput = (over: Partial<CourseInput> = {}): CourseInput => ({
  title: `Course ${randomUUID().slice(0, 8)}`,
  summary: 'What the course is about.',
  learningOutcomes: ['Something useful'],
  durationMinutes: 180,
  delivery: 'online',
  audienceLayers: [],
  audienceRoles: [],
  prerequisiteIds: [],
  usualPlaces: 20,
  frequency: 'monthly',
  kind: 'standard',
  ...over,
});

/**
 * The context as it was a week before a session starts. The service refuses a start that has
 * passed, so a session already under way (negative `days`) is scheduled as it was then.
 */
export const beforeItStarts = (ctx: ServiceContext, startsAt: Date): ServiceContext =>
  startsAt > ctx.now ? ctx : { ...ctx, now: new Date(startsAt.getTime() - 7 * 86_400_000) };

/** A course with one session, `days` after the test clock's now (before it, if negative). */
export async function courseWithSession(
  ctx: ServiceContext,
  opts: { places?: number; days?: number; course?: Partial<CourseInput> } = {},
) {
  const courseId = await createCourse(ctx, courseInput(opts.course));
  const startsAt = new Date(ctx.now.getTime() + (opts.days ?? 7) * 86_400_000);
  const session: SessionInput = {
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
    places: opts.places ?? 20,
    delivery: 'online',
    joiningLink: 'https://video.example/secret-room',
    venue: null,
    trainerIds: [ctx.actor.id!],
  };
  const sessionId = await scheduleSession(beforeItStarts(ctx, startsAt), courseId, session);
  return { courseId, sessionId };
}

/** Records that a person attended (the register comes in a later slice). */
export async function markAttended(t: TestApp, sessionId: string, personId: string) {
  const rows = await t.database.db
    .select()
    .from(trainingBookings)
    .where(eq(trainingBookings.sessionId, sessionId));
  const row = rows.find((r) => r.personId === personId);
  if (!row) throw new Error('no booking to mark');
  await t.database.db
    .update(trainingBookings)
    .set({ attendance: 'attended' })
    .where(eq(trainingBookings.id, row.id));
}
