import { and, eq } from 'drizzle-orm';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import { countedPage } from '../../platform/http/paging.js';
import { progressOf, proposeDays, statusOf } from './als-dates.js';
import type { CohortDetails, CohortInput } from './als-schemas.js';
import { SESSIONS } from './als-schemas.js';
import * as als from './als-store.js';
import { FormProblem } from './problems.js';
import * as store from './store.js';
import { trainingAlsCohorts, trainingAlsSessions } from './tables-als.js';
import { fromLondon } from '../../platform/dates/uk-time.js';

// Action learning sets: a cohort of an action learning set course with a facilitator, its
// members and six monthly sessions. Trainers and admins run them; a set's facilitator sees
// their own set and takes its registers.

const member = (ctx: ServiceContext) => ctx.actor as Member;
const isManager = (ctx: ServiceContext) => hasRole(ctx.actor, 'admin', 'trainer');
const MINUTES = 90;

/** Refused, audited once the transaction has rolled back (see platform/http/errors.ts). */
export const deniedSet = (action: string, recordId: string, why: string) =>
  new HttpError(403, why, undefined, {
    action,
    recordType: 'training-als-cohort',
    recordId,
    outcome: 'denied',
  });

/** A set of this partnership that the actor may see: trainers, admins and its facilitator. */
export async function visibleCohort(tx: Db, ctx: ServiceContext, id: string, action: string) {
  const cohort = await als.findCohort(tx, member(ctx).partnershipId, id);
  if (!cohort) throw notFound();
  if (!isManager(ctx) && cohort.facilitatorId !== member(ctx).id) {
    throw deniedSet(
      action,
      id,
      'Only the facilitator of this set, trainers and admins can see it.',
    );
  }
  return cohort;
}

export async function listCohorts(ctx: ServiceContext, opts: { q: string; page: number }) {
  const { partnershipId, id } = member(ctx);
  return ctx.db.transaction(async (tx) => {
    // A facilitator who does not train sees the sets they run.
    const query = { ...opts, facilitatorId: isManager(ctx) ? undefined : id };
    const rows = await als.listCohorts(tx, partnershipId, query);
    await audit(tx, ctx, { action: 'training-als.listed', recordType: 'training-als-cohort' });
    const page = await countedPage(rows, opts.page, () =>
      als.countCohorts(tx, partnershipId, query),
    );
    return {
      ...page,
      items: page.items.map((c) => ({
        ...c,
        status: statusOf(
          c.firstAt && c.lastEndsAt ? [{ startsAt: c.firstAt, endsAt: c.lastEndsAt }] : [],
          ctx.now,
        ),
      })),
    };
  });
}

export async function cohortChoices(ctx: ServiceContext) {
  const { partnershipId } = member(ctx);
  const [courses, facilitators] = await Promise.all([
    als.alsCourses(ctx.db, partnershipId),
    als.facilitators(ctx.db, partnershipId),
  ]);
  return { courses, facilitators };
}

async function checkFacilitator(tx: Db, partnershipId: string, id: string) {
  if (!(await als.facilitators(tx, partnershipId)).some((f) => f.id === id)) {
    throw new FormProblem({ facilitatorId: 'Choose the facilitator from the list' });
  }
}

/** Creates the set and its six sessions, a month apart from the first. */
export async function createCohort(ctx: ServiceContext, input: CohortInput): Promise<string> {
  const { partnershipId } = member(ctx);
  return ctx.db.transaction(async (tx) => {
    const course = (await als.alsCourses(tx, partnershipId)).find((c) => c.id === input.courseId);
    if (!course) throw new FormProblem({ courseId: 'Choose a course from the list' });
    await checkFacilitator(tx, partnershipId, input.facilitatorId);
    const { first, courseId, ...details } = input;
    const [row] = await tx
      .insert(trainingAlsCohorts)
      .values({ ...details, partnershipId, courseId, createdAt: ctx.now, updatedAt: ctx.now })
      .returning({ id: trainingAlsCohorts.id });
    const minutes = course.durationMinutes ?? MINUTES;
    await tx.insert(trainingAlsSessions).values(
      proposeDays(first, SESSIONS).map((day, i) => {
        const startsAt = fromLondon({ ...day, hour: first.hour, minute: first.minute });
        return {
          partnershipId,
          cohortId: row!.id,
          number: i + 1,
          startsAt,
          endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        };
      }),
    );
    await audit(tx, ctx, {
      action: 'training-als.created',
      recordType: 'training-als-cohort',
      recordId: row!.id,
    });
    return row!.id;
  });
}

