import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { organisations, people } from '../../platform/tenancy/tables.js';
import { COMPLETES } from './attendance.js';
import { trainingCourses } from './tables.js';
import {
  trainingAlsAttendance,
  trainingAlsCohorts,
  trainingAlsMembers,
  trainingAlsSessions,
} from './tables-als.js';

// The queries on the action learning set tables. Every one takes the partnership id.

export type Cohort = typeof trainingAlsCohorts.$inferSelect;
export type AlsSession = typeof trainingAlsSessions.$inferSelect;

const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const completing = sql.join(
  COMPLETES.map((a) => sql`${a}`),
  sql`, `,
);

/**
 * Completed sets as rows of (person_id, course_id, completed_at), for completion.ts to add to
 * every other completion. A member completes the set at the end of the session at which their
 * count of sessions attended (or arrived late to) reaches the set's rule.
 */
export function alsCompletionsSql(partnershipId: string): SQL {
  return sql`
    select x.person_id, x.course_id, x.ends_at as completed_at from (
      select a.person_id, c.course_id, c.min_attended, s.ends_at,
        row_number() over (partition by c.id, a.person_id order by s.starts_at, s.id) as n
      from training_als_attendance a
      join training_als_sessions s on s.id = a.session_id
      join training_als_cohorts c on c.id = s.cohort_id
      where a.partnership_id = ${partnershipId} and a.attendance in (${completing})
    ) x where x.n = x.min_attended`;
}

export async function findCohort(db: Db, partnershipId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(trainingAlsCohorts)
    .where(and(eq(trainingAlsCohorts.partnershipId, partnershipId), eq(trainingAlsCohorts.id, id)));
  // Locked while members are added, so two additions cannot both take the last place.
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

type CohortQuery = { q: string; page: number; facilitatorId?: string };

const cohortsWhere = (partnershipId: string, opts: CohortQuery) =>
  and(
    eq(trainingAlsCohorts.partnershipId, partnershipId),
    opts.q ? sql`${trainingAlsCohorts.name} ilike ${containing(opts.q)}` : undefined,
    opts.facilitatorId ? eq(trainingAlsCohorts.facilitatorId, opts.facilitatorId) : undefined,
  );

/** How many sets match, for a list's page count. */
export async function countCohorts(db: Db, partnershipId: string, opts: CohortQuery) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(trainingAlsCohorts)
    .where(cohortsWhere(partnershipId, opts));
  return row?.n ?? 0;
}

/** One page of sets, newest first; `facilitatorId` narrows it to the sets one person runs. */
export async function listCohorts(db: Db, partnershipId: string, opts: CohortQuery) {
  return db
    .select({
      id: trainingAlsCohorts.id,
      name: trainingAlsCohorts.name,
      places: trainingAlsCohorts.places,
      facilitator: people.name,
      firstAt: sql<Date>`(select min(s.starts_at) from ${trainingAlsSessions} s
        where s.cohort_id = ${trainingAlsCohorts.id})`.mapWith(trainingAlsSessions.startsAt),
      lastEndsAt: sql<Date>`(select max(s.ends_at) from ${trainingAlsSessions} s
        where s.cohort_id = ${trainingAlsCohorts.id})`.mapWith(trainingAlsSessions.endsAt),
      members: sql<number>`(select count(*)::int from ${trainingAlsMembers} m
        where m.cohort_id = ${trainingAlsCohorts.id} and m.removed_at is null)`,
    })
    .from(trainingAlsCohorts)
    .innerJoin(people, eq(people.id, trainingAlsCohorts.facilitatorId))
    .where(cohortsWhere(partnershipId, opts))
    .orderBy(
      desc(trainingAlsCohorts.createdAt),
      asc(trainingAlsCohorts.name),
      asc(trainingAlsCohorts.id),
    )
    .limit(PAGE_SIZE)
    .offset((opts.page - 1) * PAGE_SIZE);
}

export async function sessionsOf(db: Db, partnershipId: string, cohortIds: string[]) {
  if (!cohortIds.length) return [];
  return db
    .select()
    .from(trainingAlsSessions)
    .where(
      and(
        eq(trainingAlsSessions.partnershipId, partnershipId),
        inArray(trainingAlsSessions.cohortId, cohortIds),
      ),
    )
    .orderBy(asc(trainingAlsSessions.cohortId), asc(trainingAlsSessions.number));
}

export async function findSession(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(trainingAlsSessions)
    .where(
      and(eq(trainingAlsSessions.partnershipId, partnershipId), eq(trainingAlsSessions.id, id)),
    );
  return row ?? null;
}

