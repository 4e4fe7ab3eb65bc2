import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { completionsSql } from './completion.js';
import * as store from './store.js';
import { courseKinds, type CourseKind } from './tables.js';

type Ctx = Pick<ServiceContext, 'db' | 'actor' | 'now'>;

// Coverage: of the active people of the partnership, the share who have completed each course.
// All counting happens in SQL (GROUP BY), so it stays fast at 10,000 people and 100,000 bookings.

export const breakdowns = ['organisation', 'locality', 'team', 'layer'] as const;
export type Breakdown = (typeof breakdowns)[number];

export interface CoverageRow {
  courseId: string;
  course: string;
  group: string;
  people: number;
  completed: number;
  /** Whole per cent, rounded. */
  share: number;
}

// Each person once per group they belong to; people with no group are counted under "Not recorded".
function population(partnershipId: string, by: Breakdown | 'all'): SQL {
  const active = sql`p.partnership_id = ${partnershipId} and p.deactivated_at is null`;
  switch (by) {
    case 'all':
      return sql`select p.id as person_id, 'All' as group_name from people p where ${active}`;
    case 'organisation':
      return sql`select p.id as person_id, coalesce(o.name, 'Not recorded') as group_name
        from people p left join organisations o on o.id = p.organisation_id where ${active}`;
    case 'layer':
      return sql`select p.id as person_id, coalesce(p.training_layer, 'Not recorded') as group_name
        from people p where ${active}`;
    case 'team':
      return sql`select distinct p.id as person_id, coalesce(t.name, 'No team') as group_name
        from people p
        left join team_members tm on tm.person_id = p.id and tm.partnership_id = p.partnership_id
        left join teams t on t.id = tm.team_id
        where ${active}`;
    case 'locality':
      return sql`select distinct p.id as person_id, coalesce(l.name, 'Not recorded') as group_name
        from people p
        left join team_members tm on tm.person_id = p.id and tm.partnership_id = p.partnership_id
        left join teams t on t.id = tm.team_id
        left join localities l on l.id = t.locality_id
        where ${active}`;
  }
}

// One row per person and course they completed, with when they first completed it, by the
// one rule prerequisites use too (completion.ts): arriving late, an approved equivalent and a
// completed action learning set all count.
const completions = (partnershipId: string) => sql`
  select c.person_id, c.course_id, min(c.completed_at) as completed_at
  from (${completionsSql(partnershipId)}) c
  group by c.person_id, c.course_id`;

// A platform admin outside any partnership matches nothing.
const partnershipOf = (ctx: Ctx) =>
  ctx.actor.partnershipId ?? '00000000-0000-0000-0000-000000000000';

const share = (completed: number, people: number) =>
  people === 0 ? 0 : Math.round((completed / people) * 100);

/** Rows of (course, group, people, completed) from the CTEs `done` and `pop` (its name given). */
const tableSql = (pid: string, pop: string) => {
  const p = sql.identifier(pop);
  return sql`
    select c.id as "courseId", c.title as course, sz.group_name as "group", sz.people,
      coalesce(ct.completed, 0)::int as completed
    from training_courses c
    cross join (select group_name, count(*)::int as people from ${p} group by group_name) sz
    left join (
      select d.course_id, pp.group_name, count(*)::int as completed
      from done d join ${p} pp on pp.person_id = d.person_id
      group by d.course_id, pp.group_name
    ) ct on ct.course_id = c.id and ct.group_name = sz.group_name
    where c.partnership_id = ${pid} and c.retired_at is null`;
};
const tableOrder = sql`lower(course), "courseId", "group"`;

/**
 * The last 12 months of one course, from the CTEs `done` and `pop_all`: completions each month
 * and the share at each month end.
 */
const trendSql = (courseId: string, now: Date) => sql`
  with per_month as (
    select date_trunc('month', d.completed_at at time zone 'Europe/London') as m, count(*)::int as n
    from done d join pop_all pop on pop.person_id = d.person_id
    where d.course_id = ${courseId}
    group by 1),
  months as (
    select generate_series(
      date_trunc('month', ${now.toISOString()}::timestamptz at time zone 'Europe/London') - interval '11 months',
      date_trunc('month', ${now.toISOString()}::timestamptz at time zone 'Europe/London'),
      interval '1 month') as m)
  select to_char(months.m, 'YYYY-MM-DD') as month,
    coalesce((select n from per_month where per_month.m = months.m), 0)::int as completions,
    coalesce((select sum(n) from per_month where per_month.m <= months.m), 0)::int as cumulative,
    (select count(*) from pop_all)::int as people
  from months`;

