import { ukToday } from '../../platform/dates/uk-time.js';
import { eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, HttpError } from '../../platform/http/errors.js';
import { PAGE_SIZE, type Page } from '../../platform/http/paging.js';
import { ukDateTime } from '../../platform/views/env.js';
import {
  bespokePastDateMessage,
  bespokePlacesMessage,
  type BespokeRequestInput,
} from './bespoke-schemas.js';
import * as store from './bespoke-store.js';
import { FormProblem } from './problems.js';
import { passedStartProblem, type SessionInput } from './schemas.js';
import { checkTrainers, insertSession } from './sessions.js';
import {
  BESPOKE_MAX_PEOPLE,
  type BespokeStatus,
  trainingBespokeRequests,
} from './tables-bespoke.js';

// Bespoke courses: a manager asks for a course for one of their teams; a trainer or admin
// accepts it, which schedules a closed session only that team can book, or declines it with a
// reason. The manager is emailed either way, and can follow the request's status.

const member = (ctx: ServiceContext) => ctx.actor as Member;

export const teamChoices = (ctx: ServiceContext) =>
  store.teamsOf(ctx.db, member(ctx).partnershipId, member(ctx).id);

export const courseChoices = (ctx: ServiceContext) =>
  store.bespokeCourses(ctx.db, member(ctx).partnershipId);

export async function requestBespoke(ctx: ServiceContext, input: BespokeRequestInput) {
  const { partnershipId, id } = member(ctx);
  // The form refuses these first; this guards every other caller.
  const today = ukToday(ctx.now);
  const past = input.preferredDates.findIndex((d) => d <= today);
  if (past >= 0) throw new FormProblem({ [`date${past + 1}`]: bespokePastDateMessage(past + 1) });
  return ctx.db.transaction(async (tx) => {
    const teams = await store.teamsOf(tx, partnershipId, id);
    if (!teams.some((t) => t.id === input.teamId)) {
      throw new FormProblem({ teamId: 'Choose one of your teams' });
    }
    const [row] = await tx
      .insert(trainingBespokeRequests)
      .values({ ...input, partnershipId, requestedBy: id, createdAt: ctx.now })
      .returning({ id: trainingBespokeRequests.id });
    await audit(tx, ctx, {
      action: 'training-bespoke.requested',
      recordType: 'training-bespoke-request',
      recordId: row!.id,
    });
    return row!.id;
  });
}

