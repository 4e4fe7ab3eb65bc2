import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partnerships } from '../../platform/tenancy/tables.js';

// A partnership's changes to the plain-language word list. The defaults live in code
// (defaults.ts); a row here adds a term, changes a default's advice, or switches a default off.

export const termKinds = ['jargon', 'label'] as const;
export type TermKind = (typeof termKinds)[number];

export const plainLanguageTerms = pgTable(
  'plain_language_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** Lower case; matched as whole words. */
    term: text('term').notNull(),
    kind: text('kind').$type<TermKind>().notNull(),
    suggestion: text('suggestion').notNull(),
    /** True: the partnership has switched this term off (a default it does not want). */
    removed: boolean('removed').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('plain_language_terms_term_idx').on(t.partnershipId, t.term)],
);