const withShares = (rows: Omit<CoverageRow, 'share'>[]): CoverageRow[] =>
  rows.map((r) => ({ ...r, share: share(r.completed, r.people) }));
const trendWithShares = (rows: Omit<TrendPoint, 'share'>[]): TrendPoint[] =>
  rows.map((r) => ({ ...r, share: share(r.cumulative, r.people) }));

/** Coverage of every current course, one row per course and group. */
export async function coverage(ctx: Ctx, by: Breakdown | 'all'): Promise<CoverageRow[]> {
  const pid = partnershipOf(ctx);
  const result = await ctx.db.execute(sql`
    with pop as (${population(pid, by)}), done as (${completions(pid)})
    select * from (${tableSql(pid, 'pop')}) r order by ${tableOrder}`);
  return withShares(rowsOf(result));
}

export interface TrendPoint {
  /** First day of the month, YYYY-MM-01 (UK time). */
  month: string;
  completions: number;
  cumulative: number;
  people: number;
  share: number;
}

/**
 * The dashboard's three tables in one statement, so completions are worked out once, not three
 * times: coverage by the breakdown, the partnership's totals, and one course's trend.
 */
export async function coverageDashboard(ctx: Ctx, by: Breakdown, courseId: string | undefined) {
  const pid = partnershipOf(ctx);
  const trend = courseId
    ? sql`(select coalesce(json_agg(t order by t.month), '[]') from (${trendSql(courseId, ctx.now)}) t)`
    : sql`'[]'::json`;
  const result = await ctx.db.execute(sql`
    with pop as (${population(pid, by)}), pop_all as (${population(pid, 'all')}),
    done as materialized (${completions(pid)})
    select
      (select coalesce(json_agg(r order by ${tableOrder}), '[]') from (${tableSql(pid, 'pop')}) r) as rows,
      (select coalesce(json_agg(r order by ${tableOrder}), '[]') from (${tableSql(pid, 'pop_all')}) r) as totals,
      ${trend} as trend`);
  const [row] = rowsOf<{ rows: unknown; totals: unknown; trend: unknown }>(result);
  // JSON comes back parsed from a server and from PGlite alike; a string would mean neither did.
  const parsed = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    rows: withShares(parsed(row?.rows)),
    totals: withShares(parsed(row?.totals)),
    trend: trendWithShares(parsed(row?.trend)),
  };
}

/**
 * The partnership's current courses in the offer's natural order, for the chart's choice and
 * its first course: ordinary courses, then bespoke courses, then action learning sets; each
 * kind in the order its courses build on each other (a course after the longest chain of
 * courses it needs first), then by title. The demo's offer so reads Introduction, Development,
 * Circles and meetings, Bespoke team course, Action learning set.
 */
export async function offerOrder(ctx: Ctx): Promise<string[]> {
  const pid = partnershipOf(ctx);
  const [courses, required] = await Promise.all([
    store.activeCourses(ctx.db, pid),
    store.allPrerequisites(ctx.db, pid),
  ]);
  const needs = new Map<string, string[]>();
  for (const p of required)
    needs.set(p.courseId, [...(needs.get(p.courseId) ?? []), p.requiredCourseId]);
  const steps = new Map<string, number>();
  const stepOf = (id: string, seen: Set<string>): number => {
    const known = steps.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a loop of prerequisites: nothing sensible to count
    seen.add(id);
    const step = Math.max(-1, ...(needs.get(id) ?? []).map((r) => stepOf(r, seen))) + 1;
    steps.set(id, step);
    return step;
  };
  const kindRank = (kind: CourseKind) => courseKinds.indexOf(kind);
  return courses
    .map((c) => ({ ...c, step: stepOf(c.id, new Set()) }))
    .sort(
      (a, b) =>
        kindRank(a.kind) - kindRank(b.kind) ||
        a.step - b.step ||
        a.title.localeCompare(b.title, 'en-GB'),
    )
    .map((c) => c.id);
}
