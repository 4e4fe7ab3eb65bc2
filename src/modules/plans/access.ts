import { and, eq, inArray, isNull } from 'drizzle-orm';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, forbidden, HttpError } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import { familyMembers, familyWorkers, networkMembers } from '../families/tables.js';
import { openFamily } from '../families/policy.js';
import { plans, type AuthorKind } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// A plan is reached only through its family: openPlan finds it in the actor's partnership and
// opens its family (openFamily: 404 and an audited denial for anyone not working with it).

export type Plan = typeof plans.$inferSelect;
export type Family = Awaited<ReturnType<typeof openFamily>>;

export function partnershipOf(ctx: ServiceContext): string {
  const id = ctx.actor.partnershipId;
  if (!id) throw forbidden();
  return id;
}

/** Opens a plan and its family on the caller's transaction; audits both. */
export async function openPlan(
  tx: Db,
  ctx: ServiceContext,
  planId: string,
  action: string,
): Promise<{ plan: Plan; family: Family }> {
  const partnershipId = partnershipOf(ctx);
  const [plan] = isUuid(planId)
    ? await tx
        .select()
        .from(plans)
        .where(and(eq(plans.id, planId), eq(plans.partnershipId, partnershipId)))
    : [];
  if (!plan)
    throw deniedAsNotFound({
      action,
      recordType: 'plan',
      recordId: isUuid(planId) ? planId : null,
    });
  const family = await openFamily(tx, ctx, plan.familyId, action);
  await audit(tx, ctx, { action, recordType: 'plan', recordId: plan.id });
  return { plan, family };
}

export interface Party {
  /** "family:<id>", "network:<id>" or "professional:<id>": one value for a form's select. */
  key: string;
  kind: AuthorKind;
  id: string;
  name: string;
  /** For the family's own words: "In Jo's words". */
  detail: string;
}

export const partyKey = (kind: AuthorKind, id: string) => `${kind}:${id}`;

/** The party's name; a professional who was never allocated (a facilitator) from `others`. */
export const nameOf = (parties: Party[], kind: string, id: string, others?: Map<string, string>) =>
  parties.find((p) => p.kind === kind && p.id === id)?.name ??
  others?.get(id) ??
  'Someone no longer listed';

/**
 * Everyone who can write in, or own an action of, a family's plan: its members, its network,
 * and the professionals working with it (the allocated practitioners and whoever is acting).
 * Retired people stay nameable (`withRetired`) so old entries keep their author.
 */
export async function partiesOf(
  tx: Db,
  ctx: ServiceContext,
  familyId: string,
  withRetired = false,
): Promise<Party[]> {
  const partnershipId = partnershipOf(ctx);
  const current = <T extends { retiredAt: unknown }>(t: T) =>
    withRetired ? undefined : isNull(t.retiredAt as never);
  const members = await tx
    .select({
      id: familyMembers.id,
      name: familyMembers.name,
      relationship: familyMembers.relationship,
    })
    .from(familyMembers)
    .where(
      and(
        eq(familyMembers.partnershipId, partnershipId),
        eq(familyMembers.familyId, familyId),
        current(familyMembers),
      ),
    );
  const network = await tx
    .select({
      id: networkMembers.id,
      name: networkMembers.name,
      relationship: networkMembers.relationship,
      kind: networkMembers.kind,
    })
    .from(networkMembers)
    .where(
      and(
        eq(networkMembers.partnershipId, partnershipId),
        eq(networkMembers.familyId, familyId),
        current(networkMembers),
      ),
    );
  const workers = await tx
    .select({ id: familyWorkers.personId })
    .from(familyWorkers)
    .where(
      and(
        eq(familyWorkers.familyId, familyId),
        withRetired ? undefined : isNull(familyWorkers.endedAt),
      ),
    );
  // Whoever is acting, if a person: an API token is no one's professional and owns nothing.
  const acting = personIdOf(ctx.actor);
  const ids = [
    ...new Set([
      ...(acting ? [acting] : []),
      ...workers.map((w) => w.id).filter((id): id is string => !!id),
    ]),
  ];
  const professionals = await tx
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), inArray(people.id, ids)));
  return [
    ...members.map((m) => ({
      key: partyKey('family', m.id),
      kind: 'family' as const,
      id: m.id,
      name: m.name,
      detail: m.relationship,
    })),
    ...network.map((n) => ({
      key: partyKey('network', n.id),
      kind: 'network' as const,
      id: n.id,
      name: n.name,
      detail: n.relationship,
    })),
    ...professionals.map((p) => ({
      key: partyKey('professional', p.id),
      kind: 'professional' as const,
      id: p.id,
      name: p.name,
      detail: 'professional',
    })),
  ];
}

/** Professionals named on old records who no longer work with the family: still shown by name. */
export async function peopleNames(tx: Db, partnershipId: string, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await tx
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), inArray(people.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A party chosen on a form ("family:<id>"), checked against the family's parties. */
export function chosenParty(parties: Party[], key: string): Party | undefined {
  return parties.find((p) => p.key === key);
}

/** A retired plan is kept as it was: nothing is added to it or changed on it. */
export function refuseRetired(plan: Plan) {
  if (plan.retiredAt) throw new HttpError(400, 'This plan has been retired');
}
