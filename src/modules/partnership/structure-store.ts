import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, AnyPgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.js';
import {
  localities,
  organisations,
  people,
  teamMembers,
  teams,
} from '../../platform/tenancy/tables.js';
import type { ListQuery } from './schemas.js';

// Queries on a partnership's structure: organisations, localities and teams.
// Every one takes the partnership id and filters on it.

export const PAGE_SIZE = 25;

/** What organisations, localities and teams have in common: a name unique in the partnership. */
export interface NamedTable {
  table: AnyPgTable;
  id: AnyPgColumn;
  partnershipId: AnyPgColumn;
  name: AnyPgColumn;
  retiredAt: AnyPgColumn;
}
const named = (t: typeof organisations | typeof localities | typeof teams): NamedTable => ({
  table: t,
  id: t.id,
  partnershipId: t.partnershipId,
  name: t.name,
  retiredAt: t.retiredAt,
});
export const structureTables = {
  organisation: named(organisations),
  locality: named(localities),
  team: named(teams),
};
export type StructureKind = keyof typeof structureTables;

/** ILIKE pattern for what someone typed, with its own % and _ taken literally. */
export const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const offset = (page = 1) => (page - 1) * PAGE_SIZE;

function listConditions(t: NamedTable, partnershipId: string, query: ListQuery): SQL[] {
  const where: SQL[] = [eq(t.partnershipId, partnershipId)];
  if (query.q) where.push(sql`${t.name} ilike ${containing(query.q)}`);
  if ((query.show ?? 'current') === 'current') where.push(isNull(t.retiredAt));
  if (query.show === 'retired') where.push(isNotNull(t.retiredAt));
  return where;
}

export async function nameTaken(
  db: Db,
  t: NamedTable,
  partnershipId: string,
  name: string,
  exceptId?: string,
) {
  const rows = await db
    .select({ id: t.id })
    .from(t.table)
    .where(
      and(
        eq(t.partnershipId, partnershipId),
        sql`lower(${t.name}) = lower(${name})`,
        exceptId ? ne(t.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Sets or clears retired_at; false if the record is not this partnership's. */
export async function setRetired(
  db: Db,
  t: NamedTable,
  partnershipId: string,
  id: string,
  at: Date | null,
) {
  const rows = await db
    .update(t.table)
    .set({ retiredAt: at })
    .where(and(eq(t.id, id), eq(t.partnershipId, partnershipId)))
    .returning({ id: t.id });
  return rows.length > 0;
}

/** Which of the given ids are this partnership's records. */
export async function idsInPartnership(
  db: Db,
  t: NamedTable,
  partnershipId: string,
  ids: string[],
) {
  if (!ids.length) return new Set<string>();
  const rows = await db
    .select({ id: t.id })
    .from(t.table)
    .where(and(eq(t.partnershipId, partnershipId), inArray(t.id, ids)));
  return new Set(rows.map((r) => r.id as string));
}

/** How many organisations, localities or teams a list's search and filter match in all. */
export async function countListed(
  db: Db,
  kind: StructureKind,
  partnershipId: string,
  query: ListQuery,
) {
  const t = structureTables[kind];
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(t.table)
    .where(and(...listConditions(t, partnershipId, query)));
  return row?.n ?? 0;
}

export async function listOrganisations(db: Db, partnershipId: string, query: ListQuery) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      retiredAt: organisations.retiredAt,
    })
    .from(organisations)
    .where(and(...listConditions(structureTables.organisation, partnershipId, query)))
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(PAGE_SIZE)
    .offset(offset(query.page));
}

export async function listLocalities(db: Db, partnershipId: string, query: ListQuery) {
  return db
    .select({
      id: localities.id,
      name: localities.name,
      retiredAt: localities.retiredAt,
    })
    .from(localities)
    .where(and(...listConditions(structureTables.locality, partnershipId, query)))
    .orderBy(asc(localities.name), asc(localities.id))
    .limit(PAGE_SIZE)
    .offset(offset(query.page));
}

export async function listTeams(db: Db, partnershipId: string, query: ListQuery) {
  return db
    .select({
      id: teams.id,
      name: teams.name,
      multiAgency: teams.multiAgency,
      organisationId: teams.organisationId,
      localityId: teams.localityId,
      organisationName: organisations.name,
      localityName: localities.name,
      retiredAt: teams.retiredAt,
    })
    .from(teams)
    .leftJoin(organisations, eq(organisations.id, teams.organisationId))
    .leftJoin(localities, eq(localities.id, teams.localityId))
    .where(and(...listConditions(structureTables.team, partnershipId, query)))
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(PAGE_SIZE)
    .offset(offset(query.page));
}

export async function findOrganisation(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.partnershipId, partnershipId)));
  return row ?? null;
}

