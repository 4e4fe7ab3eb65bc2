import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { pageOfList, pageOut, pageQuerySchema, problems } from '../../platform/http/api.js';
import { trendChartSvg, monthLabel } from './coverage-chart.js';
import {
  breakdowns,
  coverage,
  coverageDashboard,
  offerOrder,
  type Breakdown,
  type CoverageRow,
} from './coverage.js';
import { safeCell } from '../../platform/http/csv.js';
import { trainingLayers, type TrainingLayer } from '../../platform/tenancy/tables.js';
import { layerNames } from './labels.js';

// The coverage dashboard for leaders, its CSV, and the same numbers as JSON.

const byLabels: Record<Breakdown, string> = {
  organisation: 'Organisation',
  locality: 'Locality',
  team: 'Team',
  layer: 'Training layer',
};

const query = z.object({
  by: z.enum(breakdowns).catch('organisation').default('organisation'),
  course: z.string().optional(),
});

/**
 * For people to read: a training layer by its name ("Front-line practitioners", not the stored
 * "frontline"), the layers in the plan's order with "Not recorded" last. Other breakdowns are
 * already names. The API keeps the stored values.
 */
function readable(by: Breakdown, rows: CoverageRow[]): CoverageRow[] {
  if (by !== 'layer') return rows;
  const layerRank = (group: string) => {
    const i = trainingLayers.indexOf(group as TrainingLayer);
    return i < 0 ? trainingLayers.length : i;
  };
  // The courses keep their order (rows come grouped by course); the layers are sorted within.
  const courseRank = new Map<string, number>();
  for (const r of rows)
    if (!courseRank.has(r.courseId)) courseRank.set(r.courseId, courseRank.size);
  return [...rows]
    .sort(
      (a, b) =>
        courseRank.get(a.courseId)! - courseRank.get(b.courseId)! ||
        layerRank(a.group) - layerRank(b.group),
    )
    .map((r) => ({ ...r, group: layerNames[r.group as TrainingLayer] ?? r.group }));
}

function coverageCsv(by: Breakdown, rows: CoverageRow[]): string {
  return stringify([
    ['Course', byLabels[by], 'People', 'Completed', 'Share (%)'],
    ...readable(by, rows).map((r) => [
      safeCell(r.course),
      safeCell(r.group),
      String(r.people),
      String(r.completed),
      String(r.share),
    ]),
  ]);
}

/** Rows grouped by course, for the page's tables. */
function byCourse(rows: CoverageRow[]) {
  const courses = new Map<string, { id: string; title: string; rows: CoverageRow[] }>();
  for (const r of rows) {
    const c = courses.get(r.courseId) ?? { id: r.courseId, title: r.course, rows: [] };
    c.rows.push(r);
    courses.set(r.courseId, c);
  }
  return [...courses.values()];
}

export async function coverageRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/training/coverage',
    { config: { policy: 'leader' }, schema: { querystring: query } },
    async (request, reply) => {
      const { by } = request.query;
      // The chart's choice lists the offer in its natural order, and starts with its first course.
      const order = await offerOrder(request.ctx);
      const course = order.find((id) => id === request.query.course) ?? order[0];
      const { rows, totals: all, trend } = await coverageDashboard(request.ctx, by, course);
      const courses = byCourse(readable(by, rows));
      const rank = (id: string) => order.indexOf(id);
      const totals = [...all].sort((a, b) => rank(a.courseId) - rank(b.courseId));
      const chosen = totals.find((t) => t.courseId === course);
      return reply.page('training/views/coverage.njk', {
        by,
        byLabel: byLabels[by],
        breakdownItems: breakdowns.map((b) => ({ value: b, text: byLabels[b], checked: b === by })),
        courseItems: totals.map((t) => ({
          value: t.courseId,
          text: t.course,
          selected: t.courseId === chosen?.courseId,
        })),
        courses,
        totals,
        chosen,
        trend: trend.map((p) => ({ ...p, label: monthLabel(p.month) })),
        chart: chosen ? trendChartSvg(chosen.course, trend) : '',
      });
    },
  );

  app.get(
    '/training/coverage.csv',
    { config: { policy: 'leader' }, schema: { querystring: query } },
    async (request, reply) => {
      const { by } = request.query;
      const rows = await coverage(request.ctx, by);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="training-coverage-by-${by}.csv"`)
        .send(coverageCsv(by, rows));
    },
  );
}

// A list like every other in the API: a page of rows (a course and a group each), with the page,
// its size, the page count and the total.
const coverageResponse = pageOut(
  z.object({
    courseId: z.uuid(),
    course: z.string(),
    group: z.string(),
    people: z.number().int(),
    completed: z.number().int(),
    share: z.number().int().meta({ description: 'Completed, as a whole percentage of people' }),
  }),
).extend({ by: z.enum(breakdowns) });

export async function coverageApi(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/training/coverage',
    {
      config: { policy: 'leader' },
      schema: {
        summary: 'Share of active people who have completed each course, by a breakdown',
        querystring: z.object({
          by: z.enum(breakdowns).default('organisation'),
          page: pageQuerySchema.shape.page,
        }),
        response: { 200: coverageResponse, ...problems },
      },
    },
    async (request) => ({
      by: request.query.by,
      ...pageOfList(await coverage(request.ctx, request.query.by), request.query.page),
    }),
  );
}

/** Both, for one line in app.ts. */
export async function trainingCoverage(app: FastifyInstance) {
  await app.register(coverageRoutes);
  await app.register(coverageApi, { prefix: '/api/v1' });
}
