import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  iso,
  isoOrNull,
  pageOfList,
  pageOut,
  pageQuerySchema,
  problemOut,
  problems,
  refusedProblem,
} from '../../platform/http/api.js';
import { notFound } from '../../platform/http/errors.js';
import { planActionApi } from './api-actions.js';
import { conflictProblem, entryJson, entryOut, planJson, planOut } from './api-out.js';
import { changeLabels } from './changes.js';
import { entryEditSchema, entrySchema, planSchema } from './schemas.js';
import * as service from './service.js';

// The JSON API for family-led plans: the same services, schemas, record-level rule and audit
// as the pages. A plan is reached only through its family (openFamily), so an API token works
// with the plans of the families its teams work with, and any other plan is a 404, audited.
// Who said each part is kept: an entry names its author (a family member, a network member or
// a professional), and changing someone else's words needs a note saying why. A change sends
// the version it read; if someone saved since, nothing is saved and the answer is 409 with both
// versions. A token is no one: it records others' words, never its own.

const member = { policy: 'member' as const };
const idParams = z.object({ id: z.string() });
const entryParams = z.object({ id: z.string(), entryId: z.string() });

const summaryOut = z.object({
  id: z.uuid(),
  title: z.string(),
  meetingId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredAt: z.string().nullable(),
  openActions: z.number(),
  nextReview: z.string().nullable(),
});
const changeOut = z.object({
  id: z.uuid(),
  recordType: z.string(),
  recordId: z.uuid(),
  change: z.string(),
  label: z.string(),
  field: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  note: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
});

export async function planApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/families/:id/plans',
    {
      config: member,
      schema: {
        summary: 'A family’s plans, current first, with open actions and the next review (audited)',
        params: idParams,
        querystring: pageQuerySchema,
        response: { 200: pageOut(summaryOut), ...problems },
      },
    },
    async (request) => {
      const { plans } = await service.listPlans(request.ctx, request.params.id);
      const items = plans.map((p) => ({
        id: p.id,
        title: p.title,
        meetingId: p.meetingId,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
        retiredAt: isoOrNull(p.retiredAt),
        openActions: Number(p.openActions),
        nextReview: p.nextReview,
      }));
      return pageOfList(items, request.query.page);
    },
  );

  api.post(
    '/families/:id/plans',
    {
      config: member,
      schema: {
        summary: 'Make a plan, directly or from a meeting’s agreed outcome (meetingId)',
        params: idParams,
        body: planSchema,
        response: { 201: planOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.createPlan(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, 'errors' in saved ? saved.errors : {});
      return reply
        .status(201)
        .header('location', `/api/v1/plans/${saved.id}`)
        .send(planJson(await service.viewPlan(request.ctx, saved.id)));
    },
  );

  api.get(
    '/plans/:id',
    {
      config: member,
      schema: {
        summary:
          'A plan: its sections’ words and whose they are, its actions and reviews (audited)',
        params: idParams,
        response: { 200: planOut, ...problems },
      },
    },
    async (request) => planJson(await service.viewPlan(request.ctx, request.params.id)),
  );

  api.post(
    '/plans/:id/retire',
    {
      config: member,
      schema: {
        summary: 'Retire a plan: it and its history are kept, listed as retired',
        params: idParams,
        response: { 200: planOut, ...problems },
      },
    },
    async (request) => {
      await service.retirePlan(request.ctx, request.params.id);
      return planJson(await service.viewPlan(request.ctx, request.params.id));
    },
  );

  api.get(
    '/plans/:id/history',
    {
      config: member,
      schema: {
        summary: 'Every change to the plan, newest first: the words before and after, who, when',
        params: idParams,
        querystring: pageQuerySchema,
        response: { 200: pageOut(changeOut), ...problems },
      },
    },
    async (request) => {
      const { changes } = await service.planHistory(request.ctx, request.params.id);
      const items = changes.map((c) => ({
        id: c.id,
        recordType: c.recordType,
        recordId: c.recordId,
        change: c.change,
        label: changeLabels[c.change] ?? c.change,
        field: c.field,
        before: c.before,
        after: c.after,
        note: c.note,
        changedBy: c.changedByName,
        changedAt: iso(c.changedAt),
      }));
      return pageOfList(items, request.query.page);
    },
  );

  api.post(
    '/plans/:id/entries',
    {
      config: member,
      schema: {
        summary: 'Add words to a section, in the words of their author (a party’s key)',
        params: idParams,
        body: entrySchema,
        response: { 201: entryOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.addEntry(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, 'errors' in saved ? saved.errors : {});
      return reply.status(201).send(await entryNow(request.ctx, request.params.id, saved.id));
    },
  );

  api.put(
    '/plans/:id/entries/:entryId',
    {
      config: member,
      schema: {
        summary:
          'Change an entry’s words: send the version you read; someone else’s words need a note',
        params: entryParams,
        body: entryEditSchema,
        response: { 200: entryOut, ...problems, 409: problemOut },
      },
    },
    async (request, reply) => {
      const { id, entryId } = request.params;
      const saved = await service.editEntry(request.ctx, id, entryId, request.body);
      if (saved.ok) return entryNow(request.ctx, id, entryId);
      if ('conflict' in saved) {
        const { theirs, yours } = saved.conflict;
        return conflictProblem(reply, { ...theirs, changedAt: iso(theirs.changedAt) }, yours);
      }
      return refusedProblem(reply, saved.errors);
    },
  );

  await app.register(planActionApi);
}

/** One entry as it now stands, from the plan's page: a read of the plan, audited. */
async function entryNow(ctx: Parameters<typeof service.viewPlan>[0], planId: string, id: string) {
  const plan = await service.viewPlan(ctx, planId);
  const entry = plan.sections.flatMap((s) => s.entries).find((e) => e.id === id);
  if (!entry) throw notFound();
  return entryJson(entry);
}
