import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people, teams } from '../../platform/tenancy/tables.js';
import { trainingSessions } from './tables.js';

// A team manager's request for a bespoke course for their team. Accepting it schedules a closed
// session (training_sessions.team_id); the request keeps who decided, when, and why not.

export const bespokeStatuses = ['requested', 'accepted', 'declined'] as const;
export type BespokeStatus = (typeof bespokeStatuses)[number];

/** The source's offer: a bespoke course is for a team or group of at most 20 people. */
export const BESPOKE_MAX_PEOPLE = 20;

export const trainingBespokeRequests = pgTable(
  'training_bespoke_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => people.id),
    peopleCount: integer('people_count').notNull(),
    needs: text('needs').notNull(),
    /** Up to three dates the team would like, as UK calendar dates. */
    preferredDates: date('preferred_dates', { mode: 'string' }).array().notNull(),
    status: text('status').$type<BespokeStatus>().notNull().default('requested'),
    /** The closed session scheduled when the request was accepted. */
    sessionId: uuid('session_id').references(() => trainingSessions.id),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_bespoke_requests_list_idx').on(t.partnershipId, t.status, t.createdAt),
    index('training_bespoke_requests_requester_idx').on(t.requestedBy, t.createdAt),
  ],
);
