import { and, eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError, notFound } from '../../platform/http/errors.js';
import type { CourseInput } from './schemas.js';
import { FormProblem, isUniqueViolation } from './problems.js';
import * as store from './store.js';
import { trainingCourses } from './tables.js';

// The course catalogue: what the partnership offers. Trainers and admins keep it; everyone reads it.

export const PER_PAGE = 25;
const member = (ctx: ServiceContext) => ctx.actor as Member;

export async function listCourses(
  ctx: ServiceContext,
  opts: { q?: string; page?: number; retired?: boolean } = {},
) {
  const page = Math.max(1, opts.page ?? 1);
  const { rows, total } = await store.searchCourses(ctx.db, member(ctx).partnershipId, {
    q: (opts.q ?? '').trim(),
    // Retired courses are listed for those who keep the catalogue.
    retired: (opts.retired ?? false) && allows('trainer', ctx.actor),
    limit: PER_PAGE,
    offset: (page - 1) * PER_PAGE,
  });
  return { courses: rows, total, page, pages: Math.max(1, Math.ceil(total / PER_PAGE)) };
}

/** One of this partnership's courses, with what must come before it; another's is a 404. */
export async function getCourse(ctx: ServiceContext, id: string) {
  const partnershipId = member(ctx).partnershipId;
  const course = await store.findCourse(ctx.db, partnershipId, id);
  if (!course) throw notFound();
  const prerequisites = await store.prerequisitesOf(ctx.db, partnershipId, id);
  return { ...course, prerequisites };
}

export const courseChoices = (ctx: ServiceContext) =>
  store.activeCourses(ctx.db, member(ctx).partnershipId);

export async function createCourse(ctx: ServiceContext, input: CourseInput): Promise<string> {
  return saveCourse(ctx, null, input);
}

export async function updateCourse(ctx: ServiceContext, id: string, input: CourseInput) {
  await saveCourse(ctx, id, input);
}

async function saveCourse(ctx: ServiceContext, id: string | null, input: CourseInput) {
  const partnershipId = member(ctx).partnershipId;
  const { prerequisiteIds, ...fields } = input;
  const values = {
    ...fields,
    durationMinutes: fields.durationMinutes ?? null,
    joiningLink: fields.joiningLink ?? null,
    venue: fields.venue ?? null,
    audienceNote: fields.audienceNote ?? null,
    usualPlaces: fields.usualPlaces ?? null,
  };
  try {
    return await ctx.db.transaction(async (tx) => {
      if (id && !(await store.findCourse(tx, partnershipId, id))) throw notFound();
      const required = [...new Set(prerequisiteIds)];
      await checkPrerequisites(tx, partnershipId, id, required);
      let courseId = id;
      if (courseId) {
        await tx
          .update(trainingCourses)
          .set({ ...values, updatedAt: ctx.now })
          .where(
            and(eq(trainingCourses.partnershipId, partnershipId), eq(trainingCourses.id, courseId)),
          );
      } else {
        const [row] = await tx
          .insert(trainingCourses)
          .values({ ...values, partnershipId })
          .returning({ id: trainingCourses.id });
        courseId = row!.id;
      }
      await store.setPrerequisites(tx, partnershipId, courseId, required);
      await audit(tx, ctx, {
        action: id ? 'training-course.updated' : 'training-course.created',
        recordType: 'training-course',
        recordId: courseId,
      });
      return courseId;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new FormProblem({ title: 'There is already a course with this title' });
    }
    throw error;
  }
}

/** Prerequisites must be this partnership's live courses, and must never go round in a circle. */
async function checkPrerequisites(
  db: Db,
  partnershipId: string,
  courseId: string | null,
  required: string[],
) {
  if (!required.length) return;
  const live = new Set((await store.activeCourses(db, partnershipId)).map((c) => c.id));
  if (required.some((r) => !live.has(r))) {
    throw new FormProblem({ prerequisiteIds: 'Choose courses from the list' });
  }
  if (!courseId) return; // a new course cannot be anyone's prerequisite yet
  if (required.includes(courseId)) {
    throw new FormProblem({ prerequisiteIds: 'A course cannot be its own prerequisite' });
  }
  const edges = await store.allPrerequisites(db, partnershipId);
  const before = new Map<string, string[]>();
  for (const e of edges) {
    if (e.courseId === courseId) continue; // being replaced
    before.set(e.courseId, [...(before.get(e.courseId) ?? []), e.requiredCourseId]);
  }
  // Walk back from each new prerequisite: reaching this course again would be a circle.
  const seen = new Set<string>();
  const queue = [...required];
  while (queue.length) {
    const next = queue.pop()!;
    if (next === courseId) {
      throw new FormProblem({
        prerequisiteIds:
          'One of these courses already needs this course first, so it cannot also come before it',
      });
    }
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(before.get(next) ?? []));
  }
}

/**
 * Retiring a course that current ones need first would make them impossible to book. The
 * courses come with it, so the page can link to each one to change.
 */
export class CourseStillNeeded extends HttpError {
  constructor(readonly needed: { id: string; title: string }[]) {
    super(
      409,
      `Other courses need this one first: ${needed.map((c) => c.title).join(', ')}. Take it out of their prerequisites before you retire it.`,
    );
  }
}

/** The courses still offered that need this one first: while there are any, it stays. */
export const coursesNeeding = (ctx: ServiceContext, id: string) =>
  store.currentCoursesRequiring(ctx.db, member(ctx).partnershipId, id);

export async function retireCourse(ctx: ServiceContext, id: string) {
  const partnershipId = member(ctx).partnershipId;
  await ctx.db.transaction(async (tx) => {
    const course = await store.findCourse(tx, partnershipId, id);
    if (!course) throw notFound();
    if (course.retiredAt) return;
    const needed = await store.currentCoursesRequiring(tx, partnershipId, id);
    if (needed.length) throw new CourseStillNeeded(needed);
    await tx
      .update(trainingCourses)
      .set({ retiredAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(trainingCourses.partnershipId, partnershipId), eq(trainingCourses.id, id)));
    await audit(tx, ctx, {
      action: 'training-course.retired',
      recordType: 'training-course',
      recordId: id,
    });
  });
}

export async function restoreCourse(ctx: ServiceContext, id: string) {
  const partnershipId = member(ctx).partnershipId;
  await ctx.db.transaction(async (tx) => {
    const course = await store.findCourse(tx, partnershipId, id);
    if (!course) throw notFound();
    if (!course.retiredAt) return;
    await tx
      .update(trainingCourses)
      .set({ retiredAt: null, updatedAt: ctx.now })
      .where(and(eq(trainingCourses.partnershipId, partnershipId), eq(trainingCourses.id, id)));
    await audit(tx, ctx, {
      action: 'training-course.restored',
      recordType: 'training-course',
      recordId: id,
    });
  });
}
