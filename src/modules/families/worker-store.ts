import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { people, teams } from '../../platform/tenancy/tables.js';
import { familyWorkers, type WorkerRole } from './tables.js';

// Who is working with the family

const current = (partnershipId: string, familyId: string) =>
  and(
    eq(familyWorkers.partnershipId, partnershipId),
    eq(familyWorkers.familyId, familyId),
    isNull(familyWorkers.endedAt),
  );

/**
 * Everyone working with the family now, with the practitioner's or team's name: allocated
 * practitioners first, then teams, then independent coordinators.
 */
export async function listWorkers(db: Db, partnershipId: string, familyId: string) {
  return db
    .select({
      id: familyWorkers.id,
      personId: familyWorkers.personId,
      personName: people.name,
      /** A person deactivated since (they have left): shown, so the allocation can be ended. */
      personLeft: sql<boolean>`${people.deactivatedAt} is not null`,
      teamId: familyWorkers.teamId,
      teamName: teams.name,
      role: familyWorkers.role,
      startedAt: familyWorkers.startedAt,
    })
    .from(familyWorkers)
    .leftJoin(people, eq(people.id, familyWorkers.personId))
    .leftJoin(teams, eq(teams.id, familyWorkers.teamId))
    .where(current(partnershipId, familyId))
    .orderBy(
      sql`(${familyWorkers.role} = 'coordinator') asc`,
      sql`(${familyWorkers.personId} is null) asc`,
      asc(sql`coalesce(${people.name}, ${teams.name})`),
      desc(familyWorkers.startedAt),
    );
}
export type WorkerRow = Awaited<ReturnType<typeof listWorkers>>[number];

export async function insertWorkers(
  db: Db,
  partnershipId: string,
  familyId: string,
  workers: { personId?: string; teamId?: string; role?: WorkerRole }[],
  now: Date,
) {
  if (!workers.length) return [];
  return db
    .insert(familyWorkers)
    .values(workers.map((w) => ({ partnershipId, familyId, startedAt: now, ...w })))
    .returning({ id: familyWorkers.id });
}

/** The people allocated to the family themselves (not through a team), by name. */
export function allocatedPeople(db: Db, partnershipId: string, familyId: string) {
  return db
    .selectDistinct({ id: people.id, name: people.name })
    .from(familyWorkers)
    .innerJoin(people, eq(people.id, familyWorkers.personId))
    .where(and(current(partnershipId, familyId), eq(familyWorkers.role, 'allocated')))
    .orderBy(asc(people.name), asc(people.id));
}

/** A person's current row in one role, if they have one. */
export async function findPersonRow(
  db: Db,
  partnershipId: string,
  familyId: string,
  personId: string,
  role: WorkerRole,
) {
  const [row] = await db
    .select({ id: familyWorkers.id })
    .from(familyWorkers)
    .where(
      and(
        current(partnershipId, familyId),
        eq(familyWorkers.personId, personId),
        eq(familyWorkers.role, role),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function endWorker(
  db: Db,
  partnershipId: string,
  familyId: string,
  id: string,
  now: Date,
) {
  const rows = await db
    .update(familyWorkers)
    .set({ endedAt: now })
    .where(
      and(
        eq(familyWorkers.partnershipId, partnershipId),
        eq(familyWorkers.familyId, familyId),
        eq(familyWorkers.id, id),
        isNull(familyWorkers.endedAt),
      ),
    )
    .returning({ id: familyWorkers.id });
  return rows.length > 0;
}

/** Who may be allocated: active people in the partnership who work with families. */
export async function practitionerChoices(db: Db, partnershipId: string, ids?: string[]) {
  if (ids && !ids.length) return [];
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        sql`${people.roles} && array['practitioner','manager','facilitator']::text[]`,
        ids ? inArray(people.id, ids) : undefined,
      ),
    )
    .orderBy(asc(people.name), asc(people.id));
}

/** Teams that may be allocated: the partnership's current teams. */
export async function teamChoices(db: Db, partnershipId: string, ids?: string[]) {
  if (ids && !ids.length) return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      and(
        eq(teams.partnershipId, partnershipId),
        isNull(teams.retiredAt),
        ids ? inArray(teams.id, ids) : undefined,
      ),
    )
    .orderBy(asc(teams.name), asc(teams.id));
}
