import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { trainingSessions } from './tables.js';

// The trainer cascade: who trained each trainer, and whether a session was delivered by the
// partnership's own trainers or bought in from an external provider.

/** Who trained a trainer: another person of the partnership, or an outside provider by name. */
export const trainerLineage = pgTable(
  'trainer_lineage',
  {
    trainerId: uuid('trainer_id')
      .primaryKey()
      .references(() => people.id),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    trainedById: uuid('trained_by_id').references(() => people.id),
    trainedByProvider: text('trained_by_provider'),
    since: date('since', { mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('trainer_lineage_partnership_idx').on(t.partnershipId, t.trainedById),
    // Exactly one of the two: a person or a provider.
    check(
      'trainer_lineage_one_source',
      sql`(${t.trainedById} is null) <> (${t.trainedByProvider} is null)`,
    ),
  ],
);

/** A session delivered by an external provider; no row (or a null provider) means local trainers. */
export const trainingSessionProviders = pgTable('training_session_providers', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => trainingSessions.id),
  partnershipId: uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id),
  provider: text('provider'),
});
