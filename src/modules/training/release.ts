import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { offerFreePlaces } from './offers.js';
import * as store from './store.js';
import { trainingBookings, trainingSessions } from './tables.js';

/**
 * A deactivated person's places on sessions still to come are released: each booking, offer,
 * waitlist entry or request awaiting approval ends, and a freed place goes to the next person
 * waiting. Runs on the caller's transaction, so the deactivation and the release commit
 * together. Past sessions keep their bookings: attendance there is history.
 */
export async function releaseBookingsOf(tx: Db, ctx: ServiceContext, personId: string) {
  const live = await tx
    .select({
      id: trainingBookings.id,
      sessionId: trainingBookings.sessionId,
      partnershipId: trainingBookings.partnershipId,
    })
    .from(trainingBookings)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .where(
      and(
        eq(trainingBookings.partnershipId, (ctx.actor as Member).partnershipId),
        eq(trainingBookings.personId, personId),
        inArray(trainingBookings.status, [...store.OPEN]),
        gt(trainingSessions.startsAt, ctx.now),
      ),
    )
    // Sessions are locked in one order everywhere a transaction takes several.
    .orderBy(asc(trainingBookings.sessionId));
  for (const b of live) {
    const session = await store.findSession(tx, b.partnershipId, b.sessionId, true);
    await tx
      .update(trainingBookings)
      .set({ status: 'cancelled', cancelledAt: ctx.now, updatedAt: ctx.now, offerExpiresAt: null })
      .where(eq(trainingBookings.id, b.id));
    await audit(tx, ctx, {
      action: 'training-booking.released',
      recordType: 'training-booking',
      recordId: b.id,
    });
    if (session) await offerFreePlaces(tx, ctx, session);
  }
  return live.length;
}
