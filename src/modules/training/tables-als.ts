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
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { type Attendance, trainingCourses } from './tables.js';

// Action learning sets: a cohort of an action learning set course, its facilitator, its
// members and its six monthly sessions, with a register for each. Members are added by the
// training team rather than booking, so these are apart from sessions and bookings.

const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);

export const trainingAlsCohorts = pgTable(
  'training_als_cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: partnershipId(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    name: text('name').notNull(),
    facilitatorId: uuid('facilitator_id')
      .notNull()
      .references(() => people.id),
    /** The most members the set takes. */
    places: integer('places').notNull(),
    /** Sessions attended (or arrived late to) that complete the set. */
    minAttended: integer('min_attended').notNull(),
    /** Where the set meets, as shown to its members and facilitator. */
    venue: text('venue'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_als_cohorts_partnership_idx').on(t.partnershipId, t.createdAt),
    index('training_als_cohorts_facilitator_idx').on(t.facilitatorId),
  ],
);

/** The set's sessions, numbered 1 to 6 in date order. */
export const trainingAlsSessions = pgTable(
  'training_als_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: partnershipId(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => trainingAlsCohorts.id),
    number: integer('number').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('training_als_sessions_number_uq').on(t.cohortId, t.number)],
);

/** One row per person per set. Removing a member sets removed_at; adding them again clears it. */
export const trainingAlsMembers = pgTable(
  'training_als_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: partnershipId(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => trainingAlsCohorts.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('training_als_members_person_uq').on(t.cohortId, t.personId),
    index('training_als_members_person_idx').on(t.personId),
  ],
);

/** The register: each member's mark for each session, kept when a member leaves the set. */
export const trainingAlsAttendance = pgTable(
  'training_als_attendance',
  {
    partnershipId: partnershipId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingAlsSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    attendance: text('attendance').$type<Attendance>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.personId] }),
    index('training_als_attendance_person_idx').on(t.personId),
    index('training_als_attendance_partnership_idx')
      .on(t.partnershipId)
      .where(sql`${t.attendance} in ('attended', 'late')`),
  ],
);
