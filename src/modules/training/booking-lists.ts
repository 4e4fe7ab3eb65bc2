import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { countedPage, PAGE_SIZE } from '../../platform/http/paging.js';
import { people } from '../../platform/tenancy/tables.js';
import { bookingsOpenTo } from './booking-access.js';
import { cancelBooking } from './bookings.js';
import { BookingRefused } from './problems.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';

// Bookings seen from outside the person's own "My training": a session's delegates and
// waitlist for those who run it, and one person's bookings for trainers, admins and their
// managers. Both are reads of personal data, so each is audited.

/** The open bookings of a session, by what they hold: booked, offered, awaiting, waiting. */
export const openStatuses = store.OPEN;
export type OpenStatus = (typeof openStatuses)[number];

const bookingColumns = {
  id: trainingBookings.id,
  sessionId: trainingBookings.sessionId,
  personId: trainingBookings.personId,
  status: trainingBookings.status,
  attendance: trainingBookings.attendance,
  offerExpiresAt: trainingBookings.offerExpiresAt,
  createdAt: trainingBookings.createdAt,
  cancelledAt: trainingBookings.cancelledAt,
  position: store.waitlistPosition,
};

/** One page of a session's open bookings (or those of one status), the waitlist in its order. */
export async function sessionBookings(
  ctx: ServiceContext,
  sessionId: string,
  opts: { status?: OpenStatus; page?: number } = {},
) {
  const { partnershipId } = ctx.actor as Member;
  const page = opts.page ?? 1;
  return ctx.db.transaction(async (tx) => {
    if (!(await store.findSession(tx, partnershipId, sessionId))) throw notFound();
    const where = and(
      eq(trainingBookings.partnershipId, partnershipId),
      eq(trainingBookings.sessionId, sessionId),
      opts.status
        ? eq(trainingBookings.status, opts.status)
        : inArray(trainingBookings.status, [...openStatuses]),
    );
    const rows = await tx
      .select({ ...bookingColumns, name: people.name, email: people.email })
      .from(trainingBookings)
      .innerJoin(people, eq(people.id, trainingBookings.personId))
      .where(where)
      .orderBy(
        sql`array_position(array['booked', 'offered', 'awaiting_approval', 'waitlisted'], ${trainingBookings.status})`,
        asc(trainingBookings.createdAt),
        asc(trainingBookings.id),
      )
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    await audit(tx, ctx, {
      action: 'training-bookings.viewed',
      recordType: 'training-session',
      recordId: sessionId,
    });
    return countedPage(rows, page, async () => {
      const [row] = await tx.select({ n: count() }).from(trainingBookings).where(where);
      return row?.n ?? 0;
    });
  });
}

/** One page of a person's bookings, latest session first, for those allowed to see them. */
export async function bookingsOfPerson(ctx: ServiceContext, personId: string, page = 1) {
  const { partnershipId } = ctx.actor as Member;
  const record = { type: 'person', id: personId };
  await bookingsOpenTo(ctx, personId, 'training-bookings.viewed', record);
  return ctx.db.transaction(async (tx) => {
    const where = and(
      eq(trainingBookings.partnershipId, partnershipId),
      eq(trainingBookings.personId, personId),
    );
    const rows = await tx
      .select({
        ...bookingColumns,
        startsAt: trainingSessions.startsAt,
        courseId: trainingCourses.id,
        courseTitle: trainingCourses.title,
      })
      .from(trainingBookings)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .where(where)
      .orderBy(desc(trainingSessions.startsAt), desc(trainingBookings.createdAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE);
    await audit(tx, ctx, {
      action: 'training-bookings.viewed',
      recordType: 'person',
      recordId: personId,
    });
    return countedPage(rows, page, async () => {
      const [row] = await tx.select({ n: count() }).from(trainingBookings).where(where);
      return row?.n ?? 0;
    });
  });
}

/**
 * Cancels a booking for its person (or withdraws a request, or declines an offer), with the
 * same consequences as when they do it: a late cancellation is recorded, and the place is
 * offered to the next person waiting.
 */
export async function cancelBookingOf(ctx: ServiceContext, bookingId: string) {
  const { partnershipId } = ctx.actor as Member;
  const booking = await store.findBooking(ctx.db, partnershipId, bookingId);
  if (!booking) throw notFound();
  const record = { type: 'training-booking', id: bookingId };
  await bookingsOpenTo(ctx, booking.personId, 'training-booking.cancelled', record);
  const of = { personId: booking.personId, bookingId };
  const ended = await cancelBooking(ctx, booking.sessionId, of);
  if (!ended) {
    throw new BookingRefused('This booking has already ended, so there is nothing to cancel.');
  }
  return ended;
}
