import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import { pageOfList } from '../../platform/http/api.js';
import { PAGE_SIZE, pageNumber, pagination, showing } from '../../platform/http/paging.js';
import { addDays, ukToday } from '../../platform/dates/uk-time.js';
import { ukDate } from '../../platform/views/env.js';
import { safeCell } from '../../platform/http/csv.js';
import { typedUkDate } from './labels.js';
import { chargeableReport, reportRangeSchema } from './reports.js';

const admin = { policy: 'partnershipAdmin' as const };

/** The range asked for, or the last 90 days up to today. */
function rangeOf(request: FastifyRequest) {
  const q = request.query as { from?: string; to?: string };
  const today = ukToday(request.ctx.now);
  return { from: q.from || addDays(today, -90), to: q.to || today };
}

export async function reportRoutes(app: FastifyInstance) {
  app.get('/training/reports/charges', { config: admin }, async (request, reply) => {
    const values = rangeOf(request);
    const form = validateForm(reportRangeSchema, values);
    if (!form.ok) {
      reply.status(400);
      return reply.page('training/views/charges.njk', {
        ...form,
        values,
        charges: [],
        organisations: [],
      });
    }
    const { charges, organisations } = await chargeableReport(request.ctx, form.data);
    // The totals count every charge in the dates; the page lists them 25 at a time.
    // A page past the end (the dates changed, say) shows the last one.
    const last = Math.max(1, Math.ceil(charges.length / PAGE_SIZE));
    const page = pageOfList(charges, Math.min(pageNumber(request), last));
    const csvHref = `/training/reports/charges.csv?${new URLSearchParams(form.data).toString()}`;
    return reply.page('training/views/charges.njk', {
      organisations,
      charges: page.items,
      showing: showing(page),
      pagination: pagination('/training/reports/charges', form.data, page),
      // The dates as they are typed, whether they came typed or from a link (YYYY-MM-DD).
      values: { from: typedUkDate(form.data.from), to: typedUkDate(form.data.to) },
      csvHref,
    });
  });

  app.get('/training/reports/charges.csv', { config: admin }, async (request, reply) => {
    const form = validateForm(reportRangeSchema, rangeOf(request));
    if (!form.ok)
      return reply
        .status(400)
        .type('text/plain')
        .send(form.errorList.map((e) => e.text).join('\n'));
    const { charges } = await chargeableReport(request.ctx, form.data);
    const csv = stringify({
      header: true,
      columns: [
        'Organisation',
        'Person',
        'Course',
        'Session date',
        'Charge',
        'Cancelled on',
        'Working days notice',
      ],
    });
    reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="training-charges-${form.data.from}-to-${form.data.to}.csv"`,
      )
      .header('cache-control', 'no-store');
    // Rows are written as the stream is read; every cell is guarded against formulas.
    setImmediate(() => {
      for (const c of charges) {
        csv.write(
          [
            c.organisation,
            c.person,
            c.course,
            ukDate(c.startsAt),
            c.charge,
            c.cancelledAt ? ukDate(c.cancelledAt) : '',
            c.notice === null ? '' : String(c.notice),
          ].map(safeCell),
        );
      }
      csv.end();
    });
    return reply.send(csv);
  });
}
