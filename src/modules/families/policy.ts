import { and, eq, exists, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, hasRole, isMember } from '../../platform/access/actor.js';
import { teamMembers } from '../../platform/tenancy/tables.js';
import { audit, auditedRead } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound } from '../../platform/http/errors.js';
import { families, familyWorkers } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

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

/**
 * The family, if the actor may see it; refused as not found (the error handler audits the
 * refusal, after any rollback). With `audited`, the same statement writes the read's audit row
 * when the family is found.
 */
async function visibleFamily(
  db: Db,
  ctx: ServiceContext,
  familyId: string,
  action: string,
  audited = false,
) {
  let family: Family | undefined;
  if (isUuid(familyId)) {
    const where = and(eq(families.id, familyId), familyVisibleTo(ctx.actor));
    if (audited) {
      const found = db.$with('found').as(db.select().from(families).where(where));
      const row = auditedRead(db, ctx, familyEntry(familyId, action), sql`select 1 from ${found}`);
      [family] = await db.with(found, row).select().from(found);
    } else [family] = await db.select().from(families).where(where);
  }
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
 * transaction rolls back. Every capability that touches a family goes through this, readFamily or
 * readFamilyPart.
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
 * Opens the family of one of its meetings, for that meeting's services only: as openFamily, and
 * also for the person facilitating it. A circle's or restorative conference's facilitator may be
 * anyone in the partnership (from a team not working with the family, say), and must reach the
 * meeting they run and are named on its invitations as the contact. Their access stops at that
 * meeting: every other way into the family's record is openFamily, readFamily or
 * readFamilyPart, which still refuse them. Not for a family group conference, whose coordinator
 * is allocated to the family while it runs (fgc-coordinator.ts), nor for a cancelled meeting,
 * which no one runs. Audited as openFamily is; refused (404) as it refuses. `onlyFacilitating`
 * says the family is open to them for this reason alone, so that they cannot pass the meeting on.
 */
export async function openFamilyOfMeeting(
  tx: Db,
  ctx: ServiceContext,
  meeting: { familyId: string; facilitatorId: string | null; kind: string; status: string },
  action: string,
): Promise<Family & { onlyFacilitating?: true }> {
  const { actor } = ctx;
  const facilitating =
    isMember(actor) &&
    actor.kind === 'person' &&
    actor.id === meeting.facilitatorId &&
    meeting.kind !== 'fgc' &&
    meeting.status !== 'cancelled';
  if (!facilitating) return openFamily(tx, ctx, meeting.familyId, action);
  const [found] = await tx
    .select({ family: families, sees: sql<boolean>`${familyVisibleTo(actor)}` })
    .from(families)
    .where(and(eq(families.id, meeting.familyId), eq(families.partnershipId, actor.partnershipId)));
  if (!found) throw deniedAsNotFound(familyEntry(meeting.familyId, action));
  await audit(tx, ctx, familyEntry(meeting.familyId, action));
  return found.sees ? found.family : { ...found.family, onlyFacilitating: true };
}

/**
 * A read of a family's record: the family (refused as openFamily refuses) and the read's audit
 * row in one statement, committed before `read` runs; then `read`. No part of the record is read
 * before its row is on the log, and the chain's lock (ADR 0002) is held for that one statement
 * only, not for the read's queries (ADR 0010). A read that then fails leaves its row: the log may
 * say more was read than was, never less.
 */
export async function readFamily<T>(
  ctx: ServiceContext,
  familyId: string,
  action: string,
  read: (db: Db, family: Family) => Promise<T>,
): Promise<T> {
  const family = await visibleFamily(ctx.db, ctx, familyId, action, true);
  return read(ctx.db, family);
}

/**
 * A read of one part of a family's record that may not be there (a member, a network member, an
 * allocation), in a transaction: the family, then `read`, then the audit row, as readFamily did
 * before ADR 0010. A part not found throws in `read`, which rolls back, so it writes no row.
 */
export function readFamilyPart<T>(
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
