import { and, eq, sql } from 'drizzle-orm';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { errorsFor } from '../../platform/http/forms.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { ukDateTime } from '../../platform/views/env.js';
import { deniedSet, visibleCohort } from './als.js';
import type { SessionDateInput } from './als-schemas.js';
import * as als from './als-store.js';
import { RegisterProblem } from './attendance.js';
import { FormProblem } from './problems.js';
import { attendances, type Attendance } from './tables.js';
import { trainingAlsAttendance, trainingAlsSessions } from './tables-als.js';
import { fromLondon } from '../../platform/dates/uk-time.js';

// One session of an action learning set: moving its date, and its register. The register
// uses the same marks as any course's: attended, arrived late, left early, absent.

const member = (ctx: ServiceContext) => ctx.actor as Member;

/** The session and its set, for a trainer or admin (route policy), or the set's facilitator. */
export async function getAlsSession(ctx: ServiceContext, sessionId: string, db: Db = ctx.db) {
  const session = await als.findSession(db, member(ctx).partnershipId, sessionId);
  if (!session) throw notFound();
  const cohort = await visibleCohort(db, ctx, session.cohortId, 'training-als-session.viewed');
  const sessions = await als.sessionsOf(db, member(ctx).partnershipId, [cohort.id]);
  return { session, cohort, sessions };
}

/**
 * What came of moving a session, for the banner to say truly who was told: the members are
 * emailed only of a new date still to come, and a set may have no members yet.
 */
export type DateChange = 'moved' | 'moved-passed' | 'moved-no-members' | 'not-moved';

/**
 * Moves one session to a new date and time; it keeps its length. The sessions stay in their
 * order, and a session whose register has been taken keeps its date. Current members are told
 * of a new date still to come.
 */
export async function changeSessionDate(
  ctx: ServiceContext,
  sessionId: string,
  input: SessionDateInput,
): Promise<DateChange> {
  const { partnershipId } = member(ctx);
  return ctx.db.transaction(async (tx): Promise<DateChange> => {
    const found = await getAlsSession(ctx, sessionId, tx);
    await als.findCohort(tx, partnershipId, found.cohort.id, true); // one change at a time
    const { session, sessions } = found;
    if ((await als.marksOf(tx, partnershipId, [sessionId])).length) {
      throw new FormProblem({
        start: 'The register for this session has been taken, so its date cannot change',
      });
    }
    const startsAt = fromLondon(input.when);
    const endsAt = new Date(
      startsAt.getTime() + (session.endsAt.getTime() - session.startsAt.getTime()),
    );
    const before = sessions.find((s) => s.number === session.number - 1);
    const after = sessions.find((s) => s.number === session.number + 1);
    if (before && startsAt < before.endsAt) {
      throw new FormProblem({
        start: `Session ${session.number} must be after session ${before.number}, on ${ukDateTime(before.startsAt)}`,
      });
    }
    if (after && endsAt > after.startsAt) {
      throw new FormProblem({
        start: `Session ${session.number} must be before session ${after.number}, on ${ukDateTime(after.startsAt)}. Change that one first.`,
      });
    }
    await tx
      .update(trainingAlsSessions)
      .set({ startsAt, endsAt })
      .where(
        and(
          eq(trainingAlsSessions.partnershipId, partnershipId),
          eq(trainingAlsSessions.id, sessionId),
        ),
      );
    await audit(tx, ctx, {
      action: 'training-als-session.updated',
      recordType: 'training-als-session',
      recordId: sessionId,
    });
    if (startsAt.getTime() === session.startsAt.getTime()) return 'not-moved';
    if (endsAt <= ctx.now) return 'moved-passed';
    const members = await als.currentMemberEmails(tx, partnershipId, found.cohort.id);
    if (!members.length) return 'moved-no-members';
    for (const m of members) {
      await ctx.mail.queue(tx, {
        partnershipId,
        to: m.email,
        subject: `New date: ${found.cohort.name}, session ${session.number}`,
        text: [
          `Dear ${m.name},`,
          '',
          `Session ${session.number} of the action learning set "${found.cohort.name}" has moved.`,
          `It was on ${ukDateTime(session.startsAt)}. It is now on ${ukDateTime(startsAt)}.`,
          '',
          `You can see all the dates in My training: ${ctx.baseUrl}/training/mine`,
        ].join('\n'),
      });
    }
    return 'moved';
  });
}

