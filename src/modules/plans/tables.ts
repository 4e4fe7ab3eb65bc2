import {
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { apiTokens } from '../../platform/auth/tables.js';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { families } from '../families/tables.js';
import { meetings } from '../meetings/tables.js';

// Family-led plans. A plan belongs to a family and is reached only through it (openFamily).
// Who wrote each part is kept; nothing with history is deleted (it is retired); every change
// leaves a row in plan_changes with the words before and after, who and when.

const id = () => uuid('id').primaryKey().defaultRandom();
const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const planId = () =>
  uuid('plan_id')
    .notNull()
    .references(() => plans.id);
const stamp = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => stamp('created_at').notNull().defaultNow();

/** Who wrote a part of a plan, or owns an action: the family, its network, or a professional. */
export const authorKinds = ['family', 'network', 'professional'] as const;
export type AuthorKind = (typeof authorKinds)[number];

export const actionStatuses = ['not_started', 'in_progress', 'done', 'stuck'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** A partnership's plan sections, in order. Defaults are added on first use (sections.ts). */
export const planSections = pgTable(
  'plan_sections',
  {
    id: id(),
    partnershipId: partnershipId(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    createdAt: createdAt(),
    retiredAt: stamp('retired_at'),
  },
  (t) => [uniqueIndex('plan_sections_partnership_title_idx').on(t.partnershipId, t.title)],
);

export const plans = pgTable(
  'plans',
  {
    id: id(),
    partnershipId: partnershipId(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    title: text('title').notNull(),
    /** The meeting whose agreed outcome the plan was made from, if it was. */
    meetingId: uuid('meeting_id').references(() => meetings.id),
    /** Raised on every change to the plan's own details, for the edit forms' conflict check. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
    retiredAt: stamp('retired_at'),
    retiredBy: uuid('retired_by').references(() => people.id),
  },
  (t) => [index('plans_family_idx').on(t.familyId)],
);

/**
 * A piece of a plan in someone's own words. The author is who said it (a family member, a
 * network member or a professional), which is not always who typed it (recorded_by).
 * `text` is the current words; every earlier wording is in plan_changes.
 */
export const planEntries = pgTable(
  'plan_entries',
  {
    id: id(),
    partnershipId: partnershipId(),
    planId: planId(),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => planSections.id),
    authorKind: text('author_kind').$type<AuthorKind>().notNull(),
    /** family_members.id, family_network_members.id or people.id, by author_kind. */
    authorId: uuid('author_id').notNull(),
    text: text('text').notNull(),
    version: integer('version').notNull().default(1),
    recordedBy: uuid('recorded_by').references(() => people.id),
    createdAt: createdAt(),
    updatedBy: uuid('updated_by').references(() => people.id),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
    /** Why the words were changed, when someone other than their author changed them. */
    changeNote: text('change_note'),
    retiredAt: stamp('retired_at'),
  },
  (t) => [index('plan_entries_plan_idx').on(t.planId)],
);

export const planActions = pgTable(
  'plan_actions',
  {
    id: id(),
    partnershipId: partnershipId(),
    planId: planId(),
    what: text('what').notNull(),
    ownerKind: text('owner_kind').$type<AuthorKind>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    supportNeeded: text('support_needed'),
    dueOn: date('due_on'),
    howWeWillKnow: text('how_we_will_know'),
    status: text('status').$type<ActionStatus>().notNull().default('not_started'),
    statusBy: uuid('status_by').references(() => people.id),
    statusAt: stamp('status_at'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    retiredAt: stamp('retired_at'),
  },
  (t) => [index('plan_actions_plan_idx').on(t.planId), index('plan_actions_due_idx').on(t.dueOn)],
);

/** When the plan will be looked at again together; held_at once it has been. */
export const planReviews = pgTable(
  'plan_reviews',
  {
    id: id(),
    partnershipId: partnershipId(),
    planId: planId(),
    dueOn: date('due_on').notNull(),
    heldAt: stamp('held_at'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    retiredAt: stamp('retired_at'),
  },
  (t) => [index('plan_reviews_plan_idx').on(t.planId), index('plan_reviews_due_idx').on(t.dueOn)],
);

/** Every change to a plan: what (record and field), the words before and after, who and when. */
export const planChanges = pgTable(
  'plan_changes',
  {
    id: id(),
    partnershipId: partnershipId(),
    planId: planId(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    change: text('change').notNull(),
    field: text('field'),
    before: text('before'),
    after: text('after'),
    note: text('note'),
    changedBy: uuid('changed_by').references(() => people.id),
    /** A change made through the API: the service account's token (changed_by is then null). */
    changedByToken: uuid('changed_by_token').references(() => apiTokens.id),
    changedAt: createdAt(),
  },
  (t) => [index('plan_changes_plan_idx').on(t.planId, t.changedAt)],
);

/** Reminders already queued: the unique key makes the reminder sweep send each one once. */
export const planRemindersSent = pgTable(
  'plan_reminders_sent',
  {
    id: id(),
    partnershipId: partnershipId(),
    reminderKey: text('reminder_key').notNull(),
    sentAt: createdAt(),
  },
  (t) => [uniqueIndex('plan_reminders_sent_key_idx').on(t.reminderKey)],
);
