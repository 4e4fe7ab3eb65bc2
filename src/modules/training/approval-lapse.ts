import { and, eq, lte } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { JobContext, JobDefinition } from '../../platform/jobs/index.js';
import { ukDateTime } from '../../platform/views/env.js';
import { systemContext } from './jobs.js';
import { bookingFacts } from './notices.js';
import { trainingBookings, trainingSessions } from './tables.js';

// A booking request that no manager decided on before its session started can no longer be
// approved (approval.ts refuses it), so it would wait for ever. This sweep closes it as expired,
// kept as history like a lapsed offer, and tells the person in plain words. Safe to run twice
// or on two processes: each request moves only while it is still awaiting approval, in the
// same transaction as its email, so it is closed and told once.

/** Closes every request whose session has started; returns how many it closed. */
export async function lapseApprovalRequests(job: JobContext): Promise<number> {
  const due = await job.db
    .select({ id: trainingBookings.id })
    .from(trainingBookings)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .where(
      and(
        eq(trainingBookings.status, 'awaiting_approval'),
        lte(trainingSessions.startsAt, job.now),
      ),
    );
  let lapsed = 0;
  for (const facts of await bookingFacts(
    job.db,
    due.map((d) => d.id),
  )) {
    const ctx = systemContext(job, facts.partnershipId);
    await job.db.transaction(async (tx) => {
      const [closed] = await tx
        .update(trainingBookings)
        .set({ status: 'expired', cancelledAt: job.now, updatedAt: job.now })
        .where(
          and(
            eq(trainingBookings.partnershipId, facts.partnershipId),
            eq(trainingBookings.id, facts.bookingId),
            eq(trainingBookings.status, 'awaiting_approval'),
          ),
        )
        .returning({ id: trainingBookings.id });
      if (!closed) return;
      await audit(tx, ctx, {
        action: 'training-booking.approval-lapsed',
        recordType: 'training-booking',
        recordId: facts.bookingId,
      });
      await job.mail.queue(tx, {
        partnershipId: facts.partnershipId,
        to: facts.email,
        subject: `Your booking request has closed: ${facts.courseTitle}`,
        text: [
          `Dear ${facts.name},`,
          '',
          `You asked to book ${facts.courseTitle} on ${ukDateTime(facts.session.startsAt)}.`,
          'Your manager had not approved it by the time the session started, so your request has closed. You did not have a place on this session.',
          '',
          'If you would still like to do this course, you can choose another date here:',
          `${job.baseUrl}/training/courses/${facts.courseId}`,
        ].join('\n'),
      });
      lapsed++;
    });
  }
  return lapsed;
}

export const trainingApprovalLapse: JobDefinition = {
  name: 'training-approval-lapse',
  cron: '*/10 * * * *',
  run: async (ctx) => {
    await lapseApprovalRequests(ctx);
  },
};
