import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { calendarAttachment } from '../../platform/mail/ics.js';
import { people } from '../../platform/tenancy/tables.js';
import { bookingFacts, sessionEvent } from './notices.js';
import * as store from './store.js';
import { trainingBookings } from './tables.js';
import { trainingSessionRevisions } from './tables-booking.js';

// When a session is cancelled, every booking on it ends (booked, offered, waiting, or awaiting
// a manager's approval) and each person is told. Those who were booked had a calendar
// invitation, so theirs comes with a METHOD:CANCEL for the same UID, which removes it.

const before: Record<string, string> = {
  booked: 'you were booked on',
  offered: 'you were offered a place on',
  waitlisted: 'you were waiting for a place on',
  awaiting_approval: 'you asked to book',
};

/** Ends the session's open bookings and emails each person; the caller holds the row lock. */
export async function endBookingsOfCancelledSession(
  tx: Db,
  ctx: ServiceContext,
  session: store.Session,
  course: { id: string; title: string },
) {
  const { partnershipId } = ctx.actor as Member;
  const open = await tx
    .select({
      id: trainingBookings.id,
      status: trainingBookings.status,
      name: people.name,
      email: people.email,
    })
    .from(trainingBookings)
    .innerJoin(people, eq(people.id, trainingBookings.personId))
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        eq(trainingBookings.sessionId, session.id),
        inArray(trainingBookings.status, [...store.OPEN]),
      ),
    );
  if (!open.length) return;
  await tx
    .update(trainingBookings)
    .set({ status: 'cancelled', cancelledAt: ctx.now, updatedAt: ctx.now, offerExpiresAt: null })
    .where(
      inArray(
        trainingBookings.id,
        open.map((b) => b.id),
      ),
    );
  for (const b of open) {
    await audit(tx, ctx, {
      action: 'training-booking.cancelled',
      recordType: 'training-booking',
      recordId: b.id,
    });
  }

  const booked = open.filter((b) => b.status === 'booked').map((b) => b.id);
  if (booked.length) {
    // A higher SEQUENCE than any invitation sent, so calendars act on the cancellation.
    await tx
      .insert(trainingSessionRevisions)
      .values({ sessionId: session.id, partnershipId, sequence: 1 })
      .onConflictDoUpdate({
        target: trainingSessionRevisions.sessionId,
        set: { sequence: sql`${trainingSessionRevisions.sequence} + 1` },
      });
  }
  const facts = new Map((await bookingFacts(tx, booked)).map((f) => [f.bookingId, f]));
  for (const b of open) {
    const f = facts.get(b.id);
    await ctx.mail.queue(tx, {
      partnershipId,
      to: b.email,
      subject: `Cancelled: ${course.title}`,
      text: [
        `Dear ${b.name},`,
        '',
        `We are sorry: the ${course.title} session ${before[b.status] ?? 'you were booked on'} has been cancelled.`,
        ...(f ? ['The calendar file with this email takes it out of your calendar.'] : []),
        `You can choose another session here: ${ctx.baseUrl}/training/courses/${course.id}`,
      ].join('\n'),
      attachments: f ? [calendarAttachment({ ...sessionEvent(f, ctx.now), cancel: 'event' })] : [],
    });
  }
}
