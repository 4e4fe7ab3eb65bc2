import { ukToday } from '../../platform/dates/uk-time.js';
import { Refusal, refusable, type Saved as FormSaved } from '../../platform/http/forms.js';
import { and, eq, isNull } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';

import { chosenParty, openPlan, partiesOf, partnershipOf, refuseRetired } from './access.js';
import { recordChange } from './changes.js';
import type { ActionInput, StatusInput } from './schemas.js';
import { type Saved } from './refusal.js';
import { statusLabels } from './schemas.js';
import { planActions, planReviews, plans } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// A plan's actions (who does what, with what support, by when, and how we will know it is
// better) and its review dates. Whoever does an action updates its status; who and when is kept.

export async function addAction(
  ctx: ServiceContext,
  planId: string,
  input: ActionInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { plan, family } = await openPlan(tx, ctx, planId, 'plan.action_added');
      refuseRetired(plan);
      const owner = chosenParty(await partiesOf(tx, ctx, family.id), input.owner);
      // Like a review, an action looks forward: a date gone by would be overdue at once.
      const past = input.dueOn && input.dueOn < ukToday(ctx.now);
      if (!owner || past)
        throw new Refusal({
          ...(owner ? {} : { owner: 'Choose who will do it' }),
          ...(past ? { dueOn: 'The date it is due by must be today or later' } : {}),
        });
      const [action] = await tx
        .insert(planActions)
        .values({
          partnershipId,
          planId: plan.id,
          what: input.what,
          ownerKind: owner.kind,
          ownerId: owner.id,
          supportNeeded: input.supportNeeded ?? null,
          dueOn: input.dueOn ?? null,
          howWeWillKnow: input.howWeWillKnow ?? null,
          createdBy: personIdOf(ctx.actor),
          createdAt: ctx.now,
        })
        .returning();
      await recordChange(tx, ctx, plan, {
        recordType: 'action',
        recordId: action!.id,
        change: 'action_added',
        after: input.what,
      });
      await tx.update(plans).set({ updatedAt: ctx.now }).where(eq(plans.id, plan.id));
      return { ok: true as const, id: action!.id };
    }),
  );
}

async function findAction(tx: Db, partnershipId: string, actionId: string, planId?: string) {
  const [action] = isUuid(actionId)
    ? await tx
        .select()
        .from(planActions)
        .where(
          and(
            eq(planActions.id, actionId),
            eq(planActions.partnershipId, partnershipId),
            planId ? eq(planActions.planId, planId) : undefined,
            isNull(planActions.retiredAt),
          ),
        )
    : [];
  return action;
}

/** An action by its own id (the API's /actions/:id): opened through its plan and family. */
export async function openAction(
  tx: Db,
  ctx: ServiceContext,
  actionId: string,
  action: string,
  planId?: string,
) {
  const partnershipId = partnershipOf(ctx);
  const found = await findAction(tx, partnershipId, actionId, planId);
  if (!found) {
    if (planId) await openPlan(tx, ctx, planId, action);
    throw notFound();
  }
  const opened = await openPlan(tx, ctx, found.planId, action);
  return { ...opened, action: found };
}

export async function actionForStatus(ctx: ServiceContext, planId: string, actionId: string) {
  return ctx.db.transaction(async (tx) => {
    const opened = await openAction(tx, ctx, actionId, 'plan.viewed', planId);
    const parties = await partiesOf(tx, ctx, opened.family.id, true);
    const owner = parties.find(
      (p) => p.kind === opened.action.ownerKind && p.id === opened.action.ownerId,
    );
    return { ...opened, ownerName: owner?.name ?? 'Someone no longer listed' };
  });
}

export interface StatusConflict {
  theirs: { status: string; version: number; statusAt: Date | null };
  yours: { status: string };
}

/** Updates how an action is going, if no one else has since the form was opened. */
export async function updateStatus(
  ctx: ServiceContext,
  actionId: string,
  input: StatusInput,
  planId?: string,
): Promise<{ ok: true; id: string; planId: string } | { ok: false; conflict: StatusConflict }> {
  return ctx.db.transaction(async (tx) => {
    const { plan, action } = await openAction(
      tx,
      ctx,
      actionId,
      'plan.action_status_changed',
      planId,
    );
    refuseRetired(plan);
    const [updated] = await tx
      .update(planActions)
      .set({
        status: input.status,
        statusBy: personIdOf(ctx.actor),
        statusAt: ctx.now,
        version: action.version + 1,
      })
      .where(and(eq(planActions.id, action.id), eq(planActions.version, input.version)))
      .returning();
    if (!updated)
      return {
        ok: false,
        conflict: {
          theirs: { status: action.status, version: action.version, statusAt: action.statusAt },
          yours: { status: input.status },
        },
      };
    await recordChange(tx, ctx, plan, {
      recordType: 'action',
      recordId: action.id,
      change: 'action_status_changed',
      field: 'status',
      before: statusLabels[action.status],
      after: statusLabels[input.status],
    });
    await tx.update(plans).set({ updatedAt: ctx.now }).where(eq(plans.id, plan.id));
    return { ok: true, id: action.id, planId: plan.id };
  });
}

/** Soft retire: the action leaves the plan's page; it and its history are kept. */
export async function retireAction(ctx: ServiceContext, planId: string, actionId: string) {
  await ctx.db.transaction(async (tx) => {
    const { plan, action } = await openAction(tx, ctx, actionId, 'plan.action_retired', planId);
    refuseRetired(plan);
    await tx
      .update(planActions)
      .set({ retiredAt: ctx.now, version: action.version + 1 })
      .where(eq(planActions.id, action.id));
    await recordChange(tx, ctx, plan, {
      recordType: 'action',
      recordId: action.id,
      change: 'action_retired',
      before: action.what,
    });
  });
}

/** Adds a review date; returns its id. */
export async function addReview(
  ctx: ServiceContext,
  planId: string,
  dueOn: string,
): Promise<FormSaved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { plan } = await openPlan(tx, ctx, planId, 'plan.review_added');
      refuseRetired(plan);
      // A review is looked forward to: a date gone by would be overdue, and reminded, at once.
      if (dueOn < ukToday(ctx.now))
        throw new Refusal({ dueOn: 'The review date must be today or later' });
      const [review] = await tx
        .insert(planReviews)
        .values({
          partnershipId,
          planId: plan.id,
          dueOn,
          createdBy: personIdOf(ctx.actor),
          createdAt: ctx.now,
        })
        .returning();
      await recordChange(tx, ctx, plan, {
        recordType: 'review',
        recordId: review!.id,
        change: 'review_added',
        after: dueOn,
      });
      return { ok: true as const, id: review!.id };
    }),
  );
}

export async function reviewHeld(ctx: ServiceContext, planId: string, reviewId: string) {
  await ctx.db.transaction(async (tx) => {
    const { plan } = await openPlan(tx, ctx, planId, 'plan.review_held');
    refuseRetired(plan);
    const [review] = isUuid(reviewId)
      ? await tx
          .update(planReviews)
          .set({ heldAt: ctx.now })
          .where(
            and(
              eq(planReviews.id, reviewId),
              eq(planReviews.planId, plan.id),
              isNull(planReviews.heldAt),
            ),
          )
          .returning()
      : [];
    if (!review) throw notFound();
    await recordChange(tx, ctx, plan, {
      recordType: 'review',
      recordId: review.id,
      change: 'review_held',
      after: review.dueOn,
    });
  });
}
