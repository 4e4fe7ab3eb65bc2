import { and, eq } from 'drizzle-orm';
import { hasRole, type Actor, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { closedTo, visibleSessions } from './closed-sessions.js';
import { announceChange, movesSession, remindAgain } from './notices.js';
import { offerFreePlaces } from './offers.js';
import { FormProblem } from './problems.js';
import { endBookingsOfCancelledSession } from './session-cancel.js';
import { passedStartProblem, type SessionInput, type StartRule } from './schemas.js';
import * as store from './store.js';
import { trainingSessions } from './tables.js';
import { bespokePlacesMessage } from './bespoke-schemas.js';
import { BESPOKE_MAX_PEOPLE } from './tables-bespoke.js';

// Scheduled sessions of a course: when, where, how many places and who trains.

const member = (ctx: ServiceContext) => ctx.actor as Member;

export const trainerChoices = (ctx: ServiceContext) =>
  store.trainerCadre(ctx.db, member(ctx).partnershipId);

/** The sessions of a course with their free places, and the signed-in person's own booking. */
export async function sessionsOfCourse(ctx: ServiceContext, courseId: string) {
  const partnershipId = member(ctx).partnershipId;
  const sessions = await store.sessionsOfCourse(ctx.db, partnershipId, courseId);
  // Closed (bespoke) sessions are listed only for their team and for those who run training.
  return withDetails(ctx, await visibleSessions(ctx, sessions));
}

/** Free places, people waiting, whether it has started, and the trainers, for each session. */
export async function withDetails<S extends store.Session>(ctx: ServiceContext, sessions: S[]) {
  const partnershipId = member(ctx).partnershipId;
  const ids = sessions.map((s) => s.id);
  const [counts, trainers] = await Promise.all([
    store.placeCounts(ctx.db, partnershipId, ids),
    store.trainersOf(ctx.db, partnershipId, ids),
  ]);
  return sessions.map((s) => {
    const c = counts.get(s.id)!;
    return {
      ...s,
      held: c.held,
      waiting: c.waiting,
      free: Math.max(0, s.places - c.held),
      started: s.startsAt <= ctx.now,
      trainers: trainers.filter((t) => t.sessionId === s.id),
    };
  });
}

/** One session of this partnership, with its course and the viewer's booking. */
export async function getSession(ctx: ServiceContext, id: string) {
  const partnershipId = member(ctx).partnershipId;
  const session = await store.findSession(ctx.db, partnershipId, id);
  if (!session) throw notFound();
  const course = await store.findCourse(ctx.db, partnershipId, session.courseId);
  if (!course) throw notFound();
  const [details] = await withDetails(ctx, [session]);
  const live = await store.liveBooking(ctx.db, partnershipId, id, member(ctx).id);
  // Someone waiting is told where they are in the queue.
  const booking =
    live?.status === 'waitlisted'
      ? ((await store.findBooking(ctx.db, partnershipId, live.id)) ?? live)
      : live;
  const closed = await closedTo(ctx.db, partnershipId, session, member(ctx).id);
  return { ...details!, course, booking, closed };
}

/**
 * The joining link is for the people booked on the session and those running it. A service
 * account books no one in and runs nothing: only a trainer's or an admin's token sees it.
 */
export function seesJoiningLink(
  actor: Actor,
  session: { booking: { status: string } | null; trainers: readonly { id: string }[] },
) {
  if (actor.kind === 'service') return hasRole(actor, 'admin', 'trainer');
  return session.booking?.status === 'booked' || session.trainers.some((t) => t.id === actor.id);
}

export async function scheduleSession(
  ctx: ServiceContext,
  courseId: string,
  input: SessionInput,
): Promise<string> {
  const partnershipId = member(ctx).partnershipId;
  refusePassedStart(input.startsAt, { now: ctx.now });
  return ctx.db.transaction(async (tx) => {
    const course = await store.findCourse(tx, partnershipId, courseId);
    if (!course || course.retiredAt) throw notFound();
    await checkTrainers(tx, partnershipId, input.trainerIds);
    return insertSession(tx, ctx, courseId, input);
  });
}

/**
 * Adds one session, its trainers and its audit row in the caller's transaction (a series adds
 * several in one). A team id makes it a closed session that only that team can book.
 */
export async function insertSession(
  tx: Db,
  ctx: ServiceContext,
  courseId: string,
  input: SessionInput & { teamId?: string | null },
) {
  const partnershipId = member(ctx).partnershipId;
  const { trainerIds, ...fields } = input;
  const [row] = await tx
    .insert(trainingSessions)
    .values({ ...fields, partnershipId, courseId })
    .returning({ id: trainingSessions.id });
  await store.setTrainers(tx, partnershipId, row!.id, trainerIds);
  await audit(tx, ctx, {
    action: 'training-session.scheduled',
    recordType: 'training-session',
    recordId: row!.id,
  });
  return row!.id;
}

/**
 * Change a session. Its places can never drop below the places already taken, and it cannot be
 * moved to a start that has passed (one under way keeps its start while the rest is changed).
 */
export async function updateSession(ctx: ServiceContext, id: string, input: SessionInput) {
  const partnershipId = member(ctx).partnershipId;
  await ctx.db.transaction(async (tx) => {
    const session = await store.findSession(tx, partnershipId, id, true);
    if (!session) throw notFound();
    refusePassedStart(input.startsAt, { now: ctx.now, current: session.startsAt });
    const held = (await store.placeCounts(tx, partnershipId, [id])).get(id)!.held;
    if (input.places < held) {
      throw new FormProblem({
        places: `${held} ${held === 1 ? 'place is' : 'places are'} already booked or offered, so the session needs at least ${held} places. Choose ${held} or more.`,
      });
    }
    if (session.teamId && input.places > BESPOKE_MAX_PEOPLE) {
      throw new FormProblem({ places: bespokePlacesMessage });
    }
    await checkTrainers(tx, partnershipId, input.trainerIds);
    const { trainerIds, ...fields } = input;
    await tx
      .update(trainingSessions)
      .set(fields)
      .where(and(eq(trainingSessions.partnershipId, partnershipId), eq(trainingSessions.id, id)));
    await store.setTrainers(tx, partnershipId, id, trainerIds);
    await audit(tx, ctx, {
      action: 'training-session.updated',
      recordType: 'training-session',
      recordId: id,
    });
    // A new time or place: booked delegates get an updated calendar invitation. A new time
    // makes the reminders before it due again, counted from then.
    if (movesSession(session, fields)) await announceChange(tx, ctx, partnershipId, id);
    if (session.startsAt.getTime() !== fields.startsAt.getTime())
      await remindAgain(tx, partnershipId, id);
    // More places than before: the people waiting are offered them straight away.
    await offerFreePlaces(tx, ctx, { ...session, ...fields });
  });
}

/** Cancel a session: every booking ends, and everyone who had or wanted a place is told. */
export async function cancelSession(ctx: ServiceContext, id: string) {
  const partnershipId = member(ctx).partnershipId;
  await ctx.db.transaction(async (tx) => {
    const session = await store.findSession(tx, partnershipId, id, true);
    if (!session) throw notFound();
    if (session.status === 'cancelled') return;
    // A session that has happened stays on record, with its register and any charges.
    if (session.startsAt <= ctx.now)
      throw new HttpError(409, 'This session has started, so it can no longer be cancelled.');
    const course = (await store.findCourse(tx, partnershipId, session.courseId))!;
    await tx
      .update(trainingSessions)
      .set({ status: 'cancelled', cancelledAt: ctx.now })
      .where(eq(trainingSessions.id, id));
    await endBookingsOfCancelledSession(tx, ctx, session, course);
    await audit(tx, ctx, {
      action: 'training-session.cancelled',
      recordType: 'training-session',
      recordId: id,
    });
  });
}

/** A start that has passed, refused beside the form's date (the API's startsAt). */
export function refusePassedStart(startsAt: Date, rule: StartRule) {
  const problem = passedStartProblem(startsAt, rule);
  if (problem) throw new FormProblem({ start: problem });
}

export async function checkTrainers(db: Db, partnershipId: string, ids: string[]) {
  const cadre = new Set((await store.trainerCadre(db, partnershipId)).map((t) => t.id));
  if (ids.some((id) => !cadre.has(id))) {
    throw new FormProblem({ trainerIds: 'Choose trainers from the list' });
  }
}
