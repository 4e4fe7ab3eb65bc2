import { and, asc, avg, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import {
  trainingBookings,
  trainingCourses,
  trainingSessions,
  trainingSessionTrainers,
} from './tables.js';
import { trainingFeedback } from './tables-completion.js';

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
  const shown = (rows: typeof courses) =>
    rows.map((r) => ({
      ...r,
      average:
        r.responses < MIN_RESPONSES || r.average === null ? null : Number(r.average).toFixed(1),
    }));
  return { courses: shown(courses), trainers: shown(trainers), everyTrainer, MIN_RESPONSES };
}
