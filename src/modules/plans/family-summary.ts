import { ukToday } from '../../platform/dates/uk-time.js';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { partnershipOf } from './access.js';
import { planActions, planReviews, plans } from './tables.js';

// A family's open plans at a glance, for the family's own page. One query: each plan's next
// review and overdue actions are subqueries on the plan's id (plan_reviews_plan_idx,
// plan_actions_plan_idx), the plans themselves found by family (plans_family_idx).

// The outer plan's id spelt out: drizzle leaves a one-table select's columns unqualified, and a
// bare "id" inside a subquery would be the review's or action's own.
const planIdOuter = sql`${plans}.${sql.identifier(plans.id.name)}`;

export interface OpenPlanSummary {
  id: string;
  title: string;
  /** YYYY-MM-DD of the soonest review not yet held, if any. */
  nextReview: string | null;
  /** The next review's date has passed. */
  reviewOverdue: boolean;
  /** Actions not done whose due date has passed. */
  overdueActions: number;
}

/**
 * The family's current (not retired) plans, newest first. Called from the family's page
 * (readFamily), whose audit row, written before, records the read.
 */
export async function openPlansOf(
  db: Db,
  ctx: ServiceContext,
  familyId: string,
): Promise<OpenPlanSummary[]> {
  const today = ukToday(ctx.now);
  const rows = await db
    .select({
      id: plans.id,
      title: plans.title,
      nextReview: sql<string | null>`(select min(${planReviews.dueOn}) from ${planReviews}
        where ${planReviews.planId} = ${planIdOuter}
          and ${planReviews.heldAt} is null and ${planReviews.retiredAt} is null)`,
      overdueActions: sql<number>`(select count(*)::int from ${planActions}
        where ${planActions.planId} = ${planIdOuter} and ${planActions.status} <> 'done'
          and ${planActions.retiredAt} is null and ${planActions.dueOn} < ${today})`,
    })
    .from(plans)
    .where(
      and(
        eq(plans.partnershipId, partnershipOf(ctx)),
        eq(plans.familyId, familyId),
        isNull(plans.retiredAt),
      ),
    )
    .orderBy(desc(plans.createdAt), desc(plans.id));
  return rows.map((r) => ({
    ...r,
    reviewOverdue: r.nextReview !== null && r.nextReview < today,
  }));
}
