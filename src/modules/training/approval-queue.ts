import { and, asc, count, eq, gt, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { countedPage, PAGE_SIZE } from '../../platform/http/paging.js';
import { organisations, people } from '../../platform/tenancy/tables.js';
import { ukDateTime } from '../../platform/views/env.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';

// What a manager sees of line-manager approval: the requests from people in their teams, one
// request at a time, and the email that tells them a request is waiting.

const member = (ctx: ServiceContext) => ctx.actor as Member;

/** The booking's person shares a team with the manager (and is someone else). */
const inTeamOf = (partnershipId: string, managerId: string) =>
  sql`exists (select 1 from team_members mine
    join team_members theirs on theirs.team_id = mine.team_id
    where mine.partnership_id = ${partnershipId} and mine.person_id = ${managerId}
      and theirs.person_id = ${trainingBookings.personId})`;

const request = {
  id: trainingBookings.id,
  personId: trainingBookings.personId,
  personName: people.name,
  organisation: organisations.name,
  status: trainingBookings.status,
  requestedAt: trainingBookings.createdAt,
  sessionId: trainingSessions.id,
  startsAt: trainingSessions.startsAt,
  endsAt: trainingSessions.endsAt,
  places: trainingSessions.places,
  sessionStatus: trainingSessions.status,
  courseTitle: trainingCourses.title,
};

/** Requests from the manager's teams (never their own), of people still active. */
const requestsWhere = (partnershipId: string, managerId: string, ...only: SQL[]) =>
  and(
    eq(trainingBookings.partnershipId, partnershipId),
    ne(trainingBookings.personId, managerId),
    isNull(people.deactivatedAt),
    inTeamOf(partnershipId, managerId),
    ...only,
  );

const requests = (db: Db, where: SQL | undefined) =>
  db
    .select(request)
    .from(trainingBookings)
    .innerJoin(people, eq(people.id, trainingBookings.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(where);

/** Requests awaiting this manager's decision for sessions still to come, soonest first. */
export async function approvalQueue(ctx: ServiceContext, page: number) {
  const { partnershipId, id } = member(ctx);
  const where = requestsWhere(
    partnershipId,
    id,
    eq(trainingBookings.status, 'awaiting_approval'),
    gt(trainingSessions.startsAt, ctx.now),
  );
  const rows = await requests(ctx.db, where)
    .orderBy(asc(trainingSessions.startsAt), asc(trainingBookings.createdAt))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return countedPage(rows, page, async () => {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(trainingBookings)
      .innerJoin(people, eq(people.id, trainingBookings.personId))
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
      .where(where);
    return row?.n ?? 0;
  });
}

/** One request from someone in the manager's teams, with the session's places; else a 404. */
export async function approvalRequest(ctx: ServiceContext, bookingId: string) {
  const { partnershipId, id } = member(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await requests(
      tx,
      requestsWhere(partnershipId, id, eq(trainingBookings.id, bookingId)),
    );
    if (!row) throw notFound();
    const held = (await store.placeCounts(tx, partnershipId, [row.sessionId])).get(
      row.sessionId,
    )!.held;
    await audit(tx, ctx, {
      action: 'training-booking.approval-viewed',
      recordType: 'training-booking',
      recordId: bookingId,
    });
    return {
      ...row,
      free: Math.max(0, row.places - held),
      open: row.status === 'awaiting_approval' && row.startsAt > ctx.now,
    };
  });
}

/**
 * Who may approve a request: whoever the approval pages let in (the 'manager' route policy:
 * admins, leaders and managers) and who shares a team with the person (approval.ts).
 */
export const APPROVER_ROLES = ['admin', 'leader', 'manager'] as const;

/** Everyone who may approve this person's requests: an approver in one of their teams. */
export function approversOf(tx: Db, partnershipId: string, personId: string) {
  return tx
    .selectDistinct({ name: people.name, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        ne(people.id, personId),
        sql`${people.roles} && array[${sql.join(
          APPROVER_ROLES.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`,
        sql`exists (select 1 from team_members m join team_members p on p.team_id = m.team_id
          where m.person_id = ${people.id} and p.person_id = ${personId}
            and m.partnership_id = ${partnershipId})`,
      ),
    );
}

/** Emails everyone who may approve the request that it waits for them. */
export async function askApprovers(
  tx: Db,
  ctx: ServiceContext,
  bookingId: string,
  sessionId: string,
  personId: string,
) {
  const { partnershipId } = member(ctx);
  const approvers = await approversOf(tx, partnershipId, personId);
  if (!approvers.length) return;
  const [about] = await tx
    .select({
      person: people.name,
      course: trainingCourses.title,
      startsAt: trainingSessions.startsAt,
    })
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .innerJoin(people, eq(people.id, personId))
    .where(eq(trainingSessions.id, sessionId));
  for (const m of approvers) {
    await ctx.mail.queue(tx, {
      partnershipId,
      to: m.email,
      subject: `Booking to approve: ${about!.course}`,
      text: [
        `Dear ${m.name},`,
        '',
        `${about!.person} would like to book ${about!.course} on ${ukDateTime(about!.startsAt)}, and needs your approval first.`,
        `Approve or decline it here: ${ctx.baseUrl}/training/approvals/${bookingId}`,
      ].join('\n'),
    });
  }
}
