import { and, asc, count, eq, getTableColumns, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/index.js';
import { people } from '../../platform/tenancy/tables.js';
import {
  trainingBookings,
  trainingCourses,
  trainingPrerequisites,
  trainingSessions,
  trainingSessionTrainers,
} from './tables.js';

// The queries on the training tables. Every one takes the partnership id.

export type Course = typeof trainingCourses.$inferSelect;
export type Session = typeof trainingSessions.$inferSelect;
export type Booking = typeof trainingBookings.$inferSelect;

/** Statuses that hold one of a session's places. */
export const HOLDS_PLACE = ['booked', 'offered'] as const;
export const LIVE = ['booked', 'waitlisted', 'offered'] as const;
/** LIVE, and a request awaiting a manager's approval: at most one per person per session. */
export const OPEN = [...LIVE, 'awaiting_approval'] as const;

export async function findCourse(db: Db, partnershipId: string, id: string) {
  const [course] = await db
    .select()
    .from(trainingCourses)
    .where(and(eq(trainingCourses.partnershipId, partnershipId), eq(trainingCourses.id, id)));
  return course ?? null;
}

export async function searchCourses(
  db: Db,
  partnershipId: string,
  opts: { q: string; retired: boolean; limit: number; offset: number },
) {
  const where = and(
    eq(trainingCourses.partnershipId, partnershipId),
    opts.retired
      ? sql`${trainingCourses.retiredAt} is not null`
      : isNull(trainingCourses.retiredAt),
    opts.q
      ? or(
          ilike(trainingCourses.title, `%${escapeLike(opts.q)}%`),
          ilike(trainingCourses.summary, `%${escapeLike(opts.q)}%`),
        )
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(trainingCourses)
      .where(where)
      .orderBy(asc(trainingCourses.title))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(trainingCourses).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function activeCourses(db: Db, partnershipId: string) {
  return db
    .select({ id: trainingCourses.id, title: trainingCourses.title, kind: trainingCourses.kind })
    .from(trainingCourses)
    .where(and(eq(trainingCourses.partnershipId, partnershipId), isNull(trainingCourses.retiredAt)))
    .orderBy(asc(trainingCourses.title));
}

/** The courses that must be completed before this one. */
export async function prerequisitesOf(db: Db, partnershipId: string, courseId: string) {
  return db
    .select({ id: trainingCourses.id, title: trainingCourses.title })
    .from(trainingPrerequisites)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingPrerequisites.requiredCourseId))
    .where(
      and(
        eq(trainingPrerequisites.partnershipId, partnershipId),
        eq(trainingPrerequisites.courseId, courseId),
      ),
    )
    .orderBy(asc(trainingCourses.title));
}

/** The current courses that need this one first (prerequisitesOf, the other way round). */
export async function currentCoursesRequiring(db: Db, partnershipId: string, courseId: string) {
  return db
    .select({ id: trainingCourses.id, title: trainingCourses.title })
    .from(trainingPrerequisites)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingPrerequisites.courseId))
    .where(
      and(
        eq(trainingPrerequisites.partnershipId, partnershipId),
        eq(trainingPrerequisites.requiredCourseId, courseId),
        isNull(trainingCourses.retiredAt),
      ),
    )
    .orderBy(asc(trainingCourses.title));
}

export async function allPrerequisites(db: Db, partnershipId: string) {
  return db
    .select({
      courseId: trainingPrerequisites.courseId,
      requiredCourseId: trainingPrerequisites.requiredCourseId,
    })
    .from(trainingPrerequisites)
    .where(eq(trainingPrerequisites.partnershipId, partnershipId));
}

export async function setPrerequisites(
  db: Db,
  partnershipId: string,
  courseId: string,
  requiredIds: string[],
) {
  await db
    .delete(trainingPrerequisites)
    .where(
      and(
        eq(trainingPrerequisites.partnershipId, partnershipId),
        eq(trainingPrerequisites.courseId, courseId),
      ),
    );
  if (requiredIds.length) {
    await db
      .insert(trainingPrerequisites)
      .values(
        requiredIds.map((requiredCourseId) => ({ partnershipId, courseId, requiredCourseId })),
      );
  }
}

export async function findSession(db: Db, partnershipId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.partnershipId, partnershipId), eq(trainingSessions.id, id)));
  // The row lock makes every booking on one session take its turn, so places are counted
  // by one transaction at a time and never overbooked.
  const [session] = lock ? await query.for('update') : await query;
  return session ?? null;
}