export async function findLocality(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(localities)
    .where(and(eq(localities.id, id), eq(localities.partnershipId, partnershipId)));
  return row ?? null;
}

export async function findTeam(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({
      id: teams.id,
      name: teams.name,
      multiAgency: teams.multiAgency,
      organisationId: teams.organisationId,
      localityId: teams.localityId,
      organisationName: organisations.name,
      localityName: localities.name,
      createdAt: teams.createdAt,
      retiredAt: teams.retiredAt,
    })
    .from(teams)
    .leftJoin(organisations, eq(organisations.id, teams.organisationId))
    .leftJoin(localities, eq(localities.id, teams.localityId))
    .where(and(eq(teams.id, id), eq(teams.partnershipId, partnershipId)));
  return row ?? null;
}

/** The teams an organisation runs or a locality is served by, for their pages. */
export async function teamsOf(
  db: Db,
  partnershipId: string,
  by: { organisationId: string } | { localityId: string },
) {
  return db
    .select({ id: teams.id, name: teams.name, retiredAt: teams.retiredAt })
    .from(teams)
    .where(
      and(
        eq(teams.partnershipId, partnershipId),
        'organisationId' in by
          ? eq(teams.organisationId, by.organisationId)
          : eq(teams.localityId, by.localityId),
      ),
    )
    .orderBy(asc(teams.name));
}

export async function teamMembersOf(db: Db, partnershipId: string, teamId: string) {
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      roles: people.roles,
      deactivatedAt: people.deactivatedAt,
    })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.partnershipId, partnershipId)))
    .orderBy(asc(people.name))
    .limit(1000);
}

/** Choices for the selects and checkboxes of a form: current records, plus any already chosen. */
export async function choicesOf(
  db: Db,
  kind: StructureKind,
  partnershipId: string,
  keep: string[] = [],
) {
  const t = structureTables[kind];
  return db
    .select({ id: t.id, name: t.name })
    .from(t.table)
    .where(
      and(
        eq(t.partnershipId, partnershipId),
        keep.length ? or(isNull(t.retiredAt), inArray(t.id, keep)) : isNull(t.retiredAt),
      ),
    )
    .orderBy(asc(t.name))
    .limit(2000) as Promise<{ id: string; name: string }[]>;
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}
export async function updateOrganisation(
  db: Db,
  partnershipId: string,
  id: string,
  values: Partial<typeof organisations.$inferInsert>,
) {
  const rows = await db
    .update(organisations)
    .set(values)
    .where(and(eq(organisations.id, id), eq(organisations.partnershipId, partnershipId)))
    .returning();
  return rows[0] ?? null;
}

export async function insertLocality(db: Db, values: typeof localities.$inferInsert) {
  const [row] = await db.insert(localities).values(values).returning();
  return row!;
}
export async function updateLocality(
  db: Db,
  partnershipId: string,
  id: string,
  values: Partial<typeof localities.$inferInsert>,
) {
  const rows = await db
    .update(localities)
    .set(values)
    .where(and(eq(localities.id, id), eq(localities.partnershipId, partnershipId)))
    .returning();
  return rows[0] ?? null;
}

export async function insertTeam(db: Db, values: typeof teams.$inferInsert) {
  const [row] = await db.insert(teams).values(values).returning({ id: teams.id });
  return row!;
}
export async function updateTeam(
  db: Db,
  partnershipId: string,
  id: string,
  values: Partial<typeof teams.$inferInsert>,
) {
  const rows = await db
    .update(teams)
    .set(values)
    .where(and(eq(teams.id, id), eq(teams.partnershipId, partnershipId)))
    .returning({ id: teams.id });
  return rows[0] ?? null;
}
