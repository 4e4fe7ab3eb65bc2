import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lte,
  or,
} from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { countedPage, PAGE_SIZE } from '../../platform/http/paging.js';
import { closedSessionTeams } from './closed-sessions.js';
import { withDetails } from './sessions.js';
import { trainingCourses, trainingSessions } from './tables.js';

// Lists of sessions: the dates still to come (of one course or of all of them) and those past.
// Who sees what is decided here once, for the course page and the API: cancelled sessions are
// listed only for those who run training, and a closed (bespoke) session only for its team.

export const sessionTimes = ['upcoming', 'past'] as const;
export type SessionTime = (typeof sessionTimes)[number];

async function listed(ctx: ServiceContext, courseId: string | undefined, when: SessionTime) {
  const { partnershipId } = ctx.actor as Member;
  const teams = await closedSessionTeams(ctx);
  const everything = teams === 'all';
  return and(
    eq(trainingSessions.partnershipId, partnershipId),
    courseId ? eq(trainingSessions.courseId, courseId) : undefined,
    when === 'upcoming'
      ? gt(trainingSessions.endsAt, ctx.now)
      : lte(trainingSessions.endsAt, ctx.now),
    everything ? undefined : eq(trainingSessions.status, 'scheduled'),
    everything
      ? undefined
      : or(
          isNull(trainingSessions.teamId),
          teams.size ? inArray(trainingSessions.teamId, [...teams]) : undefined,
        ),
  );
}

const columns = { ...getTableColumns(trainingSessions), courseTitle: trainingCourses.title };

/** One page of sessions, soonest first (latest first for past ones), with their places. */
export async function listSessions(
  ctx: ServiceContext,
  opts: { courseId?: string; when?: SessionTime; page?: number } = {},
) {
  const when = opts.when ?? 'upcoming';
  const page = opts.page ?? 1;
  const where = await listed(ctx, opts.courseId, when);
  const rows = await ctx.db
    .select(columns)
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(where)
    .orderBy(
      when === 'upcoming' ? asc(trainingSessions.startsAt) : desc(trainingSessions.startsAt),
      asc(trainingSessions.id),
    )
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return countedPage(await withDetails(ctx, rows), page, async () => {
    const [row] = await ctx.db.select({ n: count() }).from(trainingSessions).where(where);
    return row?.n ?? 0;
  });
}

/** Every session of a course still to come, for the course's page. */
export async function upcomingSessionsOfCourse(ctx: ServiceContext, courseId: string) {
  const rows = await ctx.db
    .select(columns)
    .from(trainingSessions)
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(await listed(ctx, courseId, 'upcoming'))
    .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id));
  return withDetails(ctx, rows);
}