function pageOf<T>(rows: T[], total: number, page: number): Page<T> {
  return {
    items: rows,
    total,
    page,
    pageSize: PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** Every request in the partnership, for those who arrange training. */
export async function listRequests(ctx: ServiceContext, status: BespokeStatus | 'all', page = 1) {
  const { rows, total } = await store.listRequests(ctx.db, member(ctx).partnershipId, {
    status: status === 'all' ? undefined : status,
    page,
  });
  return pageOf(rows, total, page);
}

/** The signed-in manager's own requests. */
export async function myRequests(ctx: ServiceContext, page = 1) {
  const { partnershipId, id } = member(ctx);
  const { rows, total } = await store.listRequests(ctx.db, partnershipId, {
    requestedBy: id,
    page,
  });
  return pageOf(rows, total, page);
}

/** One request: for whoever asked for it, and for trainers and admins; others get a 404. */
export async function getRequest(ctx: ServiceContext, id: string) {
  const request = await store.findRequest(ctx.db, member(ctx).partnershipId, id);
  if (!request || (request.requestedBy !== member(ctx).id && !allows('trainer', ctx.actor))) {
    throw deniedAsNotFound({
      action: 'training-bespoke.viewed',
      recordType: 'training-bespoke-request',
      recordId: id,
    });
  }
  return request;
}

async function openRequest(tx: Db, ctx: ServiceContext, id: string) {
  const row = await store.lockRequest(tx, member(ctx).partnershipId, id);
  if (!row)
    throw deniedAsNotFound({
      action: 'training-bespoke.decided',
      recordType: 'training-bespoke-request',
      recordId: id,
    });
  if (row.status !== 'requested') {
    throw new HttpError(409, 'This request has already been accepted or declined.');
  }
  return row;
}

/**
 * Accepts a request: schedules a closed session of a bespoke course for the team, in the same
 * transaction as the decision, the audit rows and the email to the manager.
 */
export async function acceptRequest(
  ctx: ServiceContext,
  id: string,
  courseId: string,
  session: SessionInput,
) {
  const { partnershipId } = member(ctx);
  const problems: Record<string, string> = {};
  const passed = passedStartProblem(session.startsAt, { now: ctx.now });
  if (passed) problems.start = passed;
  if (session.places > BESPOKE_MAX_PEOPLE) {
    problems.places = bespokePlacesMessage;
  }
  if (Object.keys(problems).length) throw new FormProblem(problems);
  return ctx.db.transaction(async (tx) => {
    const request = await openRequest(tx, ctx, id);
    const courses = await store.bespokeCourses(tx, partnershipId);
    const course = courses.find((c) => c.id === courseId);
    if (!course) throw new FormProblem({ courseId: 'Choose the course to schedule' });
    await checkTrainers(tx, partnershipId, session.trainerIds);
    const sessionId = await insertSession(tx, ctx, course.id, {
      ...session,
      teamId: request.teamId,
    });
    await tx
      .update(trainingBespokeRequests)
      .set({ status: 'accepted', sessionId, decidedBy: member(ctx).id, decidedAt: ctx.now })
      .where(eq(trainingBespokeRequests.id, id));
    await audit(tx, ctx, {
      action: 'training-bespoke.accepted',
      recordType: 'training-bespoke-request',
      recordId: id,
    });
    await tell(tx, ctx, id, (r) => ({
      subject: `Bespoke course arranged for ${r.teamName}`,
      lines: [
        `We have arranged the bespoke course you asked for: ${course.title}, on ${ukDateTime(session.startsAt)}, for ${r.teamName}.`,
        `Only people in ${r.teamName} can book it. Each person can book their own place here:`,
        `${ctx.baseUrl}/training/sessions/${sessionId}`,
      ],
    }));
    return sessionId;
  });
}

/** Declines a request with a reason the manager is told. */
export async function declineRequest(ctx: ServiceContext, id: string, reason: string) {
  await ctx.db.transaction(async (tx) => {
    await openRequest(tx, ctx, id);
    await tx
      .update(trainingBespokeRequests)
      .set({
        status: 'declined',
        declineReason: reason,
        decidedBy: member(ctx).id,
        decidedAt: ctx.now,
      })
      .where(eq(trainingBespokeRequests.id, id));
    await audit(tx, ctx, {
      action: 'training-bespoke.declined',
      recordType: 'training-bespoke-request',
      recordId: id,
    });
    await tell(tx, ctx, id, (r) => ({
      subject: `Your request for a bespoke course for ${r.teamName}`,
      lines: [
        `We are sorry: we cannot run the bespoke course you asked for ${r.teamName}.`,
        `The reason: ${reason}`,
        '',
        `You can see your requests, or ask again, here: ${ctx.baseUrl}/training/bespoke`,
      ],
    }));
  });
}

/** Emails the manager who asked, through the outbox, in the deciding transaction. */
async function tell(
  tx: Db,
  ctx: ServiceContext,
  id: string,
  message: (r: store.BespokeRequest) => { subject: string; lines: string[] },
) {
  const request = (await store.findRequest(tx, member(ctx).partnershipId, id))!;
  const { subject, lines } = message(request);
  await ctx.mail.queue(tx, {
    partnershipId: member(ctx).partnershipId,
    to: request.requesterEmail,
    subject,
    text: [`Dear ${request.requesterName},`, '', ...lines].join('\n'),
  });
}
