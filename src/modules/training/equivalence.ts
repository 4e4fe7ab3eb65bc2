import { ALWAYS } from './schemas.js';
import { checkDateInput, dateInputFields, typedParts } from '../../platform/dates/date-input.js';
import { and, asc, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { countedPage, PAGE_SIZE } from '../../platform/http/paging.js';
import { organisations, people } from '../../platform/tenancy/tables.js';
import { ukDate } from '../../platform/views/env.js';
import { completedCourseIds } from './completion.js';
import { askToCheck } from './equivalence-notices.js';
import { FormProblem, isUniqueViolation } from './problems.js';
import * as store from './store.js';
import { trainingCourses } from './tables.js';
import { trainingEquivalences } from './tables-equivalence.js';
import { isoDate, parseDate, ukToday } from '../../platform/dates/uk-time.js';
import { UUID } from '../../platform/http/ids.js';

// A person declares that an earlier course stands in for one of ours that other courses need
// first; an admin or trainer approves or declines it, and the person is told by email.

const member = (ctx: ServiceContext) => ctx.actor as Member;

const CHOOSE_COURSE = 'Choose which of our courses it replaces';

/** The form; `today` (the UK date) refuses a date in the future with the other mistakes. */
export const equivalenceSchema = (today: string) =>
  z
    .object({
      courseId: z.string(CHOOSE_COURSE).regex(UUID, CHOOSE_COURSE),
      earlierCourse: z
        .string('Enter the name of the course you did')
        .trim()
        .min(1, 'Enter the name of the course you did')
        .max(200, 'The course name must be 200 characters or fewer'),
      provider: z
        .string('Enter who ran the course')
        .trim()
        .min(1, 'Enter who ran the course')
        .max(200, 'Who ran it must be 200 characters or fewer'),
      ...dateInputFields('completed'),
      notes: z.string().trim().max(2000, 'Notes must be 2,000 characters or fewer').default(''),
    })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'completed', 'the date you finished the course', { until: today });
    }, ALWAYS)
    .transform((v) => {
      const d = parseDate(...typedParts(v, 'completed'))!;
      return {
        courseId: v.courseId,
        earlierCourse: v.earlierCourse,
        provider: v.provider,
        completedOn: isoDate(d),
        notes: v.notes || null,
      };
    });
export type EquivalenceInput = z.output<ReturnType<typeof equivalenceSchema>>;