/** Changes the set's name, facilitator, places, completion rule or meeting place. */
export async function updateCohort(ctx: ServiceContext, id: string, input: CohortDetails) {
  const { partnershipId } = member(ctx);
  await ctx.db.transaction(async (tx) => {
    const cohort = await als.findCohort(tx, partnershipId, id, true);
    if (!cohort) throw notFound();
    await checkFacilitator(tx, partnershipId, input.facilitatorId);
    const current = (await als.membersOf(tx, partnershipId, id)).filter((m) => !m.removedAt);
    if (input.places < current.length) {
      throw new FormProblem({
        places: `The set has ${current.length} members, so it needs at least ${current.length} places. Choose ${current.length} or more, or remove a member first.`,
      });
    }
    const clash = current.find((m) => m.personId === input.facilitatorId);
    if (clash) {
      throw new FormProblem({
        facilitatorId: `${clash.name} is a member of this set, so they cannot also facilitate it`,
      });
    }
    await tx
      .update(trainingAlsCohorts)
      .set({ ...input, updatedAt: ctx.now })
      .where(
        and(eq(trainingAlsCohorts.partnershipId, partnershipId), eq(trainingAlsCohorts.id, id)),
      );
    await audit(tx, ctx, {
      action: 'training-als.updated',
      recordType: 'training-als-cohort',
      recordId: id,
    });
  });
}

/** Everything the set's page shows: its sessions, members, the attendance grid and completions. */
export async function getCohort(ctx: ServiceContext, id: string) {
  const { partnershipId } = member(ctx);
  return ctx.db.transaction(async (tx) => {
    const cohort = await visibleCohort(tx, ctx, id, 'training-als.viewed');
    const course = await store.findCourse(tx, partnershipId, cohort.courseId);
    const prerequisites = await store.prerequisitesOf(tx, partnershipId, cohort.courseId);
    const sessions = await als.sessionsOf(tx, partnershipId, [id]);
    const members = await als.membersOf(tx, partnershipId, id);
    const facilitator = await als.nameOf(tx, partnershipId, cohort.facilitatorId);
    const marks = await als.marksOf(
      tx,
      partnershipId,
      sessions.map((s) => s.id),
    );
    const markOf = (sessionId: string, personId: string) =>
      marks.find((m) => m.sessionId === sessionId && m.personId === personId)?.attendance ?? null;
    const grid = members.map((m) => {
      const row = sessions.map((s) => markOf(s.id, m.personId));
      return { ...m, marks: row, ...progressOf(row, cohort.minAttended) };
    });
    await audit(tx, ctx, {
      action: 'training-als.viewed',
      recordType: 'training-als-cohort',
      recordId: id,
    });
    return {
      cohort,
      course: { ...course!, prerequisites },
      facilitator: { id: cohort.facilitatorId, name: facilitator },
      status: statusOf(sessions, ctx.now),
      sessions: sessions.map((s) => ({
        ...s,
        started: s.startsAt <= ctx.now,
        registerTaken: marks.some((m) => m.sessionId === s.id),
      })),
      members: grid.filter((m) => !m.removedAt),
      former: grid.filter((m) => m.removedAt),
      canManage: isManager(ctx),
      canRegister: hasRole(ctx.actor, 'admin') || cohort.facilitatorId === member(ctx).id,
    };
  });
}
