import { ukToday } from '../../platform/dates/uk-time.js';
import { and, eq, isNull, lt, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/http/context.js';
import { familyVisibleTo } from '../families/policy.js';
import { families } from '../families/tables.js';
import { planActions, planReviews, plans } from './tables.js';
import { anyOf } from '../../platform/db/any-of.js';

// What is overdue on families' plans, for the plans page, the caseload and the team view.

export interface Overdue {
  familyId: string;
  planId: string;
  planTitle: string;
  kind: 'action' | 'review';
  /** The action or review's id. */
  id: string;
  /** What the action is, or "Review" for a review. */
  what: string;
  /** YYYY-MM-DD, before today in the UK. */
  dueOn: string;
}

/**
 * Overdue actions (not done) and reviews (not held) on the current plans of the given families,
 * oldest first. Only families the actor may see are included (familyVisibleTo), so a caller can
 * pass the ids of a list it has already shown. A list, not a read of each record: not audited.
 */
export async function overdueForFamilies(
  ctx: ServiceContext,
  familyIds: string[],
): Promise<Overdue[]> {
  if (!familyIds.length || !ctx.actor.partnershipId) return [];
  const today = ukToday(ctx.now);
  const visible = and(
    anyOf(plans.familyId, familyIds),
    eq(plans.partnershipId, ctx.actor.partnershipId),
    isNull(plans.retiredAt),
    familyVisibleTo(ctx.actor),
  );
  const actions = await ctx.db
    .select({
      familyId: plans.familyId,
      planId: plans.id,
      planTitle: plans.title,
      id: planActions.id,
      what: planActions.what,
      dueOn: planActions.dueOn,
    })
    .from(planActions)
    .innerJoin(plans, eq(plans.id, planActions.planId))
    .innerJoin(families, eq(families.id, plans.familyId))
    .where(
      and(
        visible,
        isNull(planActions.retiredAt),
        ne(planActions.status, 'done'),
        lt(planActions.dueOn, today),
      ),
    );
  const reviews = await ctx.db
    .select({
      familyId: plans.familyId,
      planId: plans.id,
      planTitle: plans.title,
      id: planReviews.id,
      dueOn: planReviews.dueOn,
    })
    .from(planReviews)
    .innerJoin(plans, eq(plans.id, planReviews.planId))
    .innerJoin(families, eq(families.id, plans.familyId))
    .where(
      and(
        visible,
        isNull(planReviews.retiredAt),
        isNull(planReviews.heldAt),
        lt(planReviews.dueOn, today),
      ),
    );
  return [
    ...actions.map((a) => ({ ...a, kind: 'action' as const, dueOn: a.dueOn! })),
    ...reviews.map((r) => ({ ...r, kind: 'review' as const, what: 'Review the plan together' })),
  ].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