/** Everyone who has been a member, current or removed, with their organisation. */
export async function membersOf(db: Db, partnershipId: string, cohortId: string) {
  return db
    .select({
      id: trainingAlsMembers.id,
      personId: people.id,
      name: people.name,
      organisation: organisations.name,
      addedAt: trainingAlsMembers.addedAt,
      removedAt: trainingAlsMembers.removedAt,
    })
    .from(trainingAlsMembers)
    .innerJoin(people, eq(people.id, trainingAlsMembers.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(
      and(
        eq(trainingAlsMembers.partnershipId, partnershipId),
        eq(trainingAlsMembers.cohortId, cohortId),
      ),
    )
    .orderBy(asc(people.name), asc(people.id));
}

export async function findMember(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({
      id: trainingAlsMembers.id,
      cohortId: trainingAlsMembers.cohortId,
      personId: trainingAlsMembers.personId,
      name: people.name,
      removedAt: trainingAlsMembers.removedAt,
    })
    .from(trainingAlsMembers)
    .innerJoin(people, eq(people.id, trainingAlsMembers.personId))
    .where(and(eq(trainingAlsMembers.partnershipId, partnershipId), eq(trainingAlsMembers.id, id)));
  return row ?? null;
}

/** Every mark of every session of these sets. */
export async function marksOf(db: Db, partnershipId: string, sessionIds: string[]) {
  if (!sessionIds.length) return [];
  return db
    .select({
      sessionId: trainingAlsAttendance.sessionId,
      personId: trainingAlsAttendance.personId,
      attendance: trainingAlsAttendance.attendance,
    })
    .from(trainingAlsAttendance)
    .where(
      and(
        eq(trainingAlsAttendance.partnershipId, partnershipId),
        inArray(trainingAlsAttendance.sessionId, sessionIds),
      ),
    );
}

/** The partnership's courses that are action learning sets and still offered. */
export async function alsCourses(db: Db, partnershipId: string) {
  return db
    .select({
      id: trainingCourses.id,
      title: trainingCourses.title,
      durationMinutes: trainingCourses.durationMinutes,
      usualPlaces: trainingCourses.usualPlaces,
    })
    .from(trainingCourses)
    .where(
      and(
        eq(trainingCourses.partnershipId, partnershipId),
        eq(trainingCourses.kind, 'action_learning_set'),
        isNull(trainingCourses.retiredAt),
      ),
    )
    .orderBy(asc(trainingCourses.title));
}

/** Who may facilitate: active people with the facilitator or trainer role. */
export async function facilitators(db: Db, partnershipId: string) {
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        sql`${people.roles} && array['facilitator', 'trainer']::text[]`,
      ),
    )
    .orderBy(asc(people.name), asc(people.id));
}

/** Active people whose name or email contains the words, for choosing a member. */
export async function searchPeople(db: Db, partnershipId: string, q: string) {
  const pattern = containing(q);
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      organisation: organisations.name,
    })
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        // The trigram indexes find the matches first (migration people_search).
        sql`${people.id} = any(array(select p.id from ${people} p where p.partnership_id = ${partnershipId}
          and (p.name ilike ${pattern} or p.email ilike ${pattern})))`,
      ),
    )
    .orderBy(asc(people.name), asc(people.id))
    .limit(20);
}

export async function findPerson(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({ id: people.id, name: people.name, email: people.email, roles: people.roles })
    .from(people)
    .where(
      and(eq(people.partnershipId, partnershipId), eq(people.id, id), isNull(people.deactivatedAt)),
    );
  return row ?? null;
}

/** Who to tell about a change to the set: its current, active members. */
export async function currentMemberEmails(db: Db, partnershipId: string, cohortId: string) {
  return db
    .select({ name: people.name, email: people.email })
    .from(trainingAlsMembers)
    .innerJoin(people, eq(people.id, trainingAlsMembers.personId))
    .where(
      and(
        eq(trainingAlsMembers.partnershipId, partnershipId),
        eq(trainingAlsMembers.cohortId, cohortId),
        isNull(trainingAlsMembers.removedAt),
        isNull(people.deactivatedAt),
      ),
    );
}

/** A person's name, whether or not they are still active. */
export async function nameOf(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({ name: people.name })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), eq(people.id, id)));
  return row?.name ?? '';
}

/** The sets a person belongs to (or once did), or facilitates. */
export async function setsOfPerson(db: Db, partnershipId: string, personId: string) {
  return db
    .select({
      id: trainingAlsCohorts.id,
      name: trainingAlsCohorts.name,
      courseId: trainingAlsCohorts.courseId,
      minAttended: trainingAlsCohorts.minAttended,
      venue: trainingAlsCohorts.venue,
      facilitatorId: trainingAlsCohorts.facilitatorId,
      facilitator: people.name,
      memberId: trainingAlsMembers.id,
      removedAt: trainingAlsMembers.removedAt,
    })
    .from(trainingAlsCohorts)
    .innerJoin(people, eq(people.id, trainingAlsCohorts.facilitatorId))
    .leftJoin(
      trainingAlsMembers,
      and(
        eq(trainingAlsMembers.cohortId, trainingAlsCohorts.id),
        eq(trainingAlsMembers.personId, personId),
      ),
    )
    .where(
      and(
        eq(trainingAlsCohorts.partnershipId, partnershipId),
        or(eq(trainingAlsCohorts.facilitatorId, personId), isNotNull(trainingAlsMembers.id)),
      ),
    )
    .orderBy(desc(trainingAlsCohorts.createdAt), asc(trainingAlsCohorts.id));
}
