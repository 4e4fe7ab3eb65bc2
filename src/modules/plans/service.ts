import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { openFamily, isUuid } from '../families/policy.js';
import { meetingOutcome } from '../meetings/service.js';
import {
  chosenParty,
  openPlan,
  partiesOf,
  partnershipOf,
  peopleNames,
  type Party,
} from './access.js';
import { listChanges, recordChange } from './changes.js';
import type { EntryEditInput, EntryInput, PlanInput } from './schemas.js';
import { allSections, currentSections } from './sections.js';
import { planActions, planEntries, planReviews, plans } from './tables.js';
import { overdueForFamilies } from './overdue.js';

export { openPlansOf, type OpenPlanSummary } from './family-summary.js';

// Family-led plans and the words in them. Who said each part is kept; the family's words are
// marked as theirs, and changing anyone's words keeps the old words, who changed them and why.

/** A rule broken after the plan was opened: thrown to roll back (audit row included), then returned. */
export class Refusal extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('refused');
  }
}

export async function refusable<T>(
  run: () => Promise<T>,
): Promise<T | { ok: false; errors: Record<string, string> }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, errors: error.errors };
    throw error;
  }
}

export type Saved =
  | { ok: true; id: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; conflict: Conflict };

/** Two saves of one thing: what is there now (theirs) and what this person tried to save. */
export interface Conflict {
  theirs: { text: string; version: number; changedBy: string | null; changedAt: Date };
  yours: Record<string, string>;
}

// The outer plan's id spelt out: drizzle leaves a one-table select's columns unqualified, and a
// bare "id" inside a subquery would be the review's or action's own.
const planIdOuter = sql`${plans}.${sql.identifier(plans.id.name)}`;

/** The family's plans, newest first, with what is overdue. */
export async function listPlans(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'plan.listed');
    const rows = await tx
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
  const family = await ctx.db.transaction((tx) => openFamily(tx, ctx, familyId, 'family.viewed'));
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
          note: 'Agreed at the meeting',
        });
      }
      return { ok: true as const, id: plan!.id };
    }),
  );
}

/** The party's name; a professional who was never allocated (a facilitator) from `others`. */
const nameOf = (parties: Party[], kind: string, id: string, others?: Map<string, string>) =>
  parties.find((p) => p.kind === kind && p.id === id)?.name ??
  others?.get(id) ??
  'Someone no longer listed';

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
    const others = await peopleNames(
      tx,
      partnershipId,
      entries.filter((e) => e.authorKind === 'professional').map((e) => e.authorId),
    );
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
    const actions = await tx
      .select()
      .from(planActions)
      .where(and(eq(planActions.planId, plan.id), isNull(planActions.retiredAt)))
      .orderBy(asc(planActions.dueOn), asc(planActions.createdAt));
    const reviews = await tx
      .select()
      .from(planReviews)
      .where(and(eq(planReviews.planId, plan.id), isNull(planReviews.retiredAt)))
      .orderBy(asc(planReviews.dueOn));
    const byId = await peopleNames(
      tx,
      partnershipId,
      actions.map((a) => a.statusBy).filter((id): id is string => !!id),
    );
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
        ownerName: nameOf(allParties, a.ownerKind, a.ownerId),
        statusByName: a.statusBy ? (byId.get(a.statusBy) ?? null) : null,
      })),
      reviews,
    };
  });
}

export async function addEntry(
  ctx: ServiceContext,
  planId: string,
  input: EntryInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { plan, family } = await openPlan(tx, ctx, planId, 'plan.entry_added');
      if (plan.retiredAt) throw new HttpError(400, 'This plan has been retired');
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
      const entry = await findEntry(tx, plan.id, entryId);
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
      if (updated.text !== entry.text || input.note)
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
