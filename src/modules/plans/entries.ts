import { Refusal, refusable } from '../../platform/http/forms.js';
import { and, eq, isNull } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';

import {
  chosenParty,
  nameOf,
  openPlan,
  partiesOf,
  partnershipOf,
  refuseRetired,
} from './access.js';
import { listChanges, recordChange } from './changes.js';
import { type Saved } from './refusal.js';
import type { EntryEditInput, EntryInput } from './schemas.js';
import { currentSections } from './sections.js';
import { planEntries, plans } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// The words in a plan. Who said each part is kept; the family's words are marked as theirs, and
// changing anyone's words keeps the old words, who changed them and why. Two people changing
// the same words: the second save changes nothing and gets both versions back (a conflict).

export async function addEntry(
  ctx: ServiceContext,
  planId: string,
  input: EntryInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { plan, family } = await openPlan(tx, ctx, planId, 'plan.entry_added');
      refuseRetired(plan);
      const sections = await currentSections(tx, partnershipId);
      const parties = await partiesOf(tx, ctx, family.id);
      const errors: Record<string, string> = {};
      if (!sections.some((s) => s.id === input.sectionId)) errors.sectionId = 'Choose a section';
      const author = chosenParty(parties, input.author);
      if (!author) errors.author = 'Choose whose words these are';
      if (Object.keys(errors).length) throw new Refusal(errors);
      const [entry] = await tx
        .insert(planEntries)
        .values({
          partnershipId,
          planId: plan.id,
          sectionId: input.sectionId,
          authorKind: author!.kind,
          authorId: author!.id,
          text: input.text,
          recordedBy: personIdOf(ctx.actor),
          createdAt: ctx.now,
          updatedBy: personIdOf(ctx.actor),
          updatedAt: ctx.now,
        })
        .returning();
      await recordChange(tx, ctx, plan, {
        recordType: 'entry',
        recordId: entry!.id,
        change: 'entry_added',
        after: input.text,
      });
      await tx.update(plans).set({ updatedAt: ctx.now }).where(eq(plans.id, plan.id));
      return { ok: true as const, id: entry!.id };
    }),
  );
}

async function findEntry(tx: Parameters<typeof openPlan>[0], planId: string, entryId: string) {
  const [entry] = isUuid(entryId)
    ? await tx
        .select()
        .from(planEntries)
        .where(
          and(
            eq(planEntries.id, entryId),
            eq(planEntries.planId, planId),
            isNull(planEntries.retiredAt),
          ),
        )
    : [];
  if (!entry) throw notFound();
  return entry;
}

/** Someone other than the author is changing these words: they must say why. */
export const isSomeoneElses = (ctx: ServiceContext, e: { authorKind: string; authorId: string }) =>
  !(e.authorKind === 'professional' && e.authorId === ctx.actor.id);

export async function entryForEdit(ctx: ServiceContext, planId: string, entryId: string) {
  return ctx.db.transaction(async (tx) => {
    const { plan, family } = await openPlan(tx, ctx, planId, 'plan.viewed');
    const entry = await findEntry(tx, plan.id, entryId);
    const parties = await partiesOf(tx, ctx, family.id, true);
    return {
      plan,
      family,
      entry: {
        ...entry,
        authorName: nameOf(parties, entry.authorKind, entry.authorId),
        familyWords: entry.authorKind !== 'professional',
      },
      needsNote: isSomeoneElses(ctx, entry),
    };
  });
}

/**
 * Changes an entry's words. The form carries the version it was opened at: if someone saved
 * since, nothing is changed and both versions come back (a conflict). Someone else's words need
 * a note saying why; the old words stay in the history.
 */
export async function editEntry(
  ctx: ServiceContext,
  planId: string,
  entryId: string,
  input: EntryEditInput,
): Promise<Saved> {
  return refusable(() =>
    ctx.db.transaction(async (tx): Promise<Saved> => {
      const { plan } = await openPlan(tx, ctx, planId, 'plan.entry_changed');
      refuseRetired(plan);
      const entry = await findEntry(tx, plan.id, entryId);
      // The same words again are no change: nothing in the history, no audit row of a change.
      if (input.text === entry.text) throw new Unchanged(entry.id);
      if (isSomeoneElses(ctx, entry) && !input.note)
        throw new Refusal({ note: 'Say why you are changing someone else’s words' });
      const [updated] = await tx
        .update(planEntries)
        .set({
          text: input.text,
          version: entry.version + 1,
          updatedBy: personIdOf(ctx.actor),
          updatedAt: ctx.now,
          changeNote: input.note ?? null,
        })
        .where(and(eq(planEntries.id, entry.id), eq(planEntries.version, input.version)))
        .returning();
      if (!updated) {
        const [latest] = await listChanges(tx, plan.id, entry.id);
        return {
          ok: false,
          conflict: {
            theirs: {
              text: entry.text,
              version: entry.version,
              changedBy: latest?.changedByName ?? null,
              changedAt: entry.updatedAt,
            },
            yours: { text: input.text, note: input.note ?? '' },
          },
        };
      }
      await recordChange(tx, ctx, plan, {
        recordType: 'entry',
        recordId: entry.id,
        change: 'entry_changed',
        field: 'text',
        before: entry.text,
        after: input.text,
        note: input.note,
      });
      await tx.update(plans).set({ updatedAt: ctx.now }).where(eq(plans.id, plan.id));
      return { ok: true, id: entry.id };
    }),
  ).catch((error: unknown) => {
    if (error instanceof Unchanged)
      return { ok: true as const, id: error.entryId, unchanged: true as const };
    throw error;
  });
}

/** Thrown to roll back a save that would change nothing. */
class Unchanged extends Error {
  constructor(readonly entryId: string) {
    super('unchanged');
  }
}
