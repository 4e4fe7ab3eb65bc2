import { asc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { advise, type PlainLanguageAdvice } from './checker.js';
import { defaultTerms, type Term } from './defaults.js';
import { plainLanguageTerms, type TermKind } from './tables.js';

// A partnership's word list (the defaults in code, merged with its own changes) and the check
// every module can call. Advice, not a block: callers save the text whatever the advice says.

export interface ListedTerm extends Term {
  isDefault: boolean;
  removed: boolean;
}

/** Every term the partnership has: defaults (on or switched off) and its own. */
export async function listTerms(db: Db, partnershipId: string): Promise<ListedTerm[]> {
  const own = await db
    .select()
    .from(plainLanguageTerms)
    .where(eq(plainLanguageTerms.partnershipId, partnershipId))
    .orderBy(asc(plainLanguageTerms.term));
  const byTerm = new Map(own.map((r) => [r.term, r]));
  const listed: ListedTerm[] = defaultTerms.map((d) => {
    const row = byTerm.get(d.term);
    return row
      ? {
          term: d.term,
          kind: row.kind,
          suggestion: row.suggestion,
          isDefault: true,
          removed: row.removed,
        }
      : { ...d, isDefault: true, removed: false };
  });
  const defaults = new Set(defaultTerms.map((d) => d.term));
  for (const r of own)
    if (!defaults.has(r.term))
      listed.push({
        term: r.term,
        kind: r.kind,
        suggestion: r.suggestion,
        isDefault: false,
        removed: r.removed,
      });
  return listed;
}

/** The terms in use: everything listed and not switched off. */
export async function activeTerms(db: Db, partnershipId: string): Promise<Term[]> {
  return (await listTerms(db, partnershipId))
    .filter((t) => !t.removed)
    .map(({ term, kind, suggestion }) => ({ term, kind, suggestion }));
}

/**
 * Checks text a family will read against the partnership's word list, and scores how easy it is
 * to read. For plans, meeting summaries and invitation letters. Never refuses anything.
 */
export async function checkPlainLanguage(
  db: Db,
  partnershipId: string,
  text: string,
): Promise<PlainLanguageAdvice> {
  return advise(text, await activeTerms(db, partnershipId));
}

const adminOnly = (ctx: ServiceContext) => {
  if (!ctx.actor.partnershipId || !ctx.actor.roles.includes('admin')) throw forbidden();
  return ctx.actor.partnershipId;
};

export const normaliseTerm = (term: string) => term.trim().toLowerCase().replace(/\s+/g, ' ');

/** Adds a term, or changes the advice for one (a default included). */
export async function saveTerm(
  ctx: ServiceContext,
  input: { term: string; kind: TermKind; suggestion: string },
) {
  const partnershipId = adminOnly(ctx);
  const term = normaliseTerm(input.term);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(plainLanguageTerms)
      .values({
        partnershipId,
        term,
        kind: input.kind,
        suggestion: input.suggestion,
        updatedAt: ctx.now,
      })
      .onConflictDoUpdate({
        target: [plainLanguageTerms.partnershipId, plainLanguageTerms.term],
        set: { kind: input.kind, suggestion: input.suggestion, removed: false, updatedAt: ctx.now },
      })
      .returning({ id: plainLanguageTerms.id });
    await audit(tx, ctx, {
      action: 'plain_language.term_saved',
      recordType: 'plain_language_term',
      recordId: row!.id,
    });
  });
}

/** Switches a term off (or back on). Its advice is kept, so switching it back on restores it. */
export async function setTermRemoved(ctx: ServiceContext, rawTerm: string, removed: boolean) {
  const partnershipId = adminOnly(ctx);
  const term = normaliseTerm(rawTerm);
  const current = (await listTerms(ctx.db, partnershipId)).find((t) => t.term === term);
  if (!current) return false;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(plainLanguageTerms)
      .values({
        partnershipId,
        term,
        kind: current.kind,
        suggestion: current.suggestion,
        removed,
        updatedAt: ctx.now,
      })
      .onConflictDoUpdate({
        target: [plainLanguageTerms.partnershipId, plainLanguageTerms.term],
        set: { removed, updatedAt: ctx.now },
      })
      .returning({ id: plainLanguageTerms.id });
    await audit(tx, ctx, {
      action: removed ? 'plain_language.term_removed' : 'plain_language.term_restored',
      recordType: 'plain_language_term',
      recordId: row!.id,
    });
  });
  return true;
}
