import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso, mapPage, pageOut, problems, refusedProblem } from '../../platform/http/api.js';
import { sendProblem } from '../../platform/http/errors.js';
import {
  countsQuerySchema,
  idParamsSchema,
  listQuerySchema,
  practiceLogSchema,
} from './schemas.js';
import * as service from './service.js';
import { practiceContexts, practiceKinds } from './tables.js';

// The JSON API for everyday practice: the same schemas, rules and audit as the pages.
// - A family's practice is a read of the family: open to an API token of one of its teams, as
//   to a member of the team (404, audited, for any other family).
// - Counts are not a family's record: a token with a manager's, leader's or admin's role reads
//   the counts of its own teams, as a manager does.
// - A log is a practitioner's own account of their own practice ("I said this, to her"), so
//   logging and "my logs" are for a person ('signedIn'): a token has no practice of its own and
//   is refused with 403 problem+json.

const person = { policy: 'signedIn' as const };
const member = { policy: 'member' as const };

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
const logOut = z.object({
  id: z.uuid(),
  kind: z.enum(practiceKinds),
  withWhom: z.string(),
  context: z.enum(practiceContexts),
  contextOther: z.string().nullable(),
  note: z.string().nullable(),
  happenedAt: z.string(),
  familyId: z.uuid().nullable(),
  familyName: z.string().nullable(),
  meetingId: z.uuid().nullable(),
  practitionerId: z.uuid(),
  practitionerName: z.string(),
});
type LogRow = Awaited<ReturnType<typeof service.listMine>>['items'][number];
const logJson = (l: LogRow): z.infer<typeof logOut> => ({
  id: l.id,
  kind: l.kind,
  withWhom: l.withWhom,
  context: l.context,
  contextOther: l.contextOther,
  note: l.note,
  happenedAt: iso(l.happenedAt),
  familyId: l.familyId,
  familyName: l.familyName,
  meetingId: l.meetingId,
  practitionerId: l.practitionerId,
  practitionerName: l.practitionerName,
});

export async function practiceApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/practice/logs',
    {
      config: person,
      schema: {
        summary: 'Log an affective statement, question or conversation (a person’s own practice)',
        body: practiceLogSchema,
        response: { 201: z.object({ id: z.uuid() }), ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.createLog(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply.status(201).send({ id: saved.id });
    },
  );

  api.get(
    '/practice/logs',
    {
      config: person,
      schema: {
        summary: 'My recent logs, newest first, searchable (a person’s own practice)',
        querystring: listQuerySchema,
        response: { 200: pageOut(logOut), ...problems },
      },
    },
    async (request) => mapPage(await service.listMine(request.ctx, request.query), logJson),
  );

  api.get(
    '/families/:id/practice',
    {
      config: member,
      schema: {
        summary: 'Everyday practice with a family, by everyone working with it (audited)',
        params: idParamsSchema,
        querystring: listQuerySchema,
        response: { 200: pageOut(logOut), ...problems },
      },
    },
    async (request) => {
      const { page } = await service.familyPractice(request.ctx, request.params.id, request.query);
      return mapPage(page, logJson);
    },
  );

  api.get(
    '/practice/counts',
    {
      config: member,
      schema: {
        summary: 'Counts this week and this month, by kind: a team’s (team=), or my own',
        querystring: countsQuerySchema,
        response: {
          200: z.object({
            weekStart: z.string(),
            monthStart: z.string(),
            team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
            people: z.array(personCounts),
            totals: z.object({ week: kindCounts, month: kindCounts }),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      if (!request.query.team && request.ctx.actor.kind !== 'person')
        return sendProblem(reply, 400, 'Give a team: an API token has no counts of its own');
      if (request.query.team) {
        const c = await service.teamCounts(request.ctx, request.query.team);
        return {
          weekStart: iso(c.weekStart),
          monthStart: iso(c.monthStart),
          team: c.team,
          people: c.members,
          totals: c.totals,
        };
      }
      const mine = await service.myCounts(request.ctx);
      return {
        weekStart: iso(mine.weekStart),
        monthStart: iso(mine.monthStart),
        team: null,
        people: [{ id: mine.id, name: mine.name, week: mine.week, month: mine.month }],
        totals: { week: mine.week, month: mine.month },
      };
    },
  );
}
