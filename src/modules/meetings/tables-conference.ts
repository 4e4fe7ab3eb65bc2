import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { meetings } from './tables.js';

// Restorative conferences: what the partnership calls the people in one, and what a conference
// agrees (each item owned by someone, due by a date, and followed up until it is done or closed
// with a reason). Keyed by meeting id; the meeting itself is the shared core in tables.ts.

const stamp = (name: string) => timestamp(name, { withTimezone: true });
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The roles in a conference, as stable keys. A participant's row holds the key; what the key is
 * called on pages and letters is the partnership's choice (conference_role_labels).
 */
export const conferenceRoles = ['harmed', 'responsible', 'supporter'] as const;
export type ConferenceRole = (typeof conferenceRoles)[number];

/** A partnership's own name for a role. No row: the default name (conference-roles.ts). */
export const conferenceRoleLabels = pgTable(
  'conference_role_labels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    role: text('role').$type<ConferenceRole>().notNull(),
    label: text('label').notNull(),
    updatedBy: uuid('updated_by').references(() => people.id),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conference_role_labels_role_idx').on(t.partnershipId, t.role),
    check('conference_role_labels_role_ck', sql.raw(`role in (${list(conferenceRoles)})`)),
  ],
);

export const agreementKinds = ['apology', 'repair', 'action'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

/** Who owns an item: a family member, a network member, or a person of the partnership. */
export const ownerKinds = ['family', 'network', 'professional'] as const;
export type OwnerKind = (typeof ownerKinds)[number];

/**
 * One thing a conference agreed. Open until it is completed (when, and who recorded it) or
 * closed with a reason (when it cannot or need not happen). Never deleted.
 */
export const conferenceAgreementItems = pgTable(
  'conference_agreement_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    kind: text('kind').$type<AgreementKind>().notNull(),
    /** What was agreed, in the words people used. */
    what: text('what').notNull(),
    ownerKind: text('owner_kind').$type<OwnerKind>().notNull(),
    /** A family member's, network member's or person's id, as owner_kind says. */
    ownerId: uuid('owner_id').notNull(),
    dueOn: date('due_on').notNull(),
    /** The day it was done, as told; who recorded it, and when. */
    completedOn: date('completed_on'),
    completedNote: text('completed_note'),
    completedBy: uuid('completed_by').references(() => people.id),
    completedAt: stamp('completed_at'),
    closedReason: text('closed_reason'),
    closedBy: uuid('closed_by').references(() => people.id),
    closedAt: stamp('closed_at'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('conference_agreement_items_meeting_idx').on(t.meetingId, t.dueOn),
    // The caseload's "overdue" looks for open items by due date.
    index('conference_agreement_items_open_idx')
      .on(t.partnershipId, t.dueOn)
      .where(sql`completed_at is null and closed_at is null`),
    check('conference_agreement_items_kind_ck', sql.raw(`kind in (${list(agreementKinds)})`)),
    check('conference_agreement_items_owner_ck', sql.raw(`owner_kind in (${list(ownerKinds)})`)),
    check(
      'conference_agreement_items_one_end_ck',
      sql`${t.completedAt} is null or ${t.closedAt} is null`,
    ),
    check(
      'conference_agreement_items_closed_reason_ck',
      sql`${t.closedAt} is null or ${t.closedReason} is not null`,
    ),
  ],
);

export type AgreementItem = typeof conferenceAgreementItems.$inferSelect;
