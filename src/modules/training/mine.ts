import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { actionPlansOf } from './action-plans.js';
import { myActionLearning } from './als-mine.js';
import { nextTraining } from './book-next.js';
import { COMPLETES } from './attendance.js';
import { completedCourseIds } from './completion.js';
import { equivalencesOf } from './equivalence.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';

// "My training": what the signed-in person has booked, is waiting for, has been offered and has
// done, their action plans, and the earlier courses they declared.

export async function myTraining(ctx: ServiceContext) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        bookingId: trainingBookings.id,
        status: trainingBookings.status,
        attendance: trainingBookings.attendance,
        offerExpiresAt: trainingBookings.offerExpiresAt,
        sessionId: trainingSessions.id,
        startsAt: trainingSessions.startsAt,
        endsAt: trainingSessions.endsAt,
        sessionStatus: trainingSessions.status,
        courseId: trainingCourses.id,
        courseTitle: trainingCourses.title,
        hasPlan: sql<boolean>`exists (select 1 from training_action_plans p
          where p.booking_id = ${trainingBookings.id})`,
        position: store.waitlistPosition,
      })
      .from(trainingBookings)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .where(
        and(
          eq(trainingBookings.partnershipId, partnershipId),
          eq(trainingBookings.personId, personId),
        ),
      )
      .orderBy(asc(trainingSessions.startsAt), desc(trainingBookings.createdAt));
    await audit(tx, ctx, {
      action: 'training-bookings.viewed',
      recordType: 'person',
      recordId: personId,
    });
    const upcoming = (r: (typeof rows)[number]) => r.endsAt > ctx.now;
    const done = rows.filter((r) => COMPLETES.includes(r.attendance!)).reverse();
    // Attended sessions are not the only way to complete a course: the shared rule decides.
    const doneIds = await completedCourseIds(tx, partnershipId, personId);
    const waiting = (r: (typeof rows)[number]) =>
      store.LIVE.includes(r.status as never) || r.status === 'awaiting_approval';
    const live = new Set(rows.filter((r) => waiting(r) && upcoming(r)).map((r) => r.courseId));
    // A set the person is in now is as good as booked: it is not offered to them again.
    const actionLearning = await myActionLearning(tx, ctx);
    for (const set of actionLearning) {
      if (set.memberId && !set.removedAt && set.status !== 'finished') live.add(set.courseId);
    }
    // What to book next (book-next.ts): courses not yet done or booked whose prerequisites are
    // all done, and how to get those that are not booked.
    const next = await nextTraining(tx, ctx, doneIds, live);
    return {
      offered: rows.filter(
        (r) => r.status === 'offered' && upcoming(r) && r.offerExpiresAt! > ctx.now,
      ),
      booked: rows.filter((r) => r.status === 'booked' && upcoming(r) && !r.attendance),
      waitlisted: rows.filter((r) => r.status === 'waitlisted' && upcoming(r)),
      awaiting: rows.filter((r) => r.status === 'awaiting_approval' && upcoming(r)),
      done,
      // Leaving early does not complete a course, but the plan and the feedback are still theirs.
      leftEarly: rows.filter((r) => r.attendance === 'left_early').reverse(),
      ...next,
      actionPlans: await actionPlansOf(tx, partnershipId, personId),
      equivalences: await equivalencesOf(tx, partnershipId, personId),
      actionLearning,
    };
  });
}
