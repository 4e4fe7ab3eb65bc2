import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { trainingCourses } from './tables.js';

// A person's declaration that an earlier course they did (say the older 2- or 4-day course)
// stands in for one of ours. An admin or trainer approves or declines it; once approved it
// counts as completing that course (completion.ts).

export const equivalenceStatuses = ['pending', 'approved', 'declined'] as const;
export type EquivalenceStatus = (typeof equivalenceStatuses)[number];

export const trainingEquivalences = pgTable(
  'training_equivalences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** Our course that the earlier one stands in for. */
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id),
    /** The earlier course as the person names it, who ran it, and when they finished it. */
    earlierCourse: text('earlier_course').notNull(),
    provider: text('provider').notNull(),
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
    notes: text('notes'),
    status: text('status').$type<EquivalenceStatus>().notNull().default('pending'),
    declinedReason: text('declined_reason'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open or approved declaration per person and course; a declined one may be made again.
    uniqueIndex('training_equivalences_open_uq')
      .on(t.personId, t.courseId)
      .where(sql`${t.status} in ('pending', 'approved')`),
    index('training_equivalences_queue_idx').on(t.partnershipId, t.status, t.createdAt),
  ],
);
