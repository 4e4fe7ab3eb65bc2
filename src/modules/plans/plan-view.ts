import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/http/context.js';
import { nameOf, openPlan, partiesOf, partnershipOf, peopleNames } from './access.js';
import { listChanges } from './changes.js';
import { allSections } from './sections.js';
import { planActions, planEntries, planReviews } from './tables.js';

// A plan's page in one read: its sections with the words in each (whose words they are, and
// their last change), its actions with their owners and who updated them, and its reviews.

/** Everything on a plan's page: sections with their entries (and authors), actions, reviews. */
export async function viewPlan(ctx: ServiceContext, planId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { plan, family } = await openPlan(tx, ctx, planId, 'plan.viewed');
    const allParties = await partiesOf(tx, ctx, family.id, true);
    const parties = await partiesOf(tx, ctx, family.id);
    const sections = await allSections(tx, partnershipId);
    const entries = await tx
      .select()
      .from(planEntries)
      .where(and(eq(planEntries.planId, plan.id), isNull(planEntries.retiredAt)))
      .orderBy(asc(planEntries.createdAt));
    const changes = await listChanges(tx, plan.id);
    const actions = await tx
      .select()
      .from(planActions)
      .where(and(eq(planActions.planId, plan.id), isNull(planActions.retiredAt)))
      .orderBy(asc(planActions.dueOn), asc(planActions.createdAt));
    // Professionals named on the plan who are not among the family's workers (a manager who took
    // an action on, someone who has moved on) are still named, not "someone no longer listed".
    const others = await peopleNames(tx, partnershipId, [
      ...entries.filter((e) => e.authorKind === 'professional').map((e) => e.authorId),
      ...actions.filter((a) => a.ownerKind === 'professional').map((a) => a.ownerId),
      ...actions.map((a) => a.statusBy).filter((id): id is string => !!id),
    ]);
    const named = entries.map((e) => {
      const edits = changes.filter((c) => c.recordId === e.id && c.change === 'entry_changed');
      return {
        ...e,
        authorName: nameOf(allParties, e.authorKind, e.authorId, others),
        familyWords: e.authorKind !== 'professional',
        // Changes in one instant (a fake or coarse clock) tie on time: the current words say which is last.
        lastChange: edits.find((c) => c.after === e.text) ?? edits[0] ?? null,
        changeCount: edits.length,
      };
    });
    const reviews = await tx
      .select()
      .from(planReviews)
      .where(and(eq(planReviews.planId, plan.id), isNull(planReviews.retiredAt)))
      .orderBy(asc(planReviews.dueOn));
    return {
      plan,
      family,
      parties,
      sections: sections
        .map((s) => ({ ...s, entries: named.filter((e) => e.sectionId === s.id) }))
        .filter((s) => !s.retiredAt || s.entries.length),
      currentSections: sections.filter((s) => !s.retiredAt),
      actions: actions.map((a) => ({
        ...a,
        ownerName: nameOf(allParties, a.ownerKind, a.ownerId, others),
        statusByName: a.statusBy ? (others.get(a.statusBy) ?? null) : null,
      })),
      reviews,
    };
  });
}
