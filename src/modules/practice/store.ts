import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { people, teamMembers, teams } from '../../platform/tenancy/tables.js';
import { familyVisibleTo } from '../families/policy.js';
import { families, familyMembers } from '../families/tables.js';
import type { ListQuery } from './schemas.js';
import { practiceLogs, type PracticeKind } from './tables.js';
import { anyOf } from '../../platform/db/any-of.js';

// The queries on practice logs, nothing else. Every query filters on the partnership.

const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function insertLog(db: Db, values: typeof practiceLogs.$inferInsert) {
  const [row] = await db.insert(practiceLogs).values(values).returning({ id: practiceLogs.id });
  return row!.id;
}

export async function findLog(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(practiceLogs)
    .where(
      and(
        eq(practiceLogs.id, id),
        eq(practiceLogs.partnershipId, partnershipId),
        isNull(practiceLogs.retiredAt),
      ),
    );
  return row;
}

const listColumns = (actor: Actor) => ({
  id: practiceLogs.id,
  kind: practiceLogs.kind,
  withWhom: practiceLogs.withWhom,
  context: practiceLogs.context,
  contextOther: practiceLogs.contextOther,
  note: practiceLogs.note,
  happenedAt: practiceLogs.happenedAt,
  familyId: practiceLogs.familyId,
  meetingId: practiceLogs.meetingId,
  practitionerId: practiceLogs.practitionerId,
  practitionerName: people.name,
  // A family the actor can no longer see is not named.
  familyName: sql<string | null>`case when ${familyVisibleTo(actor)} then ${families.name} end`,
  total: sql<number>`(count(*) over ())::int`,
});

function page(query: ListQuery) {
  return { limit: PAGE_SIZE, offset: ((query.page ?? 1) - 1) * PAGE_SIZE };
}

function search(q: string | undefined) {
  if (!q) return undefined;
  const like = containing(q);
  return sql`(${practiceLogs.withWhom} ilike ${like} or ${practiceLogs.note} ilike ${like}
    or ${practiceLogs.contextOther} ilike ${like} or ${practiceLogs.context} ilike ${like})`;
}

/** The actor's own logs, newest first. */
export function listMine(db: Db, actor: Actor, query: ListQuery) {
  const { limit, offset } = page(query);
  return db
    .select(listColumns(actor))
    .from(practiceLogs)
    .innerJoin(people, eq(people.id, practiceLogs.practitionerId))
    .leftJoin(families, eq(families.id, practiceLogs.familyId))
    .where(
      and(
        eq(practiceLogs.partnershipId, actor.partnershipId!),
        eq(practiceLogs.practitionerId, actor.id!),
        isNull(practiceLogs.retiredAt),
        search(query.q),
      ),
    )
    .orderBy(desc(practiceLogs.happenedAt), desc(practiceLogs.id))
    .limit(limit)
    .offset(offset);
}

/** A family's logs, by anyone, newest first. The caller has opened the family. */
export function listForFamily(db: Db, actor: Actor, familyId: string, query: ListQuery) {
  const { limit, offset } = page(query);
  return db
    .select(listColumns(actor))
    .from(practiceLogs)
    .innerJoin(people, eq(people.id, practiceLogs.practitionerId))
    .leftJoin(families, eq(families.id, practiceLogs.familyId))
    .where(
      and(
        eq(practiceLogs.partnershipId, actor.partnershipId!),
        eq(practiceLogs.familyId, familyId),
        isNull(practiceLogs.retiredAt),
        search(query.q),
      ),
    )
    .orderBy(desc(practiceLogs.happenedAt), desc(practiceLogs.id))
    .limit(limit)
    .offset(offset);
}

export async function retireLog(db: Db, id: string, now: Date) {
  await db.update(practiceLogs).set({ retiredAt: now }).where(eq(practiceLogs.id, id));
}

/** Links the log to its meeting; false if it already had one (two submits at once). */
export async function linkMeeting(db: Db, id: string, meetingId: string, now: Date) {
  const linked = await db
    .update(practiceLogs)
    .set({ meetingId, escalatedAt: now })
    .where(and(eq(practiceLogs.id, id), isNull(practiceLogs.meetingId)))
    .returning({ id: practiceLogs.id });
  return linked.length > 0;
}

export async function familyMember(db: Db, partnershipId: string, familyId: string, id: string) {
  const [row] = await db
    .select({ id: familyMembers.id, name: familyMembers.name })
    .from(familyMembers)
    .where(
      and(
        eq(familyMembers.id, id),
        eq(familyMembers.partnershipId, partnershipId),
        eq(familyMembers.familyId, familyId),
        isNull(familyMembers.retiredAt),
      ),
    );
  return row;
}

export function familyMemberChoices(db: Db, partnershipId: string, familyId: string) {
  return db
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
        isNull(familyMembers.retiredAt),
      ),
    )
    .orderBy(asc(familyMembers.name));
}

/** The families the actor may see, for choosing one when escalating a log that has none. */
export function visibleFamilies(db: Db, actor: Actor) {
  return db
    .select({ id: families.id, name: families.name })
    .from(families)
    .where(and(familyVisibleTo(actor), isNull(families.retiredAt)))
    .orderBy(asc(families.name))
    .limit(500);
}

export interface CountRow {
  practitionerId: string;
  kind: PracticeKind;
  week: number;
  month: number;
}

/** Logs this week and this month, by practitioner and kind. */
export function countsFor(
  db: Db,
  partnershipId: string,
  practitionerIds: string[],
  weekStart: Date,
  monthStart: Date,
): Promise<CountRow[]> {
  if (!practitionerIds.length) return Promise.resolve([]);
  const since = weekStart < monthStart ? weekStart : monthStart;
  return db
    .select({
      practitionerId: practiceLogs.practitionerId,
      kind: practiceLogs.kind,
      week: sql<number>`(count(*) filter (where ${practiceLogs.happenedAt} >= ${weekStart.toISOString()}))::int`,
      month: sql<number>`(count(*) filter (where ${practiceLogs.happenedAt} >= ${monthStart.toISOString()}))::int`,
    })
    .from(practiceLogs)
    .where(
      and(
        eq(practiceLogs.partnershipId, partnershipId),
        anyOf(practiceLogs.practitionerId, practitionerIds),
        isNull(practiceLogs.retiredAt),
        gte(practiceLogs.happenedAt, since),
      ),
    )
    .groupBy(practiceLogs.practitionerId, practiceLogs.kind);
}

export async function findTeam(db: Db, partnershipId: string, teamId: string) {
  const [row] = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      and(eq(teams.id, teamId), eq(teams.partnershipId, partnershipId), isNull(teams.retiredAt)),
    );
  return row;
}

export function teamsNamed(db: Db, partnershipId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      and(inArray(teams.id, ids), eq(teams.partnershipId, partnershipId), isNull(teams.retiredAt)),
    )
    .orderBy(asc(teams.name));
}

/** A team's current members (deactivated people left out). */
export function teamPeople(db: Db, partnershipId: string, teamId: string) {
  return db
    .select({ id: people.id, name: people.name })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(
      and(
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
      ),
    )
    .orderBy(asc(people.name));
}