/** Only the set's facilitator and admins take its registers, as with a course's trainers. */
async function registerOf(tx: Db, ctx: ServiceContext, sessionId: string, action: string) {
  const found = await getAlsSession(ctx, sessionId, tx);
  if (!hasRole(ctx.actor, 'admin') && found.cohort.facilitatorId !== member(ctx).id) {
    throw deniedSet(
      action,
      found.cohort.id,
      'Only the facilitator of this set and admins can use its registers.',
    );
  }
  const { partnershipId } = member(ctx);
  const members = await als.membersOf(tx, partnershipId, found.cohort.id);
  const marks = await als.marksOf(tx, partnershipId, [sessionId]);
  const markOf = (personId: string) =>
    marks.find((m) => m.personId === personId)?.attendance ?? null;
  // Current members, and anyone already marked who has since left the set.
  const rows = members
    .filter((m) => !m.removedAt || markOf(m.personId))
    .map((m) => ({ ...m, attendance: markOf(m.personId) }));
  return { ...found, rows };
}

/** The form names each row's radios `a-<memberId>`. */
export const markField = (memberId: string) => `a-${memberId}`;

export async function openAlsRegister(ctx: ServiceContext, sessionId: string) {
  return ctx.db.transaction(async (tx) => {
    const register = await registerOf(tx, ctx, sessionId, 'training-als-register.viewed');
    await audit(tx, ctx, {
      action: 'training-als-register.viewed',
      recordType: 'training-als-session',
      recordId: sessionId,
    });
    return { ...register, started: register.session.startsAt <= ctx.now };
  });
}

/** Saves the register: every row needs a mark, or nothing is saved. Each change is audited. */
export async function saveAlsRegister(ctx: ServiceContext, sessionId: string, body: unknown) {
  const { partnershipId } = member(ctx);
  const form = (body ?? {}) as Record<string, unknown>;
  await ctx.db.transaction(async (tx) => {
    const { session, rows } = await registerOf(tx, ctx, sessionId, 'training-als-register.saved');
    if (session.startsAt > ctx.now) {
      throw new HttpError(
        409,
        'This session has not started yet, so its register cannot be taken.',
      );
    }
    const errors: Record<string, string> = {};
    const marks = new Map<string, Attendance>();
    for (const r of rows) {
      const value = form[markField(r.id)];
      if (typeof value === 'string' && (attendances as readonly string[]).includes(value)) {
        marks.set(r.id, value as Attendance);
      } else {
        errors[markField(r.id)] = `Choose whether ${r.name} attended`;
      }
    }
    if (Object.keys(errors).length) throw new RegisterProblem(errorsFor(errors));
    const changed = rows.filter((r) => marks.get(r.id) !== r.attendance);
    if (!changed.length) return;
    await tx
      .insert(trainingAlsAttendance)
      .values(
        changed.map((r) => ({
          partnershipId,
          sessionId,
          personId: r.personId,
          attendance: marks.get(r.id)!,
          recordedAt: ctx.now,
        })),
      )
      .onConflictDoUpdate({
        target: [trainingAlsAttendance.sessionId, trainingAlsAttendance.personId],
        set: { attendance: sql`excluded.attendance`, recordedAt: ctx.now },
      });
    for (const r of changed) {
      await audit(tx, ctx, {
        action: 'training-als-attendance.recorded',
        recordType: 'training-als-member',
        recordId: r.id,
      });
    }
  });
}
