import { and, eq, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import { confirmBookings } from './notices.js';
import { BookingRefused } from './problems.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses } from './tables.js';
import { trainingBookingApprovals, trainingBookingSettings } from './tables-booking.js';
import { approversOf, askApprovers } from './approval-queue.js';
import { teamMembersOf } from './team-booking.js';

// Optional line-manager approval, per partnership (off unless switched on). A self-booking then
// waits, holding no place, until a manager in one of the person's teams decides: approval goes
// through the ordinary capacity check (booked or waitlisted); a decline keeps its reason.

export async function approvalRequired(db: Db, partnershipId: string) {
  const [row] = await db
    .select({ on: trainingBookingSettings.approvalRequired })
    .from(trainingBookingSettings)
    .where(eq(trainingBookingSettings.partnershipId, partnershipId));
  return row?.on ?? false;
}

export async function setApprovalRequired(ctx: ServiceContext, on: boolean) {
  const { partnershipId } = ctx.actor as Member;
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(trainingBookingSettings)
      .values({ partnershipId, approvalRequired: on, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: trainingBookingSettings.partnershipId,
        set: { approvalRequired: on, updatedAt: ctx.now },
      });
    await audit(tx, ctx, {
      action: 'training-settings.approval-changed',
      recordType: 'partnership',
      recordId: partnershipId,
    });
  });
}

/** A second request for a session the person has already asked to book. */
export const alreadyWaiting = 'Your booking is already waiting for your manager to approve it.';

/** Records the request; the caller has checked the session and the prerequisites. */
export async function requestApproval(
  tx: Db,
  ctx: ServiceContext,
  sessionId: string,
  personId: string,
): Promise<'awaiting_approval'> {
  const { partnershipId } = ctx.actor as Member;
  const [waiting] = await tx
    .select({ id: trainingBookings.id })
    .from(trainingBookings)
    .where(
      and(
        eq(trainingBookings.sessionId, sessionId),
        eq(trainingBookings.personId, personId),
        eq(trainingBookings.status, 'awaiting_approval'),
      ),
    );
  if (waiting) throw new BookingRefused(alreadyWaiting);
  // A request no one could decide would wait until the session started: say so now instead.
  if (!(await approversOf(tx, partnershipId, personId)).length)
    throw new BookingRefused(
      'Bookings need a manager’s approval, and no manager, leader or admin is in a team with you. Ask your partnership admin to add you to your team, then book again.',
    );
  const [row] = await tx
    .insert(trainingBookings)
    .values({
      partnershipId,
      sessionId,
      personId,
      status: 'awaiting_approval',
      createdAt: sql`clock_timestamp()`,
    })
    .returning({ id: trainingBookings.id });
  await audit(tx, ctx, {
    action: 'training-booking.approval-requested',
    recordType: 'training-booking',
    recordId: row!.id,
  });
  await askApprovers(tx, ctx, row!.id, sessionId, personId);
  return 'awaiting_approval';
}

/** Opens a booking awaiting approval, if the actor manages the person; else a 404. */
async function openRequest(tx: Db, ctx: ServiceContext, bookingId: string) {
  const { partnershipId, id: managerId } = ctx.actor as Member;
  const [booking] = await tx
    .select()
    .from(trainingBookings)
    .where(
      and(eq(trainingBookings.partnershipId, partnershipId), eq(trainingBookings.id, bookingId)),
    );
  const team = await teamMembersOf(tx, partnershipId, managerId);
  if (!booking || !team.some((p) => p.id === booking.personId)) throw notFound();
  if (booking.status !== 'awaiting_approval') {
    throw new BookingRefused('This booking has already been decided.');
  }
  return booking;
}

async function record(
  tx: Db,
  ctx: ServiceContext,
  bookingId: string,
  decision: 'approved' | 'declined',
  reason: string | null,
) {
  const { partnershipId, id } = ctx.actor as Member;
  await tx.insert(trainingBookingApprovals).values({
    bookingId,
    partnershipId,
    decision,
    reason,
    decidedBy: id,
    decidedAt: ctx.now,
  });
  await audit(tx, ctx, {
    action: `training-booking.${decision}`,
    recordType: 'training-booking',
    recordId: bookingId,
  });
}

/** Approves the request: it takes a place if one is free, or joins the waitlist. */
export async function approveBooking(ctx: ServiceContext, bookingId: string) {
  const { partnershipId } = ctx.actor as Member;
  return ctx.db.transaction(async (tx) => {
    const request = await openRequest(tx, ctx, bookingId);
    const session = (await store.findSession(tx, partnershipId, request.sessionId, true))!;
    if (session.status === 'cancelled' || session.startsAt <= ctx.now) {
      throw new BookingRefused('This session has started or been cancelled.');
    }
    const held = (await store.placeCounts(tx, partnershipId, [session.id])).get(session.id)!.held;
    const status = held < session.places ? 'booked' : 'waitlisted';
    await decideOnce(tx, ctx, bookingId, { status });
    await record(tx, ctx, bookingId, 'approved', null);
    if (status === 'booked') await confirmBookings(tx, ctx, [bookingId]);
    else
      await tell(
        tx,
        ctx,
        request,
        'Your manager approved your booking. The session is full, so you are on the waitlist: we will email you if a place comes free.',
      );
    return status;
  });
}

/** Declines the request, with the manager's reason, and tells the person. */
export async function declineBooking(ctx: ServiceContext, bookingId: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    const request = await openRequest(tx, ctx, bookingId);
    await decideOnce(tx, ctx, bookingId, { status: 'declined', cancelledAt: ctx.now });
    await record(tx, ctx, bookingId, 'declined', reason);
    await tell(
      tx,
      ctx,
      request,
      `Your manager did not approve your booking. Their reason: ${reason}`,
    );
  });
}

/**
 * Moves the request on only if it is still awaiting approval: a second manager deciding at the
 * same moment, or the person withdrawing it, finds it already gone.
 */
async function decideOnce(
  tx: Db,
  ctx: ServiceContext,
  bookingId: string,
  change: { status: 'booked' | 'waitlisted' | 'declined'; cancelledAt?: Date },
) {
  const [moved] = await tx
    .update(trainingBookings)
    .set({ ...change, updatedAt: ctx.now })
    .where(
      and(eq(trainingBookings.id, bookingId), eq(trainingBookings.status, 'awaiting_approval')),
    )
    .returning({ id: trainingBookings.id });
  if (!moved) throw new BookingRefused('This booking has already been decided.');
}

async function tell(tx: Db, ctx: ServiceContext, booking: store.Booking, message: string) {
  const [row] = await tx
    .select({ name: people.name, email: people.email, title: trainingCourses.title })
    .from(people)
    .innerJoin(
      trainingCourses,
      eq(
        trainingCourses.id,
        sql`(select course_id from training_sessions where id = ${booking.sessionId})`,
      ),
    )
    .where(eq(people.id, booking.personId));
  await ctx.mail.queue(tx, {
    partnershipId: booking.partnershipId,
    to: row!.email,
    subject: `Your booking request: ${row!.title}`,
    text: [
      `Dear ${row!.name},`,
      '',
      message,
      '',
      `${ctx.baseUrl}/training/sessions/${booking.sessionId}`,
    ].join('\n'),
  });
}