/** How many places are held, and how many wait, per session. */
export async function placeCounts(db: Db, partnershipId: string, sessionIds: string[]) {
  const counts = new Map<string, { held: number; waiting: number }>();
  for (const id of sessionIds) counts.set(id, { held: 0, waiting: 0 });
  if (!sessionIds.length) return counts;
  const rows = await db
    .select({ sessionId: trainingBookings.sessionId, status: trainingBookings.status, n: count() })
    .from(trainingBookings)
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        inArray(trainingBookings.sessionId, sessionIds),
        inArray(trainingBookings.status, [...LIVE]),
      ),
    )
    .groupBy(trainingBookings.sessionId, trainingBookings.status);
  for (const r of rows) {
    const c = counts.get(r.sessionId)!;
    if (r.status === 'waitlisted') c.waiting += r.n;
    else c.held += r.n;
  }
  return counts;
}

export async function sessionsOfCourse(db: Db, partnershipId: string, courseId: string) {
  return db
    .select()
    .from(trainingSessions)
    .where(
      and(
        eq(trainingSessions.partnershipId, partnershipId),
        eq(trainingSessions.courseId, courseId),
      ),
    )
    .orderBy(asc(trainingSessions.startsAt));
}

export async function trainersOf(db: Db, partnershipId: string, sessionIds: string[]) {
  if (!sessionIds.length) return [];
  return db
    .select({
      sessionId: trainingSessionTrainers.sessionId,
      id: people.id,
      name: people.name,
    })
    .from(trainingSessionTrainers)
    .innerJoin(people, eq(people.id, trainingSessionTrainers.personId))
    .where(
      and(
        eq(trainingSessionTrainers.partnershipId, partnershipId),
        inArray(trainingSessionTrainers.sessionId, sessionIds),
      ),
    )
    .orderBy(asc(people.name));
}

export async function setTrainers(
  db: Db,
  partnershipId: string,
  sessionId: string,
  personIds: string[],
) {
  await db
    .delete(trainingSessionTrainers)
    .where(
      and(
        eq(trainingSessionTrainers.partnershipId, partnershipId),
        eq(trainingSessionTrainers.sessionId, sessionId),
      ),
    );
  if (personIds.length) {
    await db
      .insert(trainingSessionTrainers)
      .values(personIds.map((personId) => ({ partnershipId, sessionId, personId })));
  }
}

/** The partnership's trainer cadre: active people with the trainer role. */
export async function trainerCadre(db: Db, partnershipId: string) {
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        sql`'trainer' = any(${people.roles})`,
      ),
    )
    .orderBy(asc(people.name));
}

/** The other bookings of the outer query's session, named apart from the outer row. */
const waiting = alias(trainingBookings, 'waiting');

/**
 * A waitlisted booking's place in the queue: those who joined the waitlist earlier, plus one.
 * The inner table has its own alias, and the subquery is built by drizzle rather than written
 * in one sql`` template: in a one-table select drizzle writes a template's columns without
 * their table, which turned "the outer row's session" into "this row's own session" and made
 * every position 1. A built subquery keeps each column's table.
 */
export const waitlistPosition = sql<number>`(${new QueryBuilder()
  .select({ n: sql`count(*)::int + 1` })
  .from(waiting)
  .where(
    and(
      eq(waiting.partnershipId, trainingBookings.partnershipId),
      eq(waiting.sessionId, trainingBookings.sessionId),
      eq(waiting.status, 'waitlisted'),
      sql`(${waiting.createdAt}, ${waiting.id}) < (${trainingBookings.createdAt}, ${trainingBookings.id})`,
    ),
  )})`;

/** One booking of this partnership, with its place on the waitlist while it waits. */
export async function findBooking(db: Db, partnershipId: string, id: string) {
  const [b] = await db
    .select({ ...getTableColumns(trainingBookings), position: waitlistPosition })
    .from(trainingBookings)
    .where(and(eq(trainingBookings.partnershipId, partnershipId), eq(trainingBookings.id, id)));
  return b ?? null;
}

/** A person's live booking on a session, or their request awaiting approval, if any. */
export async function liveBooking(
  db: Db,
  partnershipId: string,
  sessionId: string,
  personId: string,
) {
  const [b] = await db
    .select()
    .from(trainingBookings)
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        eq(trainingBookings.sessionId, sessionId),
        eq(trainingBookings.personId, personId),
        inArray(trainingBookings.status, [...OPEN]),
      ),
    );
  return b ?? null;
}
