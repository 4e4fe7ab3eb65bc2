import type { ServiceContext } from '../../src/platform/http/context.js';
import { trainingBookings, type Attendance } from '../../src/modules/training/tables.js';
import type { CohortInput } from '../../src/modules/training/als-schemas.js';
import { getCohort } from '../../src/modules/training/als.js';
import { saveAlsRegister } from '../../src/modules/training/als-sessions.js';
import { createCourse } from '../../src/modules/training/courses.js';
import type { TestApp } from './app.js';
import { asPerson, courseInput } from './training.js';

// Action learning sets in tests: the course, a new set's input, and registers taken in turn.

/** An action learning set course that needs the given courses first. */
export const alsCourse = (ctx: ServiceContext, prerequisiteIds: string[]) =>
  createCourse(
    ctx,
    courseInput({
      title: 'Action learning set',
      durationMinutes: 90,
      kind: 'action_learning_set',
      usualPlaces: 8,
      prerequisiteIds,
    }),
  );

export const alsInput = (
  courseId: string,
  facilitatorId: string,
  over: Partial<CohortInput> = {},
): CohortInput => ({
  name: `Set ${Math.random().toString(36).slice(2, 8)}`,
  courseId,
  facilitatorId,
  places: 8,
  minAttended: 4,
  venue: null,
  first: { year: 2027, month: 1, day: 12, hour: 10, minute: 0 },
  ...over,
});

/**
 * Takes the set's registers one session after another: `marks[personId][n]` is the person's
 * mark for session n + 1. The clock moves to each session's start first, when it is not there.
 */
export async function markAls(
  t: TestApp,
  facilitator: Parameters<typeof asPerson>[1],
  cohortId: string,
  marks: Record<string, readonly Attendance[]>,
) {
  const ctx = () => asPerson(t, facilitator);
  const { sessions, members } = await getCohort(ctx(), cohortId);
  const count = Math.max(...Object.values(marks).map((m) => m.length));
  for (let n = 0; n < count; n++) {
    const session = sessions[n]!;
    const wait = session.startsAt.getTime() - t.clock.now().getTime();
    if (wait > 0) t.clock.advance(wait + 60_000);
    const form: Record<string, string> = {};
    for (const m of members) {
      const mark = marks[m.personId]?.[n];
      if (mark) form[`a-${m.id}`] = mark;
    }
    await saveAlsRegister(ctx(), session.id, form);
  }
}

/** Records that a person attended a session, however long ago it was (test data only). */
export async function attended(
  t: TestApp,
  sessionId: string,
  person: { id: string; partnershipId: string },
) {
  await t.database.db.insert(trainingBookings).values({
    partnershipId: person.partnershipId,
    sessionId,
    personId: person.id,
    status: 'booked',
    attendance: 'attended',
  });
}
