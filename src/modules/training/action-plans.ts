import { and, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { formDateField } from '../../platform/dates/date-fields.js';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import type { Saved } from '../../platform/http/forms.js';
import type { JobContext, JobDefinition } from '../../platform/jobs/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';
import { trainingActionPlans } from './tables-completion.js';

// The delegate's personal action plan for practice development, written after attending, and
// six weeks later a question about how it went. The answer is kept for evaluation.

export const FOLLOW_UP_DAYS = 42;

/** `today` (the UK date): a plan looks forward, so "by when" cannot be gone by. */
export const actionPlanSchema = (today: string) =>
  z.object({
    doDifferently: z.string().trim().min(1, 'Enter what you will do differently').max(2000),
    withWhom: z.string().trim().min(1, 'Enter who you will do it with').max(500),
    byWhen: formDateField('when you will do it by', { from: today }),
  });
export const howItWentSchema = z.object({
  howItWent: z.string().trim().min(1, 'Tell us how it went').max(4000),
});

/** The person's own completed booking, or 404. */
async function ownBooking(ctx: ServiceContext, bookingId: string) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  const [row] = await ctx.db
    .select({ id: trainingBookings.id, course: trainingCourses.title, plan: trainingActionPlans })
    .from(trainingBookings)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .leftJoin(trainingActionPlans, eq(trainingActionPlans.bookingId, trainingBookings.id))
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        eq(trainingBookings.id, bookingId),
        eq(trainingBookings.personId, personId),
        inArray(trainingBookings.attendance, ['attended', 'late', 'left_early']),
      ),
    );
  if (!row) throw notFound();
  return row;
}

export const actionPlanFor = ownBooking;

/** The person's action plans, newest first, with the course each followed. */
export async function actionPlansOf(db: Db, partnershipId: string, personId: string) {
  return db
    .select({
      bookingId: trainingActionPlans.bookingId,
      courseTitle: trainingCourses.title,
      sessionStartsAt: trainingSessions.startsAt,
      doDifferently: trainingActionPlans.doDifferently,
      withWhom: trainingActionPlans.withWhom,
      byWhen: trainingActionPlans.byWhen,
      followUpSentAt: trainingActionPlans.followUpSentAt,
      answeredAt: trainingActionPlans.answeredAt,
    })
    .from(trainingActionPlans)
    .innerJoin(trainingBookings, eq(trainingBookings.id, trainingActionPlans.bookingId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(
      and(
        eq(trainingActionPlans.partnershipId, partnershipId),
        eq(trainingActionPlans.personId, personId),
      ),
    )
    .orderBy(desc(trainingActionPlans.createdAt));
}

/**
 * Writes or rewrites the plan until its six-week question has been asked: after that the plan
 * stays as it was, so that what was planned and how it went can be read side by side.
 */
export async function writeActionPlan(
  ctx: ServiceContext,
  bookingId: string,
  input: z.infer<ReturnType<typeof actionPlanSchema>>,
): Promise<Saved> {
  const { partnershipId, id: personId } = ctx.actor as Member;
  const booking = await ownBooking(ctx, bookingId);
  if (booking.plan?.followUpSentAt)
    return {
      ok: false,
      errors: {
        doDifferently:
          'Your action plan stays as you wrote it now that it is time to say how it went. Tell us how it went below.',
      },
    };
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(trainingActionPlans)
      .values({
        partnershipId,
        bookingId,
        personId,
        ...input,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoUpdate({
        target: trainingActionPlans.bookingId,
        set: { ...input, updatedAt: ctx.now },
      })
      .returning({ id: trainingActionPlans.id });
    await audit(tx, ctx, {
      action: 'training-action-plan.written',
      recordType: 'training-action-plan',
      recordId: row!.id,
    });
  });
  return { ok: true, id: bookingId };
}

/** How it went, once the six-week question has been asked (the answer can be changed). */
export async function answerFollowUp(
  ctx: ServiceContext,
  bookingId: string,
  howItWent: string,
): Promise<Saved> {
  const booking = await ownBooking(ctx, bookingId);
  if (!booking.plan) throw notFound();
  if (!booking.plan.followUpSentAt)
    return {
      ok: false,
      errors: {
        howItWent: `We will ask how it went ${FOLLOW_UP_DAYS / 7} weeks after you wrote your plan.`,
      },
    };
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(trainingActionPlans)
      .set({ howItWent, answeredAt: ctx.now })
      .where(eq(trainingActionPlans.id, booking.plan!.id));
    await audit(tx, ctx, {
      action: 'training-action-plan.answered',
      recordType: 'training-action-plan',
      recordId: booking.plan!.id,
    });
  });
  return { ok: true, id: bookingId };
}

/** Every plan written six weeks ago or more whose follow-up has not gone: emailed once. */
export async function sendFollowUps({ db, mail, now, baseUrl }: JobContext) {
  const due = await db
    .select({
      id: trainingActionPlans.id,
      bookingId: trainingActionPlans.bookingId,
      partnershipId: trainingActionPlans.partnershipId,
      email: people.email,
    })
    .from(trainingActionPlans)
    .innerJoin(people, eq(people.id, trainingActionPlans.personId))
    .where(
      and(
        isNull(trainingActionPlans.followUpSentAt),
        isNull(trainingActionPlans.answeredAt),
        isNull(people.deactivatedAt),
        lte(trainingActionPlans.createdAt, new Date(now.getTime() - FOLLOW_UP_DAYS * 86_400_000)),
      ),
    );
  let sent = 0;
  for (const plan of due) {
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(trainingActionPlans)
        .set({ followUpSentAt: now })
        .where(and(eq(trainingActionPlans.id, plan.id), isNull(trainingActionPlans.followUpSentAt)))
        .returning({ id: trainingActionPlans.id });
      if (!claimed) return;
      await mail.queue(tx, {
        partnershipId: plan.partnershipId,
        to: plan.email,
        subject: 'How did your action plan go?',
        text: `Six weeks ago you wrote an action plan after a training course.\n\nTell us how it went: ${baseUrl}/training/action-plans/${plan.bookingId}\n`,
      });
      sent++;
    });
  }
  return sent;
}

export const actionPlanFollowUps: JobDefinition = {
  name: 'training-action-plan-follow-ups',
  cron: '30 8 * * *',
  run: async (ctx) => {
    await sendFollowUps(ctx);
  },
};
