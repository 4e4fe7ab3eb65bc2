import { and, eq, exists, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, hasRole, isMember } from '../../platform/access/actor.js';
import { teamMembers } from '../../platform/tenancy/tables.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound } from '../../platform/http/errors.js';
import { families, familyWorkers } from './tables.js';

/**
 * An allocation that lets the actor see the family: to them, or to one of their teams; and for a
 * manager, to a person in one of their teams (a practitioner of theirs allocated on their own).
 */
function allocatedTo(actor: Actor) {
  if (!isMember(actor)) return undefined;
  const person = actor.kind === 'person';
  const byPerson = person ? eq(familyWorkers.personId, actor.id) : undefined;
  const teams = [...actor.teamIds];
  const byTeam = teams.length ? inArray(familyWorkers.teamId, teams) : undefined;
  const byTeamMember =
    person && teams.length && hasRole(actor, 'manager')
      ? inArray(
          familyWorkers.personId,
          sql`(select ${teamMembers.personId} from ${teamMembers} where ${and(
            eq(teamMembers.partnershipId, actor.partnershipId),
            inArray(teamMembers.teamId, teams),
          )})`,
        )
      : undefined;
  if (!byPerson && !byTeam) return undefined;
  return { partnershipId: actor.partnershipId, allocated: or(byPerson, byTeam, byTeamMember) };
}

/**
 * Who may see a family's record: the practitioners allocated to it, the members of the teams
 * allocated to it, and the managers of those practitioners (of a team they are in). No one else,
 * whatever their role: a family of another team does not exist for them (404).
 *
 * A service account (API token) is scoped like a person by the teams its admin chose: it sees
 * the families allocated to those teams. Nothing can be allocated to a token itself, so the
 * rule by person never matches one, and a token with no teams sees no family.
 */
export function familyVisibleTo(actor: Actor): SQL {
  const rule = allocatedTo(actor);
  if (!rule) return sql`false`;
  const { partnershipId, allocated } = rule;
  return and(
    eq(families.partnershipId, partnershipId),
    exists(
      sql`(select 1 from ${familyWorkers} where ${and(
        eq(familyWorkers.familyId, families.id),
        isNull(familyWorkers.endedAt),
        allocated,
      )})`,
    ),
  )!;
}

/**
 * The same rule as familyVisibleTo, for lists: the actor's allocations are read once, as an
 * array the planner looks families up in by primary key, instead of probing the allocations of
 * each of the partnership's families in turn (40,000 probes in a city, for a caseload of 20).
 */
export function amongVisibleFamilies(actor: Actor): SQL {
  const rule = allocatedTo(actor);
  if (!rule) return sql`false`;
  const { partnershipId, allocated } = rule;
  return and(
    eq(families.partnershipId, partnershipId),
    sql`${families.id} = any(array(select ${familyWorkers.familyId} from ${familyWorkers} where ${and(
      eq(familyWorkers.partnershipId, partnershipId),
      isNull(familyWorkers.endedAt),
      allocated,
    )}))`,
  )!;
}

type Family = typeof families.$inferSelect;

/** The family, if the actor may see it; refused as not found (audited after the rollback). */
async function visibleFamily(tx: Db, ctx: ServiceContext, familyId: string, action: string) {
  const [family] = isUuid(familyId)
    ? await tx
        .select()
        .from(families)
        .where(and(eq(families.id, familyId), familyVisibleTo(ctx.actor)))
    : [];
  if (!family) throw deniedAsNotFound(familyEntry(familyId, action));
  return family;
}

const familyEntry = (familyId: string, action: string) => ({
  action,
  recordType: 'family',
  recordId: isUuid(familyId) ? familyId : null,
});

/**
 * Opens a family's record for changing (or reading, as part of a change), on the caller's
 * transaction, and audits it. Refused: not found, and the refusal is audited after the
 * transaction rolls back. Every capability that touches a family goes through this or readFamily.
 */
export async function openFamily(
  tx: Db,
  ctx: ServiceContext,
  familyId: string,
  action: string,
): Promise<Family> {
  const family = await visibleFamily(tx, ctx, familyId, action);
  await audit(tx, ctx, familyEntry(familyId, action));
  return family;
}

/**
 * A read of a family's record, in a transaction of its own: the family (refused as openFamily
 * refuses), then `read`, then the audit row. The audit row goes last because the chain's lock is
 * taken at its insert and held to commit (ADR 0002): written first, every other audited read of
 * the partnership would wait for all of this read's queries, not for its commit alone.
 */
export function readFamily<T>(
  ctx: ServiceContext,
  familyId: string,
  action: string,
  read: (tx: Db, family: Family) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const family = await visibleFamily(tx, ctx, familyId, action);
    const result = await read(tx, family);
    await audit(tx, ctx, familyEntry(familyId, action));
    return result;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);
