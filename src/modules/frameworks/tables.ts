import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { partnerships } from '../../platform/tenancy/tables.js';

/**
 * Everything in a practice framework is one kind of item in one tree, so that ordering,
 * retiring, restoring and "used" work the same way for a principle as for a question.
 * See kinds.ts for which kind may sit under which.
 */
export const itemKinds = [
  'principle',
  'value',
  'concept',
  'part',
  'question_set',
  'category',
  'question',
] as const;
export type ItemKind = (typeof itemKinds)[number];

/** One per partnership: its name for the framework and where the wording came from. */
export const frameworks = pgTable('frameworks', {
  partnershipId: uuid('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  name: text('name').notNull(),
  /** Credit for the source the framework was adapted from, shown under it. */
  credit: text('credit').notNull().default(''),
  /** The last template applied, if any. */
  templateKey: text('template_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const frameworkItems = pgTable(
  'framework_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => frameworks.partnershipId),
    kind: text('kind').$type<ItemKind>().notNull(),
    // Only a never-used subtree is ever deleted (the service checks), so the cascade is safe.
    parentId: uuid('parent_id').references((): AnyPgColumn => frameworkItems.id, {
      onDelete: 'cascade',
    }),
    /** The principle's or value's name, the set's or category's title, or the question itself. */
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    weAre: text('we_are'),
    weWill: text('we_will'),
    position: integer('position').notNull(),
    /** Set the first time another record refers to the item: from then on it can only be retired. */
    usedAt: timestamp('used_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('framework_items_siblings_idx').on(t.partnershipId, t.parentId, t.kind, t.position),
    check(
      'framework_items_kind_ck',
      sql.raw(`kind in (${itemKinds.map((k) => `'${k}'`).join(', ')})`),
    ),
  ],
);

export type FrameworkItem = typeof frameworkItems.$inferSelect;
export type Framework = typeof frameworks.$inferSelect;
