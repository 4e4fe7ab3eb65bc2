import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { people, teamMembers, teams } from '../../platform/tenancy/tables.js';
import { trainingCourses, trainingSessions } from './tables.js';
import { type BespokeStatus, trainingBespokeRequests } from './tables-bespoke.js';

// The queries on bespoke course requests. Every one takes the partnership id.

const decider = alias(people, 'decider');

const columns = {
  id: trainingBespokeRequests.id,
  teamId: trainingBespokeRequests.teamId,
  teamName: teams.name,
  requestedBy: trainingBespokeRequests.requestedBy,
  requesterName: people.name,
  requesterEmail: people.email,
  peopleCount: trainingBespokeRequests.peopleCount,
  needs: trainingBespokeRequests.needs,
  preferredDates: trainingBespokeRequests.preferredDates,
  status: trainingBespokeRequests.status,
  sessionId: trainingBespokeRequests.sessionId,
  sessionStartsAt: trainingSessions.startsAt,
  deciderName: decider.name,
  decidedAt: trainingBespokeRequests.decidedAt,
  declineReason: trainingBespokeRequests.declineReason,
  createdAt: trainingBespokeRequests.createdAt,
};

const joined = (db: Db) =>
  db
    .select(columns)
    .from(trainingBespokeRequests)
    .innerJoin(teams, eq(teams.id, trainingBespokeRequests.teamId))
    .innerJoin(people, eq(people.id, trainingBespokeRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, trainingBespokeRequests.decidedBy))
    .leftJoin(trainingSessions, eq(trainingSessions.id, trainingBespokeRequests.sessionId));

export type BespokeRequest = Awaited<ReturnType<typeof joined>>[number];

/** One page of requests, newest first, optionally one status or one requester's. */
export async function listRequests(
  db: Db,
  partnershipId: string,
  opts: { status?: BespokeStatus; requestedBy?: string; page: number },
) {
  const where = and(
    eq(trainingBespokeRequests.partnershipId, partnershipId),
    opts.status ? eq(trainingBespokeRequests.status, opts.status) : undefined,
    opts.requestedBy ? eq(trainingBespokeRequests.requestedBy, opts.requestedBy) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    joined(db)
      .where(where)
      .orderBy(desc(trainingBespokeRequests.createdAt), asc(trainingBespokeRequests.id))
      .limit(PAGE_SIZE)
      .offset((opts.page - 1) * PAGE_SIZE),
    db.select({ n: count() }).from(trainingBespokeRequests).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findRequest(db: Db, partnershipId: string, id: string) {
  const [row] = await joined(db).where(
    and(
      eq(trainingBespokeRequests.partnershipId, partnershipId),
      eq(trainingBespokeRequests.id, id),
    ),
  );
  return row ?? null;
}

/** Locks the request's row, so two people deciding at once take turns. */
export async function lockRequest(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(trainingBespokeRequests)
    .where(
      and(
        eq(trainingBespokeRequests.partnershipId, partnershipId),
        eq(trainingBespokeRequests.id, id),
      ),
    )
    .for('update');
  return row ?? null;
}

/** The live teams a person belongs to: the teams a manager can ask a course for. */
export async function teamsOf(db: Db, partnershipId: string, personId: string) {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(
      and(
        eq(teamMembers.partnershipId, partnershipId),
        eq(teamMembers.personId, personId),
        isNull(teams.retiredAt),
      ),
    )
    .orderBy(asc(teams.name));
}

/** The courses a bespoke request can be scheduled as. */
export async function bespokeCourses(db: Db, partnershipId: string) {
  return db
    .select({ id: trainingCourses.id, title: trainingCourses.title })
    .from(trainingCourses)
    .where(
      and(
        eq(trainingCourses.partnershipId, partnershipId),
        eq(trainingCourses.kind, 'bespoke'),
        isNull(trainingCourses.retiredAt),
      ),
    )
    .orderBy(asc(trainingCourses.title));
}
