import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { trainingBookings, trainingSessions } from './tables.js';

// On the day and after it: late cancellations (for charging), each partnership's rule for what
// counts as late, the delegate's personal action plan with its six-week follow-up, and feedback.

const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const bookingId = () =>
  uuid('booking_id')
    .notNull()
    .references(() => trainingBookings.id);

/** A partnership's training settings; a missing row means the defaults. */
export const trainingSettings = pgTable('training_settings', {
  partnershipId: uuid('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  /** A cancellation fewer than this many working days before the start is late. */
  lateCancellationWorkingDays: integer('late_cancellation_working_days').notNull().default(5),
  /** How long a freed place is held for the person offered it before it passes on. */
  offerHoldHours: integer('offer_hold_hours').notNull().default(48),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** How much notice each cancelled booking gave, worked out when it was cancelled. */
export const trainingCancellations = pgTable(
  'training_cancellations',
  {
    bookingId: bookingId().primaryKey(),
    partnershipId: partnershipId(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }).notNull(),
    workingDaysNotice: integer('working_days_notice').notNull(),
    late: boolean('late').notNull(),
  },
  (t) => [index('training_cancellations_partnership_idx').on(t.partnershipId, t.cancelledAt)],
);

/** What the delegate will do differently after the course, and how it went six weeks on. */
export const trainingActionPlans = pgTable(
  'training_action_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: partnershipId(),
    bookingId: bookingId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    doDifferently: text('do_differently').notNull(),
    withWhom: text('with_whom').notNull(),
    byWhen: date('by_when', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set in the same transaction as the follow-up email, so it is sent once. */
    followUpSentAt: timestamp('follow_up_sent_at', { withTimezone: true }),
    howItWent: text('how_it_went'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('training_action_plans_booking_uq').on(t.bookingId),
    index('training_action_plans_person_idx').on(t.personId),
  ],
);

/** One feedback form per delegate per session. */
export const trainingFeedback = pgTable(
  'training_feedback',
  {
    partnershipId: partnershipId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    usefulness: integer('usefulness').notNull(),
    whatWorked: text('what_worked').notNull().default(''),
    couldBeBetter: text('could_be_better').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] })],
);
