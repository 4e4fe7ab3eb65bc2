import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/index.js';
import { COMPLETES } from './attendance.js';
import { alsCompletionsSql } from './als-store.js';

// What "has completed course X" means, in one place. A person has completed a course when
// they attended a session of it (arriving late counts, leaving early does not: COMPLETES), or
// when an admin or trainer approved their declaration of an equivalent earlier course, or
// (for an action learning set) when they met their set's attendance rule (als-store.ts).
// Prerequisites, "My training", coverage and action learning sets all ask here.

const completingAttendance = sql.join(
  COMPLETES.map((a) => sql`${a}`),
  sql`, `,
);

/**
 * Every completion in one partnership as rows of (person_id, course_id, completed_at), for
 * use as a subquery. A person may appear more than once for a course; group if it matters.
 */
export function completionsSql(partnershipId: string): SQL {
  return sql`
    select b.person_id, s.course_id, s.ends_at as completed_at
    from training_bookings b
    join training_sessions s on s.id = b.session_id and s.partnership_id = ${partnershipId}
    where b.partnership_id = ${partnershipId} and b.attendance in (${completingAttendance})
    union all
    select e.person_id, e.course_id,
      (e.completed_on::timestamp at time zone 'Europe/London') as completed_at
    from training_equivalences e
    where e.partnership_id = ${partnershipId} and e.status = 'approved'
    union all
    ${alsCompletionsSql(partnershipId)}`;
}

/**
 * Which courses the person has completed: of `courseIds` if given, else of all courses.
 * Pass the caller's transaction so a booking sees the state it is deciding on.
 */
export async function completedCourseIds(
  db: Db,
  partnershipId: string,
  personId: string,
  courseIds?: readonly string[],
): Promise<Set<string>> {
  if (courseIds && !courseIds.length) return new Set();
  const only = courseIds
    ? sql`and c.course_id in (${sql.join(
        courseIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const result = await db.execute(sql`
    select distinct c.course_id as "courseId"
    from (${completionsSql(partnershipId)}) c
    where c.person_id = ${personId} ${only}`);
  return new Set(rowsOf<{ courseId: string }>(result).map((r) => r.courseId));
}

/** Whether the person has completed this one course. */
export async function hasCompletedCourse(
  db: Db,
  partnershipId: string,
  personId: string,
  courseId: string,
): Promise<boolean> {
  return (await completedCourseIds(db, partnershipId, personId, [courseId])).has(courseId);
}

/** When the person last completed the course, or null if they never have. */
export async function lastCompleted(
  db: Db,
  partnershipId: string,
  personId: string,
  courseId: string,
): Promise<Date | null> {
  const result = await db.execute(sql`
    select max(c.completed_at) as "at"
    from (${completionsSql(partnershipId)}) c
    where c.person_id = ${personId} and c.course_id = ${courseId}`);
  const at = rowsOf<{ at: Date | string | null }>(result)[0]?.at;
  return at ? new Date(at) : null;
}
