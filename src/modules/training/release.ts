import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { statusOf } from './als-dates.js';
import * as als from './als-store.js';
import { offerFreePlaces } from './offers.js';
import * as store from './store.js';
import { trainingBookings, trainingSessions } from './tables.js';
import { trainingAlsMembers } from './tables-als.js';

/**
 * A deactivated person's places on sessions still to come are released: each booking, offer,
 * waitlist entry or request awaiting approval ends, and a freed place goes to the next person
 * waiting; and they leave the action learning sets still running or to come. Runs on the caller's transaction, so the deactivation and the release commit
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
  await leaveActionLearningSets(tx, ctx, personId);
  return live.length;
}

/**
 * The person also leaves the action learning sets they are in that have not finished, as when a
 * trainer removes a member: the row and the attendance stay, so the history is kept. A set has
 * no waitlist, so nobody is offered the place; the training team adds someone if they wish.
 * A finished set is history as it is, and keeps them.
 */
async function leaveActionLearningSets(tx: Db, ctx: ServiceContext, personId: string) {
  const partnershipId = (ctx.actor as Member).partnershipId;
  const current = await tx
    .select({ id: trainingAlsMembers.id, cohortId: trainingAlsMembers.cohortId })
    .from(trainingAlsMembers)
    .where(
      and(
        eq(trainingAlsMembers.partnershipId, partnershipId),
        eq(trainingAlsMembers.personId, personId),
        isNull(trainingAlsMembers.removedAt),
      ),
    );
  const sessions = await als.sessionsOf(
    tx,
    partnershipId,
    current.map((m) => m.cohortId),
  );
  for (const m of current) {
    const own = sessions.filter((s) => s.cohortId === m.cohortId);
    if (statusOf(own, ctx.now) === 'finished') continue;
    await tx
      .update(trainingAlsMembers)
      .set({ removedAt: ctx.now })
      .where(eq(trainingAlsMembers.id, m.id));
    await audit(tx, ctx, {
      action: 'training-als-member.released',
      recordType: 'training-als-member',
      recordId: m.id,
    });
  }
}