export const declineSchema = z.object({
  reason: z
    .string('Enter why the course is not accepted, so the person knows what to do next')
    .trim()
    .min(1, 'Enter why the course is not accepted, so the person knows what to do next')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

/** Our live courses that some other course needs first: the ones an earlier course can replace. */
export async function declarableCourses(db: Db, partnershipId: string) {
  const required = new Set(
    (await store.allPrerequisites(db, partnershipId)).map((p) => p.requiredCourseId),
  );
  return (await store.activeCourses(db, partnershipId)).filter((c) => required.has(c.id));
}

/**
 * The courses the signed-in person could declare an earlier course for: the declarable ones
 * they have not completed (a completed course needs nothing in its place). `any` says whether
 * any course is declarable at all, so the page can say which it is when none is left.
 */
export async function declarableCoursesOf(ctx: ServiceContext) {
  const { partnershipId, id: personId } = member(ctx);
  const courses = await declarableCourses(ctx.db, partnershipId);
  const done = await completedCourseIds(
    ctx.db,
    partnershipId,
    personId,
    courses.map((c) => c.id),
  );
  return { courses: courses.filter((c) => !done.has(c.id)), any: courses.length > 0 };
}

/** The signed-in person declares an equivalent earlier course; it waits to be checked. */
export async function declareEquivalent(ctx: ServiceContext, input: EquivalenceInput) {
  const { partnershipId, id: personId } = member(ctx);
  try {
    return await ctx.db.transaction(async (tx) => {
      const course = (await declarableCourses(tx, partnershipId)).find(
        (c) => c.id === input.courseId,
      );
      if (!course) throw new FormProblem({ courseId: CHOOSE_COURSE });
      if (input.completedOn > ukToday(ctx.now)) {
        throw new FormProblem({
          completed: 'The date you finished the course must be today or in the past',
        });
      }
      if ((await completedCourseIds(tx, partnershipId, personId, [course.id])).has(course.id)) {
        throw new FormProblem({
          courseId: `You have already completed ${course.title}, so there is nothing to declare`,
        });
      }
      const [row] = await tx
        .insert(trainingEquivalences)
        .values({ ...input, partnershipId, personId, createdAt: ctx.now })
        .returning({ id: trainingEquivalences.id });
      await audit(tx, ctx, {
        action: 'training-equivalence.declared',
        recordType: 'training-equivalence',
        recordId: row!.id,
      });
      await askToCheck(tx, ctx, { ...input, id: row!.id, courseTitle: course.title });
      return row!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new FormProblem({
        courseId:
          'You have already declared an equivalent for this course. It is being checked, or has been accepted.',
      });
    }
    throw error;
  }
}

const details = {
  id: trainingEquivalences.id,
  personId: trainingEquivalences.personId,
  personName: people.name,
  organisation: organisations.name,
  courseId: trainingEquivalences.courseId,
  courseTitle: trainingCourses.title,
  earlierCourse: trainingEquivalences.earlierCourse,
  provider: trainingEquivalences.provider,
  completedOn: trainingEquivalences.completedOn,
  notes: trainingEquivalences.notes,
  status: trainingEquivalences.status,
  declinedReason: trainingEquivalences.declinedReason,
  decidedAt: trainingEquivalences.decidedAt,
  createdAt: trainingEquivalences.createdAt,
};

const withNames = (db: Db) =>
  db
    .select(details)
    .from(trainingEquivalences)
    .innerJoin(people, eq(people.id, trainingEquivalences.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingEquivalences.courseId));

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Declarations waiting to be checked, oldest first, 25 to a page; searched by name or course. */
export async function pendingEquivalences(ctx: ServiceContext, query: { q: string; page: number }) {
  const { partnershipId } = member(ctx);
  const q = query.q.trim();
  const like = `%${escapeLike(q)}%`;
  const where = and(
    eq(trainingEquivalences.partnershipId, partnershipId),
    eq(trainingEquivalences.status, 'pending'),
    q
      ? or(
          ilike(people.name, like),
          ilike(trainingEquivalences.earlierCourse, like),
          ilike(trainingEquivalences.provider, like),
          ilike(trainingCourses.title, like),
        )
      : undefined,
  );
  const rows = await withNames(ctx.db)
    .where(where)
    .orderBy(asc(trainingEquivalences.createdAt), asc(trainingEquivalences.id))
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE);
  return countedPage(rows, query.page, async () => {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(trainingEquivalences)
      .innerJoin(people, eq(people.id, trainingEquivalences.personId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingEquivalences.courseId))
      .where(where);
    return row?.n ?? 0;
  });
}

/** How many declarations wait, for the link to the list. */
export async function pendingCount(ctx: ServiceContext) {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(trainingEquivalences)
    .where(
      and(
        eq(trainingEquivalences.partnershipId, member(ctx).partnershipId),
        eq(trainingEquivalences.status, 'pending'),
      ),
    );
  return row?.n ?? 0;
}

/** One declaration of this partnership, for the person checking it; another's is a 404. */
export async function getEquivalence(ctx: ServiceContext, id: string) {
  const [row] = await withNames(ctx.db).where(
    and(
      eq(trainingEquivalences.partnershipId, member(ctx).partnershipId),
      eq(trainingEquivalences.id, id),
    ),
  );
  if (!row) throw notFound();
  return { ...row, mine: row.personId === member(ctx).id };
}

/** The person's own declarations, newest first, for "My training". */
export async function equivalencesOf(db: Db, partnershipId: string, personId: string) {
  return db
    .select(details)
    .from(trainingEquivalences)
    .innerJoin(people, eq(people.id, trainingEquivalences.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingEquivalences.courseId))
    .where(
      and(
        eq(trainingEquivalences.partnershipId, partnershipId),
        eq(trainingEquivalences.personId, personId),
      ),
    )
    .orderBy(desc(trainingEquivalences.createdAt));
}

/**
 * Approves or declines a pending declaration and emails the person, in one transaction. The
 * update only matches a pending row, so two people deciding at once cannot both succeed.
 */
export async function decideEquivalence(
  ctx: ServiceContext,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
) {
  const actor = member(ctx);
  await ctx.db.transaction(async (tx) => {
    const found = await getEquivalence({ ...ctx, db: tx }, id);
    if (found.mine) {
      throw new FormProblem({ decision: 'Someone else needs to check your own declaration.' });
    }
    const status = decision.approve ? 'approved' : 'declined';
    const [changed] = await tx
      .update(trainingEquivalences)
      .set({
        status,
        declinedReason: decision.approve ? null : decision.reason,
        decidedBy: actor.id,
        decidedAt: ctx.now,
      })
      .where(and(eq(trainingEquivalences.id, id), eq(trainingEquivalences.status, 'pending')))
      .returning({ id: trainingEquivalences.id });
    if (!changed) throw new FormProblem({ decision: 'This declaration has already been decided.' });
    await audit(tx, ctx, {
      action: `training-equivalence.${status}`,
      recordType: 'training-equivalence',
      recordId: id,
    });
    const [person] = await tx
      .select({ name: people.name, email: people.email })
      .from(people)
      .where(eq(people.id, found.personId));
    const earlier = `${found.earlierCourse} (${found.provider}, finished ${ukDate(found.completedOn)})`;
    const text = decision.approve
      ? [
          `We have accepted ${earlier} in place of ${found.courseTitle}.`,
          `You can now book the courses that need ${found.courseTitle} first: ${ctx.baseUrl}/training/mine`,
        ]
      : [
          `We could not accept ${earlier} in place of ${found.courseTitle}.`,
          `The reason: ${decision.reason}`,
          `You can book ${found.courseTitle} here: ${ctx.baseUrl}/training/courses/${found.courseId}`,
        ];
    await ctx.mail.queue(tx, {
      partnershipId: actor.partnershipId,
      to: person!.email,
      subject: `${decision.approve ? 'Accepted' : 'Not accepted'}: your earlier course in place of ${found.courseTitle}`,
      text: [`Dear ${person!.name},`, '', ...text].join('\n'),
    });
  });
}
