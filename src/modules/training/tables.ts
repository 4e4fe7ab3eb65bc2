import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  partnerships,
  people,
  teams,
  type Role,
  type TrainingLayer,
} from '../../platform/tenancy/tables.js';

// The training offer: a catalogue of courses, their scheduled sessions, and who is booked on
// each. Every table carries partnership_id and every query filters on it.

const id = () => uuid('id').primaryKey().defaultRandom();
const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const deliveries = ['online', 'in_person'] as const;
export type Delivery = (typeof deliveries)[number];

export const frequencies = ['monthly', 'every_two_months', 'on_request'] as const;
export type Frequency = (typeof frequencies)[number];

export const courseKinds = ['standard', 'bespoke', 'action_learning_set'] as const;
export type CourseKind = (typeof courseKinds)[number];

export const trainingCourses = pgTable(
  'training_courses',
  {
    id: id(),
    partnershipId: partnershipId(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    learningOutcomes: text('learning_outcomes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Null for a course whose length is agreed with the team that asks for it. */
    durationMinutes: integer('duration_minutes'),
    delivery: text('delivery').$type<Delivery>().notNull(),
    joiningLink: text('joining_link'),
    venue: text('venue'),
    audienceLayers: text('audience_layers')
      .array()
      .$type<TrainingLayer[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    audienceRoles: text('audience_roles')
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Who it is for, in plain words, as shown in the catalogue. */
    audienceNote: text('audience_note'),
    usualPlaces: integer('usual_places'),
    frequency: text('frequency').$type<Frequency>().notNull(),
    kind: text('kind').$type<CourseKind>().notNull().default('standard'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('training_courses_title_uq').on(t.partnershipId, sql`lower(${t.title})`)],
);

/** A course that must be completed before another can be booked. */
export const trainingPrerequisites = pgTable(
  'training_prerequisites',
  {
    partnershipId: partnershipId(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    requiredCourseId: uuid('required_course_id')
      .notNull()
      .references(() => trainingCourses.id),
  },
  (t) => [
    primaryKey({ columns: [t.courseId, t.requiredCourseId] }),
    index('training_prerequisites_required_idx').on(t.requiredCourseId),
  ],
);

export const sessionStatuses = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: id(),
    partnershipId: partnershipId(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    places: integer('places').notNull(),
    delivery: text('delivery').$type<Delivery>().notNull(),
    /** Shown only to people booked on the session. */
    joiningLink: text('joining_link'),
    venue: text('venue'),
    /** A closed session (a bespoke course): only members of this team may book it. */
    teamId: uuid('team_id').references(() => teams.id),
    status: text('status').$type<SessionStatus>().notNull().default('scheduled'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('training_sessions_course_idx').on(t.courseId, t.startsAt),
    index('training_sessions_partnership_idx').on(t.partnershipId, t.startsAt),
  ],
);

export const trainingSessionTrainers = pgTable(
  'training_session_trainers',
  {
    partnershipId: partnershipId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.personId] }),
    index('training_session_trainers_person_idx').on(t.personId),
  ],
);

/**
 * booked and offered hold a place; waitlisted wait in created_at order; cancelled, declined
 * and expired are kept as history.
 */
export const bookingStatuses = [
  'booked',
  'waitlisted',
  'offered',
  'cancelled',
  'declined',
  'expired',
  // Waiting for the line manager's approval (when the partnership asks for it): holds no place.
  'awaiting_approval',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const attendances = ['attended', 'late', 'left_early', 'absent'] as const;
export type Attendance = (typeof attendances)[number];

export const trainingBookings = pgTable(
  'training_bookings',
  {
    id: id(),
    partnershipId: partnershipId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status').$type<BookingStatus>().notNull(),
    offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
    attendance: text('attendance').$type<Attendance>(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    // One live booking (or request awaiting approval) per person per session: the database
    // refuses a double booking, and a second approval request that raced the first.
    uniqueIndex('training_bookings_active_uq')
      .on(t.sessionId, t.personId)
      .where(sql`${t.status} in ('booked', 'waitlisted', 'offered', 'awaiting_approval')`),
    index('training_bookings_session_idx').on(t.sessionId, t.status, t.createdAt),
    index('training_bookings_person_idx').on(t.personId, t.status),
  ],
);
