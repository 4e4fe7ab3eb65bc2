import { and, asc, eq, isNotNull, isNull, sql, type SQL, type WithSubquery } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import {
  organisations,
  partnerships,
  people,
  teamMembers,
  type Role,
  type TrainingLayer,
} from '../../platform/tenancy/tables.js';
import type { PeopleQuery } from './schemas.js';
import { containing, PAGE_SIZE } from './structure-store.js';

// Queries on a partnership's people. Every one takes the partnership id and filters on it.

export type PersonStatus = 'active' | 'invited' | 'deactivated';

const status = sql<PersonStatus>`case when ${people.deactivatedAt} is not null then 'deactivated'
  when ${people.passwordHash} is null then 'invited' else 'active' end`;

function peopleConditions(partnershipId: string, query: PeopleQuery): SQL[] {
  const where: SQL[] = [eq(people.partnershipId, partnershipId)];
  if (query.q) {
    // The matching ids are found first, through the trigram indexes (migration people_search),
    // as one array; left to itself the planner walks every person in name order instead.
    const pattern = containing(query.q);
    where.push(
      sql`${people.id} = any(array(select p.id from ${people} p where p.partnership_id = ${partnershipId}
        and (p.name ilike ${pattern} or p.email ilike ${pattern})))`,
    );
  }
  if (query.role) where.push(sql`${query.role} = any(${people.roles})`);
  if (query.teamId)
    where.push(
      sql`exists (select 1 from ${teamMembers} where ${teamMembers.personId} = ${people.id}
        and ${teamMembers.teamId} = ${query.teamId})`,
    );
  switch (query.status ?? 'current') {
    case 'current':
      where.push(isNull(people.deactivatedAt));
      break;
    case 'active':
      where.push(isNull(people.deactivatedAt), isNotNull(people.passwordHash));
      break;
    case 'invited':
      where.push(isNull(people.deactivatedAt), isNull(people.passwordHash));
      break;
    case 'deactivated':
      where.push(isNotNull(people.deactivatedAt));
      break;
  }
  return where;
}

/** One page of people; countPeople says how many match in all. */
export async function listPeople(db: Db, partnershipId: string, query: PeopleQuery) {
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      roles: people.roles,
      trainingLayer: people.trainingLayer,
      organisationId: people.organisationId,
      organisationName: organisations.name,
      status,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(...peopleConditions(partnershipId, query)))
    .orderBy(asc(people.name), asc(people.id))
    .limit(PAGE_SIZE)
    .offset(((query.page ?? 1) - 1) * PAGE_SIZE);
}

export async function countPeople(db: Db, partnershipId: string, query: PeopleQuery) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(...peopleConditions(partnershipId, query)));
  return row?.n ?? 0;
}

export interface PersonTeam {
  id: string;
  name: string;
  retired: boolean;
}

const thePerson = (partnershipId: string, id: string) =>
  and(eq(people.id, id), eq(people.partnershipId, partnershipId));

/** A person with their organisation and teams, in one query (after `audited`, if given). */
export async function findPerson(
  db: Db,
  partnershipId: string,
  id: string,
  audited?: WithSubquery,
) {
  const [row] = await (audited ? db.with(audited) : db)
    .select({
      id: people.id,
      partnershipId: people.partnershipId,
      name: people.name,
      email: people.email,
      roles: people.roles,
      trainingLayer: people.trainingLayer,
      organisationId: people.organisationId,
      organisationName: organisations.name,
      status,
      lastSignInAt: people.lastSignInAt,
      createdAt: people.createdAt,
      deactivatedAt: people.deactivatedAt,
      teams: sql<PersonTeam[]>`coalesce((select json_agg(json_build_object('id', t.id,
          'name', t.name, 'retired', t.retired_at is not null) order by t.name)
        from team_members tm join teams t on t.id = tm.team_id
        where tm.person_id = ${people.id}), '[]'::json)`,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(thePerson(partnershipId, id));
  return row ?? null;
}
/** The query that finds a person of the partnership, for auditedRead. */
export const personFound = (partnershipId: string, id: string) =>
  sql`select 1 from ${people} where ${thePerson(partnershipId, id)}`;

export type PersonRecord = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export async function emailTaken(db: Db, email: string, exceptId?: string) {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, email))
    .limit(1);
  return rows.length > 0 && rows[0]!.id !== exceptId;
}

/**
 * How many other people can still run the partnership (admins not deactivated). The
 * partnership's row is locked first, so two admins cannot each remove the other at once.
 */
export async function otherAdmins(db: Db, partnershipId: string, exceptId: string) {
  await db.execute(
    sql`select 1 from ${partnerships} where ${partnerships.id} = ${partnershipId} for update`,
  );
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        sql`'admin' = any(${people.roles})`,
        sql`${people.id} <> ${exceptId}`,
      ),
    );
  return row?.n ?? 0;
}

export interface PersonValues {
  name: string;
  email: string;
  organisationId: string | null;
  roles: Role[];
  trainingLayer: TrainingLayer | null;
}

export async function insertPerson(db: Db, partnershipId: string, values: PersonValues) {
  const [row] = await db
    .insert(people)
    .values({ partnershipId, ...values })
    .returning({
      id: people.id,
      name: people.name,
      email: people.email,
      partnershipId: people.partnershipId,
    });
  return row!;
}

export async function updatePerson(
  db: Db,
  partnershipId: string,
  id: string,
  values: Partial<PersonValues> & { deactivatedAt?: Date | null },
) {
  const rows = await db
    .update(people)
    .set(values)
    .where(and(eq(people.id, id), eq(people.partnershipId, partnershipId)))
    .returning({ id: people.id });
  return rows.length > 0;
}

export async function setTeams(db: Db, partnershipId: string, personId: string, teamIds: string[]) {
  await db.delete(teamMembers).where(eq(teamMembers.personId, personId));
  if (teamIds.length)
    await db
      .insert(teamMembers)
      .values([...new Set(teamIds)].map((teamId) => ({ partnershipId, teamId, personId })));
}

export async function partnershipName(db: Db, partnershipId: string) {
  const [row] = await db
    .select({ name: partnerships.name })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId));
  return row?.name ?? '';
}
