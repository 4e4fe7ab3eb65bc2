import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, notFound } from '../../platform/http/errors.js';
import type { Certificate } from './certificates.js';
import { progressOf, statusOf } from './als-dates.js';
import * as als from './als-store.js';
import * as store from './store.js';
import { COMPLETES } from './attendance.js';

// An action learning set as its own members and facilitator see it: on "My training", and
// the certificate of a completed set, which counts as completing its course.

const member = (ctx: ServiceContext) => ctx.actor as Member;

/** The sets the person is (or was) a member of, and those they facilitate. Read in `tx`. */
export async function myActionLearning(tx: Db, ctx: ServiceContext) {
  const { partnershipId, id: personId } = member(ctx);
  const sets = await als.setsOfPerson(tx, partnershipId, personId);
  const sessions = await als.sessionsOf(
    tx,
    partnershipId,
    sets.map((s) => s.id),
  );
  const marks = (
    await als.marksOf(
      tx,
      partnershipId,
      sessions.map((s) => s.id),
    )
  ).filter((m) => m.personId === personId);
  return sets.map((set) => {
    const own = sessions
      .filter((s) => s.cohortId === set.id)
      .map((s) => ({ ...s, mark: marks.find((m) => m.sessionId === s.id)?.attendance ?? null }));
    return {
      ...set,
      isFacilitator: set.facilitatorId === personId,
      sessions: own,
      status: statusOf(own, ctx.now),
      next: own.find((s) => s.endsAt > ctx.now) ?? null,
      ...progressOf(
        own.map((s) => s.mark),
        set.minAttended,
      ),
    };
  });
}

/**
 * The certificate for a completed set: for the member it belongs to, and the partnership's
 * admins. Its date is the session at which the member met the set's rule.
 */
export async function alsCertificate(ctx: ServiceContext, memberId: string): Promise<Certificate> {
  const actor = member(ctx);
  const entry = { action: 'training-certificate.downloaded', recordType: 'training-als-member' };
  return ctx.db.transaction(async (tx) => {
    const found = await als.findMember(tx, actor.partnershipId, memberId);
    if (!found) throw notFound();
    if (found.personId !== actor.id && !hasRole(actor, 'admin')) {
      throw deniedAsNotFound({ ...entry, recordId: memberId });
    }
    const cohort = (await als.findCohort(tx, actor.partnershipId, found.cohortId))!;
    const sessions = await als.sessionsOf(tx, actor.partnershipId, [cohort.id]);
    const marks = await als.marksOf(
      tx,
      actor.partnershipId,
      sessions.map((s) => s.id),
    );
    const attended = sessions.filter((s) =>
      marks.some(
        (m) =>
          m.sessionId === s.id && m.personId === found.personId && COMPLETES.includes(m.attendance),
      ),
    );
    const reached = attended[cohort.minAttended - 1];
    if (!reached) throw notFound();
    const course = (await store.findCourse(tx, actor.partnershipId, cohort.courseId))!;
    await audit(tx, ctx, { ...entry, recordId: memberId });
    return {
      name: found.name,
      course: course.title,
      date: reached.endsAt,
      trainers: [await als.nameOf(tx, actor.partnershipId, cohort.facilitatorId)],
    };
  });
}
