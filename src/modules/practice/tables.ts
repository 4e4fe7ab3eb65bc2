import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { families, familyMembers } from '../families/tables.js';
import { meetings } from '../meetings/tables.js';

// Everyday restorative practice: the informal end of the restorative continuum, logged in
// seconds. A log may belong to a family (reached only through openFamily) or stand on its own.
// Nothing with history is deleted: a log is retired.

export const practiceKinds = ['statement', 'question', 'conversation'] as const;
export type PracticeKind = (typeof practiceKinds)[number];

/** Where it happened: a short list, and "other" with the practitioner's own words. */
export const practiceContexts = [
  'home visit',
  'school',
  'office or centre',
  'phone or video call',
  'team or supervision',
  'other',
] as const;
export type PracticeContext = (typeof practiceContexts)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const practiceLogs = pgTable(
  'practice_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** The practitioner who logged it (and did it). */
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => people.id),
    familyId: uuid('family_id').references(() => families.id),
    /** Chosen from the family, when logged from a family's page. */
    familyMemberId: uuid('family_member_id').references(() => familyMembers.id),
    /** With whom, in the practitioner's words (or the family member's name). */
    withWhom: text('with_whom').notNull(),
    kind: text('kind').$type<PracticeKind>().notNull(),
    context: text('context').$type<PracticeContext>().notNull(),
    contextOther: text('context_other'),
    note: text('note'),
    happenedAt: timestamp('happened_at', { withTimezone: true }).notNull(),
    /** Set when the log was escalated to a meeting. */
    meetingId: uuid('meeting_id').references(() => meetings.id),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    index('practice_logs_practitioner_idx').on(t.partnershipId, t.practitionerId, t.happenedAt),
    index('practice_logs_family_idx').on(t.familyId, t.happenedAt),
    index('practice_logs_meeting_idx').on(t.meetingId),
    check('practice_logs_kind_ck', sql.raw(`kind in (${list(practiceKinds)})`)),
    check('practice_logs_context_ck', sql.raw(`context in (${list(practiceContexts)})`)),
  ],
);

export type PracticeLog = typeof practiceLogs.$inferSelect;
