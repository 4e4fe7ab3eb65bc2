import { and, desc, eq, sql } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import { apiTokens } from '../../platform/auth/tables.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { people } from '../../platform/tenancy/tables.js';
import { planChanges } from './tables.js';

// Every change to a plan leaves a row here (words before and after, who, when) and an audit row
// (ids only), on the same transaction as the change.

export interface Change {
  recordType: 'plan' | 'entry' | 'action' | 'review';
  recordId: string;
  change: string;
  field?: string;
  before?: string | null;
  after?: string | null;
  note?: string | null;
}

export async function recordChange(
  tx: Db,
  ctx: ServiceContext,
  plan: { id: string; partnershipId: string },
  c: Change,
) {
  await tx.insert(planChanges).values({
    partnershipId: plan.partnershipId,
    planId: plan.id,
    recordType: c.recordType,
    recordId: c.recordId,
    change: c.change,
    field: c.field ?? null,
    before: c.before ?? null,
    after: c.after ?? null,
    note: c.note ?? null,
    changedBy: personIdOf(ctx.actor),
    changedByToken: ctx.actor.kind === 'service' ? ctx.actor.id : null,
    changedAt: ctx.now,
  });
  await audit(tx, ctx, {
    action: `plan.${c.change}`,
    recordType: `plan_${c.recordType}`,
    recordId: c.recordId,
  });
}

/** A plan's changes, newest first, with who made them (a person, or a system's API token). */
export async function listChanges(tx: Db, planId: string, recordId?: string) {
  return tx
    .select({
      id: planChanges.id,
      recordType: planChanges.recordType,
      recordId: planChanges.recordId,
      change: planChanges.change,
      field: planChanges.field,
      before: planChanges.before,
      after: planChanges.after,
      note: planChanges.note,
      changedAt: planChanges.changedAt,
      changedByName: sql<
        string | null
      >`coalesce(${people.name}, 'API token: ' || ${apiTokens.name})`,
    })
    .from(planChanges)
    .leftJoin(people, eq(people.id, planChanges.changedBy))
    .leftJoin(apiTokens, eq(apiTokens.id, planChanges.changedByToken))
    .where(
      and(
        eq(planChanges.planId, planId),
        recordId ? eq(planChanges.recordId, recordId) : undefined,
      ),
    )
    .orderBy(desc(planChanges.changedAt), desc(planChanges.id));
}

/** Plain words for each kind of change, for the history page. */
export const changeLabels: Record<string, string> = {
  created: 'Plan started',
  retired: 'Plan retired',
  entry_added: 'Words added',
  entry_changed: 'Words changed',
  action_added: 'Action added',
  action_status_changed: 'Action status changed',
  action_retired: 'Action retired',
  review_added: 'Review date added',
  review_held: 'Review held',
};
