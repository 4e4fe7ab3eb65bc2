import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { calendarAttachment, type CalendarEvent } from '../../platform/mail/ics.js';
import type { Mailer } from '../../platform/mail/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDateTime } from '../../platform/views/env.js';
import {
  trainingBookings,
  trainingCourses,
  trainingSessionTrainers,
  trainingSessions,
} from './tables.js';
import { trainingNoticesSent, trainingSessionRevisions } from './tables-booking.js';

// The emails a booked delegate gets about their session: the confirmation, the reminders and
// word of a change. Each carries the session as a calendar invitation with one UID per
// session, so a calendar updates the entry it already has instead of adding a second one.

export type NoticeKind = 'confirmation' | 'reminder-7d' | 'reminder-1d' | 'changed';

export interface Mailing {
  mail: Mailer;
  baseUrl: string;
  now: Date;
}

/** Everything a notice says about each booking, read in one go. */
export async function bookingFacts(db: Db, bookingIds: string[]) {
  if (!bookingIds.length) return [];
  const rows = await db
    .select({
      bookingId: trainingBookings.id,
      partnershipId: trainingBookings.partnershipId,
      name: people.name,
      email: people.email,
      session: trainingSessions,
      courseId: trainingCourses.id,
      courseTitle: trainingCourses.title,
      sequence: trainingSessionRevisions.sequence,
    })
    .from(trainingBookings)
    .innerJoin(people, eq(people.id, trainingBookings.personId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .leftJoin(trainingSessionRevisions, eq(trainingSessionRevisions.sessionId, trainingSessions.id))
    .where(inArray(trainingBookings.id, bookingIds));
  const trainers = await db
    .select({
      sessionId: trainingSessionTrainers.sessionId,
      name: people.name,
      email: people.email,
    })
    .from(trainingSessionTrainers)
    .innerJoin(people, eq(people.id, trainingSessionTrainers.personId))
    .where(inArray(trainingSessionTrainers.sessionId, [...new Set(rows.map((r) => r.session.id))]))
    .orderBy(asc(people.name));
  return rows.map((r) => ({
    ...r,
    sequence: r.sequence ?? 0,
    organiser: trainers.find((t) => t.sessionId === r.session.id) ?? {
      name: 'Training team',
      email: r.email,
    },
  }));
}
export type BookingFacts = Awaited<ReturnType<typeof bookingFacts>>[number];

const whereText = (s: BookingFacts['session']) =>
  s.delivery === 'online'
    ? `Online${s.joiningLink ? `: ${s.joiningLink}` : ''}`
    : (s.venue ?? 'The venue will be confirmed');

export function sessionEvent(f: BookingFacts, now: Date): CalendarEvent {
  return {
    uid: `training-session-${f.session.id}@doing-with`,
    sequence: f.sequence,
    start: f.session.startsAt,
    end: f.session.endsAt,
    stamp: now,
    summary: f.courseTitle,
    description: `Training: ${f.courseTitle}. ${whereText(f.session)}`,
    location: whereText(f.session),
    url: f.session.delivery === 'online' ? f.session.joiningLink : null,
    organiser: f.organiser,
    attendee: { name: f.name, email: f.email },
  };
}

const subjects: Record<NoticeKind, (title: string) => string> = {
  confirmation: (t) => `Booked: ${t}`,
  'reminder-7d': (t) => `In a week: ${t}`,
  'reminder-1d': (t) => `Tomorrow: ${t}`,
  changed: (t) => `Changed: ${t}`,
};

const openings: Record<NoticeKind, string> = {
  confirmation: 'You are booked on',
  'reminder-7d': 'A reminder that in a week you are booked on',
  'reminder-1d': 'A reminder that tomorrow you are booked on',
  changed: 'The details have changed for',
};

/** Queues one notice, with its calendar invitation, on the caller's transaction. */
export async function queueNotice(tx: Db, m: Mailing, f: BookingFacts, kind: NoticeKind) {
  await m.mail.queue(tx, {
    partnershipId: f.partnershipId,
    to: f.email,
    subject: subjects[kind](f.courseTitle),
    text: [
      `Dear ${f.name},`,
      '',
      `${openings[kind]} ${f.courseTitle}.`,
      '',
      `When: ${ukDateTime(f.session.startsAt)} to ${ukDateTime(f.session.endsAt)}.`,
      `Where: ${whereText(f.session)}.`,
      '',
      'The calendar file with this email adds the session to your calendar, or updates it.',
      `If you can no longer come, please cancel so someone else can have the place: ${m.baseUrl}/training/sessions/${f.session.id}`,
    ].join('\n'),
    attachments: [calendarAttachment(sessionEvent(f, m.now))],
  });
}

/**
 * Sends the booking confirmation for each of these bookings, and notes when it went: the
 * "in a week" reminder is not sent to someone confirmed within that week.
 */
export async function confirmBookings(tx: Db, m: Mailing, bookingIds: string[]) {
  for (const f of await bookingFacts(tx, bookingIds)) {
    await queueNotice(tx, m, f, 'confirmation');
    await tx
      .insert(trainingNoticesSent)
      .values({
        partnershipId: f.partnershipId,
        bookingId: f.bookingId,
        kind: 'confirmation',
        sentAt: m.now,
      })
      .onConflictDoNothing();
  }
}

/** The booked delegates of a session, as booking ids. */
export async function bookedOn(tx: Db, sessionId: string) {
  const rows = await tx
    .select({ id: trainingBookings.id })
    .from(trainingBookings)
    .where(and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.status, 'booked')));
  return rows.map((r) => r.id);
}

/** Whether a change moves the session in time or place, which its delegates must hear about. */
export const movesSession = (
  before: Pick<
    BookingFacts['session'],
    'startsAt' | 'endsAt' | 'venue' | 'joiningLink' | 'delivery'
  >,
  after: typeof before,
) =>
  before.startsAt.getTime() !== after.startsAt.getTime() ||
  before.endsAt.getTime() !== after.endsAt.getTime() ||
  (before.venue ?? null) !== (after.venue ?? null) ||
  (before.joiningLink ?? null) !== (after.joiningLink ?? null) ||
  before.delivery !== after.delivery;

/**
 * Raises the session's calendar SEQUENCE and emails every booked delegate an updated
 * invitation (same UID), so their calendar moves the entry it already has.
 */
export async function announceChange(tx: Db, m: Mailing, partnershipId: string, sessionId: string) {
  await tx
    .insert(trainingSessionRevisions)
    .values({ sessionId, partnershipId, sequence: 1 })
    .onConflictDoUpdate({
      target: trainingSessionRevisions.sessionId,
      set: { sequence: sql`${trainingSessionRevisions.sequence} + 1` },
    });
  for (const f of await bookingFacts(tx, await bookedOn(tx, sessionId)))
    await queueNotice(tx, m, f, 'changed');
}

/** Forgets the reminders sent for a session's bookings, so they are due again (it has moved). */
export async function remindAgain(tx: Db, partnershipId: string, sessionId: string) {
  await tx
    .delete(trainingNoticesSent)
    .where(
      and(
        eq(trainingNoticesSent.partnershipId, partnershipId),
        inArray(trainingNoticesSent.kind, ['reminder-7d', 'reminder-1d']),
        inArray(
          trainingNoticesSent.bookingId,
          tx
            .select({ id: trainingBookings.id })
            .from(trainingBookings)
            .where(eq(trainingBookings.sessionId, sessionId)),
        ),
      ),
    );
}
