import { and, asc, avg, count, eq, exists, inArray, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { people } from '../../platform/tenancy/tables.js';
import {
  trainingBookings,
  trainingCourses,
  trainingSessions,
  trainingSessionTrainers,
} from './tables.js';

import { trainingFeedback } from './tables-completion.js';
import { UUID } from '../../platform/http/ids.js';

// A short feedback form after each session, once per delegate, and its results per course and
// per trainer.

export const feedbackSchema = z.object({
  usefulness: z.enum(['1', '2', '3', '4', '5'], { error: 'Choose how useful the session was' }),
  whatWorked: z.string().trim().max(2000, 'Keep it under 2,000 characters').default(''),
  couldBeBetter: z.string().trim().max(2000, 'Keep it under 2,000 characters').default(''),
});
export type FeedbackInput = z.infer<typeof feedbackSchema>;

/** The session, if the person was there; whether they have already given feedback. */
export async function feedbackFor(ctx: ServiceContext, sessionId: string) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  const [row] = await ctx.db
    .select({ course: trainingCourses.title, startsAt: trainingSessions.startsAt })
    .from(trainingBookings)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        eq(trainingBookings.sessionId, sessionId),
        eq(trainingBookings.personId, personId),
        inArray(trainingBookings.attendance, ['attended', 'late', 'left_early']),
      ),
    );
  if (!row) throw notFound();
  const [given] = await ctx.db
    .select({ at: trainingFeedback.createdAt })
    .from(trainingFeedback)
    .where(and(eq(trainingFeedback.sessionId, sessionId), eq(trainingFeedback.personId, personId)));
  return { ...row, sessionId, given: Boolean(given) };
}

export async function giveFeedback(ctx: ServiceContext, sessionId: string, input: FeedbackInput) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  await feedbackFor(ctx, sessionId);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(trainingFeedback)
      .values({
        partnershipId,
        sessionId,
        personId,
        ...input,
        usefulness: Number(input.usefulness),
        createdAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ sessionId: trainingFeedback.sessionId });
    if (!row) return; // once per delegate per session
    await audit(tx, ctx, {
      action: 'training-feedback.given',
      recordType: 'training-session',
      recordId: sessionId,
    });
  });
}

/**
 * An average of fewer answers than this is not shown: with one or two, a trainer who knows who
 * came can tell what each person said.
 */
export const MIN_RESPONSES = 5;

/**
 * Counts and average usefulness per course and per trainer. A trainer sees their own row of
 * the trainers' table; admins see every trainer's.
 */
export async function feedbackResults(ctx: ServiceContext) {
  const { partnershipId } = ctx.actor as Member;
  const everyTrainer = hasRole(ctx.actor, 'admin');
  const mine = eq(trainingFeedback.partnershipId, partnershipId);
  const [courses, trainers] = await Promise.all([
    ctx.db
      .select({
        id: trainingCourses.id,
        name: trainingCourses.title,
        responses: count(),
        average: avg(trainingFeedback.usefulness),
      })
      .from(trainingFeedback)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingFeedback.sessionId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .where(mine)
      .groupBy(trainingCourses.id, trainingCourses.title)
      .orderBy(asc(trainingCourses.title)),
    ctx.db
      .select({ name: people.name, responses: count(), average: avg(trainingFeedback.usefulness) })
      .from(trainingFeedback)
      .innerJoin(
        trainingSessionTrainers,
        eq(trainingSessionTrainers.sessionId, trainingFeedback.sessionId),
      )
      .innerJoin(people, eq(people.id, trainingSessionTrainers.personId))
      .where(everyTrainer ? mine : and(mine, eq(people.id, ctx.actor.id!)))
      .groupBy(people.id, people.name)
      .orderBy(asc(people.name)),
  ]);
  const shown = <R extends { responses: number; average: string | null }>(rows: R[]) =>
    rows.map((r) => ({
      ...r,
      average:
        r.responses < MIN_RESPONSES || r.average === null ? null : Number(r.average).toFixed(1),
    }));
  return { courses: shown(courses), trainers: shown(trainers), everyTrainer, MIN_RESPONSES };
}

/**
 * What people wrote about a course, 25 to a page, without names or dates: a trainer reads what
 * was said of their own sessions, admins of every session. Nothing is shown until there are
 * MIN_RESPONSES responses in what they may read, for the reason the averages wait (a trainer who
 * knows who came could tell who wrote what); and in no order of time, so that the newest is not
 * first. A page past the end shows the last.
 */
export async function feedbackComments(ctx: ServiceContext, courseId: string, asked = 1) {
  const { partnershipId } = ctx.actor as Member;
  const [course] = UUID.test(courseId)
    ? await ctx.db
        .select({ id: trainingCourses.id, title: trainingCourses.title })
        .from(trainingCourses)
        .where(
          and(eq(trainingCourses.partnershipId, partnershipId), eq(trainingCourses.id, courseId)),
        )
    : [];
  if (!course) throw notFound();
  const everyTrainer = hasRole(ctx.actor, 'admin');
  const readable = and(
    eq(trainingFeedback.partnershipId, partnershipId),
    eq(trainingSessions.partnershipId, partnershipId),
    eq(trainingSessions.courseId, course.id),
    everyTrainer
      ? undefined
      : exists(
          ctx.db
            .select({ one: sql`1` })
            .from(trainingSessionTrainers)
            .where(
              and(
                eq(trainingSessionTrainers.partnershipId, partnershipId),
                eq(trainingSessionTrainers.sessionId, trainingFeedback.sessionId),
                eq(trainingSessionTrainers.personId, ctx.actor.id!),
              ),
            ),
        ),
  );
  const said = or(ne(trainingFeedback.whatWorked, ''), ne(trainingFeedback.couldBeBetter, ''));
  const [counted] = await ctx.db
    .select({ responses: count(), written: sql<number>`(count(*) filter (where ${said}))::int` })
    .from(trainingFeedback)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingFeedback.sessionId))
    .where(readable);
  const { responses, written } = counted ?? { responses: 0, written: 0 };
  const shown = responses >= MIN_RESPONSES;
  const total = shown ? written : 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(asked, pageCount);
  const items = total
    ? await ctx.db
        .select({
          whatWorked: trainingFeedback.whatWorked,
          couldBeBetter: trainingFeedback.couldBeBetter,
        })
        .from(trainingFeedback)
        .innerJoin(trainingSessions, eq(trainingSessions.id, trainingFeedback.sessionId))
        .where(and(readable, said))
        // A fixed order that has nothing to do with when, or by whom, it was written.
        .orderBy(
          sql`md5(${trainingFeedback.sessionId}::text || ${trainingFeedback.personId}::text)`,
        )
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    : [];
  const comments = { items, total, page, pageSize: PAGE_SIZE, pageCount };
  return { course, responses, shown, comments, everyTrainer, MIN_RESPONSES };
}
