import { and, eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { COMPLETES } from './attendance.js';
import { providerOf } from './providers.js';
import type { Booking } from './store.js';
import { trainingActionPlans, trainingFeedback } from './tables-completion.js';

// What the session page adds once the register is taken: for the delegate, their certificate,
// action plan and feedback form; for everyone, who delivered it if it was bought in.

export async function sessionExtras(
  ctx: ServiceContext,
  session: { id: string; booking: Booking | null },
) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  const provider = await providerOf(ctx.db, partnershipId, session.id);
  const b = session.booking;
  if (!b?.attendance || b.status !== 'booked') return { provider, afterwards: null };
  const [[plan], [feedback]] = await Promise.all([
    ctx.db
      .select({ id: trainingActionPlans.id })
      .from(trainingActionPlans)
      .where(eq(trainingActionPlans.bookingId, b.id)),
    ctx.db
      .select({ at: trainingFeedback.createdAt })
      .from(trainingFeedback)
      .where(
        and(eq(trainingFeedback.sessionId, session.id), eq(trainingFeedback.personId, personId)),
      ),
  ]);
  return {
    provider,
    afterwards: {
      bookingId: b.id,
      attendance: b.attendance,
      completes: COMPLETES.includes(b.attendance),
      // The plan and the feedback are for anyone who was there, even for part of it.
      tookPart: b.attendance !== 'absent',
      hasPlan: Boolean(plan),
      feedbackGiven: Boolean(feedback),
    },
  };
}
