import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { trainingBookings, trainingSessions } from './tables.js';

// Booking's bookkeeping: which notices went out (so none goes twice), each session's calendar
// revision (so an updated .ics replaces the old one), and the optional line-manager approval.

const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);

/** One row per notice sent about a booking: the unique key is the "never twice" guarantee. */
export const trainingNoticesSent = pgTable(
  'training_notices_sent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: partnershipId(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => trainingBookings.id),
    /** e.g. 'reminder-7d', 'reminder-1d'. */
    kind: text('kind').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('training_notices_sent_uq').on(t.bookingId, t.kind)],
);

/** The iCalendar SEQUENCE of a session: raised each time its time or place changes. */
export const trainingSessionRevisions = pgTable('training_session_revisions', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => trainingSessions.id),
  partnershipId: partnershipId(),
  sequence: integer('sequence').notNull().default(0),
});

/** Whether self-bookings need the line manager's approval; a missing row means no. */
export const trainingBookingSettings = pgTable('training_booking_settings', {
  partnershipId: uuid('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  approvalRequired: boolean('approval_required').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A manager's decision on a booking awaiting approval; declines carry a reason. */
export const trainingBookingApprovals = pgTable('training_booking_approvals', {
  bookingId: uuid('booking_id')
    .primaryKey()
    .references(() => trainingBookings.id),
  partnershipId: partnershipId(),
  decision: text('decision').$type<'approved' | 'declined'>().notNull(),
  reason: text('reason'),
  decidedBy: uuid('decided_by')
    .notNull()
    .references(() => people.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
});
