import { and, asc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { people, teamMembers } from '../../platform/tenancy/tables.js';
import { familyVisibleTo } from '../families/policy.js';
import { families, familyWorkers } from '../families/tables.js';
import { meetings } from '../meetings/tables.js';
import { fgcConferences, type FgcProgress } from '../meetings/tables-fgc.js';
import { anyOf } from '../../platform/db/any-of.js';

// The caseload and team view queries. Reading the meetings table here is a stopgap: the
// meetings service has no "upcoming meetings for these families" or "counts by kind" yet.
// Move these two queries behind the meetings service when it has them.

const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Allocated to one of the teams, or to a practitioner who is a member of one. Read once, as an
 * array looked up by primary key (see familyVisibleTo), and each part can use its index.
 */
function ofTeams(teamIds: string[]) {
  const members = sql`array(select ${teamMembers.personId} from ${teamMembers} where ${anyOf(teamMembers.teamId, teamIds)})`;
  return sql`${families.id} = any(array(select ${familyWorkers.familyId} from ${familyWorkers} where ${and(
    isNull(familyWorkers.endedAt),
    or(anyOf(familyWorkers.teamId, teamIds), sql`${familyWorkers.personId} = any(${members})`),
  )}))`;
}

/** One page of the families of the teams (that the actor may see), and how many in all. */
export function teamFamilies(
  db: Db,
  actor: Actor,
  teamIds: string[],
  query: { q?: string; page?: number },
) {
  const where = [familyVisibleTo(actor), isNull(families.retiredAt), ofTeams(teamIds)];
  if (query.q) where.push(sql`${families.name} ilike ${containing(query.q)}`);
  return db
    .select({
      id: families.id,
      name: families.name,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(families)
    .where(and(...where))
    .orderBy(asc(families.name), asc(families.id))
    .limit(PAGE_SIZE)
    .offset(((query.page ?? 1) - 1) * PAGE_SIZE);
}

/** The practitioners allocated to each family now (not a conference's independent coordinator). */
export function practitionersOf(db: Db, partnershipId: string, familyIds: string[]) {
  if (!familyIds.length) return Promise.resolve([]);
  return db
    .select({ familyId: familyWorkers.familyId, id: people.id, name: people.name })
    .from(familyWorkers)
    .innerJoin(people, eq(people.id, familyWorkers.personId))
    .where(
      and(
        eq(familyWorkers.partnershipId, partnershipId),
        anyOf(familyWorkers.familyId, familyIds),
        isNull(familyWorkers.endedAt),
        eq(familyWorkers.role, 'allocated'),
        isNull(people.deactivatedAt), // someone who has left works with no one
      ),
    )
    .orderBy(asc(people.name));
}

/** Planned meetings from now on, soonest first, for the given families. */
export function upcomingMeetings(db: Db, partnershipId: string, familyIds: string[], now: Date) {
  if (!familyIds.length) return Promise.resolve([]);
  return db
    .select({
      id: meetings.id,
      familyId: meetings.familyId,
      kind: meetings.kind,
      title: meetings.title,
      startsAt: meetings.startsAt,
    })
    .from(meetings)
    .where(
      and(
        eq(meetings.partnershipId, partnershipId),
        anyOf(meetings.familyId, familyIds),
        eq(meetings.status, 'planned'),
        gte(meetings.startsAt, now),
      ),
    )
    .orderBy(asc(meetings.startsAt));
}

/**
 * Meetings of all the teams' families, counted by kind and status (planned, held, cancelled),
 * and family group conferences also by the stage they have reached (null for other kinds).
 */
export function meetingCounts(db: Db, actor: Actor, teamIds: string[]) {
  // The stage is looked up for conferences only, a fifth of the meetings, not joined for all:
  // on the bench city's team of 780 families this took about a quarter off the page's slowest query.
  const stage = sql<FgcProgress | null>`case when ${meetings.kind} = 'fgc' then (select
    ${fgcConferences.stage} from ${fgcConferences} where ${fgcConferences.meetingId} = ${meetings.id}) end`;
  return db
    .select({
      kind: meetings.kind,
      status: meetings.status,
      stage,
      count: sql<number>`count(*)::int`,
    })
    .from(meetings)
    .innerJoin(families, eq(families.id, meetings.familyId))
    .where(
      and(
        eq(meetings.partnershipId, actor.partnershipId!),
        familyVisibleTo(actor),
        isNull(families.retiredAt),
        ofTeams(teamIds),
      ),
    )
    .groupBy(meetings.kind, meetings.status, stage);
}
