import { Refusal, refusable } from '../../platform/http/forms.js';
import { and, desc, eq, sql } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { openFamily, readFamily } from '../families/policy.js';
import { meetingOutcome } from '../meetings/service.js';
import { openPlan, partnershipOf } from './access.js';
import { listChanges, recordChange } from './changes.js';
import { overdueForFamilies } from './overdue.js';
import { type Saved } from './refusal.js';
import type { PlanInput } from './schemas.js';
import { currentSections } from './sections.js';
import { planActions, planEntries, planReviews, plans } from './tables.js';

// A family's plans as records: listing them, starting one (directly, or from a meeting's agreed
// outcome), its history, and retiring it (kept, with its history).

// The outer plan's id spelt out: drizzle leaves a one-table select's columns unqualified, and a
// bare "id" inside a subquery would be the review's or action's own.
const planIdOuter = sql`${plans}.${sql.identifier(plans.id.name)}`;

/** The family's plans, newest first, with what is overdue. */
export async function listPlans(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  const result = await readFamily(ctx, familyId, 'plan.listed', async (db, family) => {
    const rows = await db
      .select({
        id: plans.id,
        title: plans.title,
        createdAt: plans.createdAt,
        updatedAt: plans.updatedAt,
        retiredAt: plans.retiredAt,
        meetingId: plans.meetingId,
        nextReview: sql<
          string | null
        >`(select min(${planReviews.dueOn}) from ${planReviews} where ${planReviews.planId} = ${planIdOuter} and ${planReviews.heldAt} is null and ${planReviews.retiredAt} is null)`,
        openActions: sql<number>`(select count(*)::int from ${planActions} where ${planActions.planId} = ${planIdOuter} and ${planActions.status} <> 'done' and ${planActions.retiredAt} is null)`,
      })
      .from(plans)
      .where(and(eq(plans.partnershipId, partnershipId), eq(plans.familyId, family.id)))
      .orderBy(sql`${plans.retiredAt} is not null`, desc(plans.createdAt));
    return { family, plans: rows };
  });
  const overdue = await overdueForFamilies(ctx, [result.family.id]);
  return { ...result, overdue };
}

/** The new plan form: the family, and a meeting's agreed outcome to start from if one is given. */
export async function newPlanForm(ctx: ServiceContext, familyId: string, meetingId?: string) {
  const family = await readFamily(ctx, familyId, 'family.viewed', async (_db, family) => family);
  if (!meetingId) return { family, meeting: null };
  const meeting = await meetingOutcome(ctx, meetingId);
  if (meeting.familyId !== family.id) throw notFound();
  return { family, meeting };
}

export async function createPlan(
  ctx: ServiceContext,
  familyId: string,
  input: PlanInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  // A meeting's outcome is read (and audited) through the meetings service, as it is theirs.
  const meeting = input.meetingId ? await meetingOutcome(ctx, input.meetingId) : null;
  const acting = personIdOf(ctx.actor);
  const outcome = input.outcome ?? meeting?.outcome;
  // The outcome's words are attributed to whoever makes the plan from them. An API token is no
  // one, so it may only carry over the meeting's own words, attributed to whoever recorded them
  // there (or the facilitator); it never puts new words in someone's name.
  const author =
    acting ??
    (meeting && outcome === meeting.outcome
      ? (meeting.outcomeRecordedBy ?? meeting.facilitatorId)
      : null);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const family = await openFamily(tx, ctx, familyId, 'plan.created');
      if (meeting && meeting.familyId !== family.id) throw notFound();
      if (outcome && !author)
        throw new Refusal({
          outcome:
            'An API token cannot write in anyone’s name. Leave out the outcome, then add the words to the plan saying whose they are.',
        });
      const [plan] = await tx
        .insert(plans)
        .values({
          partnershipId,
          familyId: family.id,
          title: input.title,
          meetingId: meeting?.meetingId ?? null,
          createdBy: acting,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      await recordChange(tx, ctx, plan!, {
        recordType: 'plan',
        recordId: plan!.id,
        change: 'created',
        after: input.title,
      });
      if (outcome) {
        // The agreed outcome goes in the last section ("What needs to happen" by default), in the
        // words the meeting recorded, attributed to whoever made the plan from it.
        const sections = await currentSections(tx, partnershipId);
        const section = sections[sections.length - 1]!;
        const [entry] = await tx
          .insert(planEntries)
          .values({
            partnershipId,
            planId: plan!.id,
            sectionId: section.id,
            authorKind: 'professional',
            authorId: author!,
            text: outcome,
            recordedBy: acting,
            createdAt: ctx.now,
            updatedBy: acting,
            updatedAt: ctx.now,
          })
          .returning();
        await recordChange(tx, ctx, plan!, {
          recordType: 'entry',
          recordId: entry!.id,
          change: 'entry_added',
          after: outcome,
          // "Agreed" only for the meeting's own words: changed on the way, the history says so.
          // Words written with no meeting behind them need no reason.
          note: !meeting
            ? undefined
            : outcome === meeting.outcome
              ? 'Agreed at the meeting'
              : 'From the meeting’s outcome, with changes made when the plan was written',
        });
      }
      return { ok: true as const, id: plan!.id };
    }),
  );
}

/** Every change to the plan, newest first: the readable history. */
export async function planHistory(ctx: ServiceContext, planId: string) {
  return ctx.db.transaction(async (tx) => {
    const { plan, family } = await openPlan(tx, ctx, planId, 'plan.history_viewed');
    return { plan, family, changes: await listChanges(tx, plan.id) };
  });
}

export async function planForRetire(ctx: ServiceContext, planId: string) {
  return ctx.db.transaction((tx) => openPlan(tx, ctx, planId, 'plan.viewed'));
}

/** Soft retire: the plan and its history stay, listed as retired. */
export async function retirePlan(ctx: ServiceContext, planId: string) {
  return ctx.db.transaction(async (tx) => {
    const { plan, family } = await openPlan(tx, ctx, planId, 'plan.retired');
    if (!plan.retiredAt) {
      await tx
        .update(plans)
        .set({ retiredAt: ctx.now, retiredBy: personIdOf(ctx.actor), version: plan.version + 1 })
        .where(eq(plans.id, plan.id));
      await recordChange(tx, ctx, plan, {
        recordType: 'plan',
        recordId: plan.id,
        change: 'retired',
      });
    }
    return family.id;
  });
}
