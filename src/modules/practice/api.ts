import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../platform/http/errors.js';
import { countsQuerySchema, practiceLogSchema } from './schemas.js';
import * as service from './service.js';
import { practiceKinds } from './tables.js';

// The JSON API for everyday practice: the same schemas, rules and audit as the pages. A log is
// a person's practice, so logging takes 'signedIn': an API token (a service account, with no
// practice of its own and no allocation to any family) is refused with 403 problem+json.
// Counts are not a family's record: a token with the leader or admin role may read a team's.

const policy = { policy: 'signedIn' as const };
const counts = { policy: 'member' as const };
const problem = { 400: z.unknown(), 403: z.unknown(), 404: z.unknown() };

const kindCounts = z.object({
  ...Object.fromEntries(practiceKinds.map((k) => [k, z.number()])),
  total: z.number(),
});
const personCounts = z.object({
  id: z.uuid(),
  name: z.string(),
  week: kindCounts,
  month: kindCounts,
});

export async function practiceApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/practice/logs',
    {
      config: policy,
      schema: {
        body: practiceLogSchema,
        response: { 201: z.object({ id: z.uuid() }), ...problem },
      },
    },
    async (request, reply) => {
      const saved = await service.createLog(request.ctx, request.body);
      if (!saved.ok)
        return sendProblem(reply, 400, 'The request is not valid', {
          errors: Object.entries(saved.errors).map(([path, message]) => ({ path, message })),
        });
      return reply.status(201).send({ id: saved.id });
    },
  );

  api.get(
    '/practice/counts',
    {
      config: counts,
      schema: {
        querystring: countsQuerySchema,
        response: {
          200: z.object({
            weekStart: z.string(),
            monthStart: z.string(),
            team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
            people: z.array(personCounts),
            totals: z.object({ week: kindCounts, month: kindCounts }),
          }),
          ...problem,
        },
      },
    },
    async (request, reply) => {
      if (!request.query.team && request.ctx.actor.kind !== 'person')
        return sendProblem(reply, 400, 'Give a team: an API token has no counts of its own');
      if (request.query.team) {
        const c = await service.teamCounts(request.ctx, request.query.team);
        return {
          weekStart: c.weekStart.toISOString(),
          monthStart: c.monthStart.toISOString(),
          team: c.team,
          people: c.members,
          totals: c.totals,
        };
      }
      const mine = await service.myCounts(request.ctx);
      return {
        weekStart: mine.weekStart.toISOString(),
        monthStart: mine.monthStart.toISOString(),
        team: null,
        people: [{ id: mine.id, name: mine.name, week: mine.week, month: mine.month }],
        totals: { week: mine.week, month: mine.month },
      };
    },
  );
}
