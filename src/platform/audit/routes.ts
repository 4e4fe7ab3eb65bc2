import type { FastifyInstance } from 'fastify';
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Member } from '../access/actor.js';
import { apiTokens } from '../auth/tables.js';
import { dateInputProblem, typedDay } from '../dates/date-input.js';
import { dayAfter, startOfUkDay } from '../dates/uk-time.js';
import type { Db } from '../db/index.js';
import { errorsFor } from '../http/forms.js';
import { people } from '../tenancy/tables.js';
import { audit } from './index.js';
import { auditEvents, auditOutcomes, type AuditOutcome } from './tables.js';
import { UUID } from '../http/ids.js';

const PER_PAGE = 50;

type Query = Record<string, string | undefined>;

interface Filters {
  action?: string;
  recordType?: string;
  recordId?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  from?: Date;
  /** Exclusive: the start of the day after the last day asked for. */
  until?: Date;
}

const text = (v: unknown, max = 200) =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

/** The filters a person asked for, and a message for each one that cannot be used. */
function readFilters(query: Query) {
  const errors: Record<string, string> = {};
  const filters: Filters = {
    action: text(query.action),
    recordType: text(query.recordType),
    recordId: text(query.recordId),
    actorId: text(query.actorId),
  };
  if (filters.actorId && !UUID.test(filters.actorId)) {
    errors.actorId = 'Enter the actor’s id as it appears in the log, like 3f1c…-…';
  }
  const outcome = text(query.outcome);
  if (outcome && (auditOutcomes as readonly string[]).includes(outcome)) {
    filters.outcome = outcome as AuditOutcome;
  }
  // Either end of the range may be left empty; a day given counts whole, in UK time.
  const day = (prefix: 'from' | 'to', what: string) => {
    const problem = dateInputProblem(query, prefix, what, { optional: true });
    if (problem) errors[prefix] = problem;
    return problem ? null : typedDay(query, prefix);
  };
  const from = day('from', 'the start date');
  const to = day('to', 'the end date');
  if (from) filters.from = startOfUkDay(from);
  if (to) filters.until = startOfUkDay(dayAfter(to));
  if (from && to && from > to) {
    errors.to = 'The end date must be the same as or after the start date';
  }
  return { filters, errors };
}

function conditions(partnershipId: string, f: Filters): SQL[] {
  const where: SQL[] = [eq(auditEvents.partnershipId, partnershipId)];
  if (f.action) where.push(sql`starts_with(${auditEvents.action}, ${f.action})`);
  if (f.recordType) where.push(eq(auditEvents.recordType, f.recordType));
  if (f.recordId) where.push(eq(auditEvents.recordId, f.recordId));
  if (f.actorId) where.push(eq(auditEvents.actorId, f.actorId));
  if (f.outcome) where.push(eq(auditEvents.outcome, f.outcome));
  if (f.from) where.push(gte(auditEvents.at, f.from));
  if (f.until) where.push(lt(auditEvents.at, f.until));
  return where;
}

/**
 * One page of the log, newest first, by keyset on seq (fast however long the log grows):
 * `before` is the seq just above the page. Names are joined at display time: the log holds ids.
 */
async function readPage(db: Db, partnershipId: string, f: Filters, before?: number) {
  const where = conditions(partnershipId, f);
  const rows = await db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      action: auditEvents.action,
      recordType: auditEvents.recordType,
      recordId: auditEvents.recordId,
      outcome: auditEvents.outcome,
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      personName: people.name,
      tokenName: apiTokens.name,
    })
    .from(auditEvents)
    .leftJoin(
      people,
      and(eq(people.id, auditEvents.actorId), eq(people.partnershipId, partnershipId)),
    )
    .leftJoin(
      apiTokens,
      and(eq(apiTokens.id, auditEvents.actorId), eq(apiTokens.partnershipId, partnershipId)),
    )
    .where(and(...where, before ? lt(auditEvents.seq, before) : undefined))
    .orderBy(desc(auditEvents.seq))
    .limit(PER_PAGE + 1);
  const page = rows.slice(0, PER_PAGE);
  const first = page[0];
  // The page before this one: the PER_PAGE rows just newer than its first row.
  const newer = first
    ? await db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(and(...where, gt(auditEvents.seq, first.seq)))
        .orderBy(asc(auditEvents.seq))
        .limit(PER_PAGE)
    : [];
  return {
    rows: page,
    olderBefore: rows.length > PER_PAGE ? page[page.length - 1]!.seq : null,
    newerBefore: !newer.length
      ? null
      : newer.length < PER_PAGE
        ? 0 // the newest page
        : newer[newer.length - 1]!.seq + 1,
  };
}

const actorLabel = (r: {
  personName: string | null;
  tokenName: string | null;
  actorRole: string | null;
}) =>
  r.personName ??
  (r.tokenName
    ? `API token: ${r.tokenName}`
    : r.actorRole === 'anonymous'
      ? 'Not signed in'
      : 'Unknown');

export async function auditRoutes(app: FastifyInstance) {
  app.get('/admin/audit', { config: { policy: 'partnershipAdmin' } }, async (request, reply) => {
    const query = request.query as Query;
    const { filters, errors } = readFilters(query);
    const form = errorsFor(errors);
    if (form.errorList.length) {
      // Nothing is read from the log until the filters make sense.
      return reply.status(400).page('audit/views/audit.njk', { ...form, values: query, rows: [] });
    }
    const before = Number.parseInt(query.before ?? '', 10);
    const { ctx } = request;
    const partnershipId = (request.actor as Member).partnershipId;
    const result = await ctx.db.transaction(async (tx) => {
      const page = await readPage(tx, partnershipId, filters, before > 0 ? before : undefined);
      await audit(tx, ctx, { action: 'audit.viewed', recordType: 'audit-log' });
      return page;
    });
    const link = (b: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (k !== 'before' && v) params.set(k, v);
      if (b) params.set('before', String(b));
      const s = params.toString();
      return `/admin/audit${s ? `?${s}` : ''}`;
    };
    return reply.page('audit/views/audit.njk', {
      values: query,
      filtered: Object.values(filters).some(Boolean),
      rows: result.rows.map((r) => ({ ...r, actor: actorLabel(r) })),
      pagination: {
        previous:
          result.newerBefore !== null
            ? { href: link(result.newerBefore), text: 'Newer entries' }
            : undefined,
        next:
          result.olderBefore !== null
            ? { href: link(result.olderBefore), text: 'Older entries' }
            : undefined,
      },
    });
  });
}
