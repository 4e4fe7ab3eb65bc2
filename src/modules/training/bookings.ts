import { and, eq, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { recordCancellation } from './late-cancellation.js';
import { alreadyWaiting, approvalRequired, requestApproval } from './approval.js';
import { closedReason, closedTo } from './closed-sessions.js';
import { completedCourseIds } from './completion.js';
import { confirmBookings } from './notices.js';
import { offerFreePlaces } from './offers.js';
import { BookingRefused, isUniqueViolation } from './problems.js';
import * as store from './store.js';
import { trainingBookings } from './tables.js';

// A person books themselves on a session, or joins its waitlist when it is full.

const member = (ctx: ServiceContext) => ctx.actor as Member;

export type BookingOutcome = 'booked' | 'waitlisted' | 'awaiting_approval';

/**
 * Books the signed-in person. The session's row is locked for the whole transaction, so
 * bookings on one session count its places one at a time: places are never overbooked, and
 * whoever finds it full goes on the waitlist instead.
 */
export async function bookSession(
  ctx: ServiceContext,
  sessionId: string,
  // A manager booking someone in their team passes that person; team-booking.ts checks the team.
  personId: string = member(ctx).id,
): Promise<BookingOutcome> {
  const { partnershipId } = member(ctx);
  // A manager booking for someone is told about that person, not "you".
  const self = personId === member(ctx).id;
  try {
    return await ctx.db.transaction(async (tx) => {
      const session = await store.findSession(tx, partnershipId, sessionId, true);
      if (!session) throw notFound();
      const course = await store.findCourse(tx, partnershipId, session.courseId);
      if (!course) throw notFound();
      if (session.status === 'cancelled') {
        throw new BookingRefused('This session has been cancelled, so it cannot be booked.');
      }
      if (session.startsAt <= ctx.now) {
        throw new BookingRefused('This session has already started, so it cannot be booked.');
      }
      if (course.retiredAt) {
        throw new BookingRefused('This course is no longer offered, so it cannot be booked.');
      }
      const closed = await closedTo(tx, partnershipId, session, personId);
      if (closed && !closed.member) throw new BookingRefused(closedReason(closed));
      const existing = await store.liveBooking(tx, partnershipId, sessionId, personId);
      if (existing) throw new BookingRefused(alreadyMessage(existing.status, self));

      const required = await store.prerequisitesOf(tx, partnershipId, course.id);
      const done = await completedCourseIds(
        tx,
        partnershipId,
        personId,
        required.map((r) => r.id),
      );
      const missing = required.filter((r) => !done.has(r.id));
      if (missing.length) {
        throw new BookingRefused(
          `${self ? 'Before you can book' : 'Before they can be booked on'} ${course.title}, ${self ? 'you need' : 'they need'} to complete ${listOf(missing.map((m) => m.title))}.`,
          missing,
        );
      }

      // Where the partnership asks for it, a self-booking waits for the line manager first.
      if (self && (await approvalRequired(tx, partnershipId))) {
        return requestApproval(tx, ctx, sessionId, personId);
      }
      // Lapsed offers pass on before places are counted.
      await offerFreePlaces(tx, ctx, session);
      const held = (await store.placeCounts(tx, partnershipId, [sessionId])).get(sessionId)!.held;
      const status = held < session.places ? 'booked' : 'waitlisted';
      const [row] = await tx
        .insert(trainingBookings)
        .values({
          partnershipId,
          sessionId,
          personId,
          status,
          // The waitlist's order is the order in which the lock was won.
          createdAt: sql`clock_timestamp()`,
        })
        .returning({ id: trainingBookings.id });
      await audit(tx, ctx, {
        action: status === 'booked' ? 'training-booking.booked' : 'training-booking.waitlisted',
        recordType: 'training-booking',
        recordId: row!.id,
      });
      if (status === 'booked') await confirmBookings(tx, ctx, [row!.id]);
      return status;
    });
  } catch (error) {
    // The database refused a second open booking that raced the first past the checks above
    // (training_bookings_active_uq): say what the first one is, a place or a request.
    if (isUniqueViolation(error)) {
      const first = await store.liveBooking(ctx.db, partnershipId, sessionId, personId);
      throw new BookingRefused(alreadyMessage(first?.status ?? 'booked', self));
    }
    throw error;
  }
}

function alreadyMessage(status: string, self: boolean) {
  if (!self) {
    if (status === 'waitlisted') return 'They are already on the waitlist for this session.';
    if (status === 'offered') return 'They have already been offered a place on this session.';
    if (status === 'awaiting_approval')
      return 'Their booking is already waiting for their manager to approve it.';
    return 'They are already booked on this session.';
  }
  if (status === 'waitlisted') return 'You are already on the waitlist for this session.';
  if (status === 'offered') return 'You have already been offered a place on this session.';
  if (status === 'awaiting_approval') return alreadyWaiting;
  return 'You are already booked on this session.';
}

const listOf = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * The person cancels their booking, leaves the waitlist or declines an offer. A place they
 * held is offered to the next person waiting. Returns what happened, or null if there was no
 * open booking (or not the one named) to end.
 */
export async function cancelBooking(
  ctx: ServiceContext,
  sessionId: string,
  // Someone cancelling for the person (booking-access.ts checks who may) names the booking.
  of: { personId: string; bookingId: string } | null = null,
) {
  const { partnershipId } = member(ctx);
  const personId = of?.personId ?? member(ctx).id;
  return ctx.db.transaction(async (tx) => {
    const session = await store.findSession(tx, partnershipId, sessionId, true);
    if (!session) throw notFound();
    const booking = await store.liveBooking(tx, partnershipId, sessionId, personId);
    if (!booking || (of && booking.id !== of.bookingId)) return null;
    // Once it has started, a place is kept or missed, not given up: the register says which.
    if (booking.status === 'booked' && session.startsAt <= ctx.now)
      throw new HttpError(
        409,
        'This session has started, so the booking can no longer be cancelled. The trainer records who came.',
      );
    const status: 'declined' | 'cancelled' =
      booking.status === 'offered' ? 'declined' : 'cancelled';
    await tx
      .update(trainingBookings)
      .set({ status, cancelledAt: ctx.now, updatedAt: ctx.now, offerExpiresAt: null })
      .where(eq(trainingBookings.id, booking.id));
    await audit(tx, ctx, {
      action: `training-booking.${status}`,
      recordType: 'training-booking',
      recordId: booking.id,
    });
    // A booked place given up too close to the start is a late cancellation, for charging.
    const late =
      booking.status === 'booked' &&
      (await recordCancellation(tx, booking, session.startsAt, ctx.now));
    await offerFreePlaces(tx, ctx, session);
    return { bookingId: booking.id, status, late };
  });
}

/** The person takes the place they were offered, if the offer still stands. */
export async function acceptOffer(ctx: ServiceContext, sessionId: string) {
  const { partnershipId, id: personId } = member(ctx);
  const outcome = await ctx.db.transaction(async (tx) => {
    const session = await store.findSession(tx, partnershipId, sessionId, true);
    if (!session) throw notFound();
    await offerFreePlaces(tx, ctx, session); // lapsed offers end here, including this one
    const booking = await store.liveBooking(tx, partnershipId, sessionId, personId);
    if (booking?.status === 'booked') return 'booked';
    if (booking?.status !== 'offered') return 'no-offer';
    if (session.status === 'cancelled' || session.startsAt <= ctx.now) return 'closed';
    await tx
      .update(trainingBookings)
      .set({ status: 'booked', offerExpiresAt: null, updatedAt: ctx.now })
      .where(and(eq(trainingBookings.id, booking.id), eq(trainingBookings.status, 'offered')));
    await audit(tx, ctx, {
      action: 'training-booking.accepted',
      recordType: 'training-booking',
      recordId: booking.id,
    });
    await confirmBookings(tx, ctx, [booking.id]);
    return 'booked';
  });
  if (outcome === 'no-offer') {
    throw new BookingRefused(
      'There is no place on offer to you for this session. The offer may have passed its time limit and gone to the next person waiting.',
    );
  }
  if (outcome === 'closed') {
    throw new BookingRefused(
      'This session has started or been cancelled, so the place cannot be taken.',
    );
  }
}
