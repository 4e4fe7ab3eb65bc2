import { randomUUID } from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import type { JobContext, JobDefinition } from '../../platform/jobs/index.js';
import { bookingFacts, queueNotice, type NoticeKind } from './notices.js';
import { offerFreePlaces } from './offers.js';
import * as store from './store.js';
import { trainingBookings, trainingSessions } from './tables.js';
import { trainingNoticesSent } from './tables-booking.js';

// Training's sweeps on the job's clock. Each is safe to run twice, late, or on two processes:
// a reminder's key goes into training_notices_sent (unique) in the email's own transaction,
// and offers expire under the session's row lock, as they do when someone books.

const DAY = 86_400_000;

/** A job acts for a partnership as the system, with no person behind it. */
export function systemContext(job: JobContext, partnershipId: string): ServiceContext {
  const actor: Actor = {
    kind: 'service',
    id: null,
    partnershipId,
    name: 'Training jobs',
    roles: [],
    organisationId: null,
    teamIds: [],
  };
  return { ...job, actor, requestId: randomUUID() };
}

/** Booked places whose session is within `days` and later than now, and not yet reminded. */
async function due(job: JobContext, kind: NoticeKind, within: number) {
  const rows = await job.db
    .select({ id: trainingBookings.id })
    .from(trainingBookings)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .where(
      and(
        eq(trainingBookings.status, 'booked'),
        eq(trainingSessions.status, 'scheduled'),
        gt(trainingSessions.startsAt, job.now),
        lte(trainingSessions.startsAt, new Date(job.now.getTime() + within * DAY)),
        // Not yet sent; and someone confirmed inside this window has just had the
        // confirmation, so no reminder on top of it.
        sql`not exists (select 1 from ${trainingNoticesSent} n
          where n.booking_id = ${trainingBookings.id}
          and (n.kind = ${kind}
            or (n.kind = 'confirmation'
              and n.sent_at > ${trainingSessions.startsAt} - make_interval(days => ${within}))))`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Queues every reminder now due, once per booking and kind; returns how many were queued. */
export async function sendTrainingReminders(job: JobContext): Promise<number> {
  let queued = 0;
  const batches: [NoticeKind, string[]][] = [
    ['reminder-1d', await due(job, 'reminder-1d', 1)],
    ['reminder-7d', await due(job, 'reminder-7d', 7)],
  ];
  for (const [kind, ids] of batches) {
    for (const facts of await bookingFacts(job.db, ids)) {
      // A session a day away has its "tomorrow" reminder, not a late "in a week" one as well.
      if (kind === 'reminder-7d' && facts.session.startsAt.getTime() - job.now.getTime() <= DAY)
        continue;
      await job.db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(trainingNoticesSent)
          .values({
            partnershipId: facts.partnershipId,
            bookingId: facts.bookingId,
            kind,
            sentAt: job.now,
          })
          .onConflictDoNothing()
          .returning({ id: trainingNoticesSent.id });
        if (!claimed) return;
        await queueNotice(tx, job, facts, kind);
        queued++;
      });
    }
  }
  return queued;
}

/** Every offer past its time ends, and the place passes to the next person waiting. */
export async function expireOffers(job: JobContext): Promise<number> {
  const sessions = await job.db
    .selectDistinct({
      id: trainingBookings.sessionId,
      partnershipId: trainingBookings.partnershipId,
    })
    .from(trainingBookings)
    .where(
      and(eq(trainingBookings.status, 'offered'), lte(trainingBookings.offerExpiresAt, job.now)),
    );
  for (const s of sessions) {
    const ctx = systemContext(job, s.partnershipId);
    await job.db.transaction(async (tx) => {
      const session = await store.findSession(tx, s.partnershipId, s.id, true);
      if (session) await offerFreePlaces(tx, ctx, session);
    });
  }
  return sessions.length;
}

export const trainingReminders: JobDefinition = {
  name: 'training-reminders',
  cron: '5 * * * *',
  run: async (ctx) => {
    await sendTrainingReminders(ctx);
  },
};

export const trainingOfferExpiry: JobDefinition = {
  name: 'training-offer-expiry',
  cron: '*/10 * * * *',
  run: async (ctx) => {
    await expireOffers(ctx);
  },
};
