import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoOrNull, problemOut, problems, refusedProblem } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import * as actions from './actions.js';
import { actionJson, actionOut, conflictProblem, reviewJson, reviewOut } from './api-out.js';
import { actionSchema, reviewSchema, statusSchema } from './schemas.js';
import * as service from './service.js';

// The JSON API for a plan's actions (who does what, with what support, by when, and how we will
// know it is better; how it is going) and its review dates. Same services, schemas, rule and
// audit as the pages: see api.ts.

const member = { policy: 'member' as const };
const idParams = z.object({ id: z.string() });
const actionParams = z.object({ id: z.string(), actionId: z.string() });
const reviewParams = z.object({ id: z.string(), reviewId: z.string() });

/** One action or review as it now stands, from the plan: a read of the plan, audited. */
async function partOf<K extends 'actions' | 'reviews'>(
  ctx: ServiceContext,
  planId: string,
  kind: K,
  id: string,
) {
  const plan = await service.viewPlan(ctx, planId);
  const found = (plan[kind] as { id: string }[]).find((x) => x.id === id);
  if (!found) throw notFound();
  return found as Awaited<ReturnType<typeof service.viewPlan>>[K][number];
}

export async function planActionApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/plans/:id/actions',
    {
      config: member,
      schema: {
        summary: 'Add an action, owned by a family member, network member or professional',
        params: idParams,
        body: actionSchema,
        response: { 201: actionOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await actions.addAction(request.ctx, id, request.body);
      if (!saved.ok) return refusedProblem(reply, 'errors' in saved ? saved.errors : {});
      const made = await partOf(request.ctx, id, 'actions', saved.id);
      return reply.status(201).header('location', `/api/v1/plans/${id}`).send(actionJson(made));
    },
  );

  api.patch(
    '/actions/:id/status',
    {
      config: member,
      schema: {
        summary: 'Say how an action is going: send the version you read (409 if it changed)',
        params: idParams,
        body: statusSchema,
        response: { 200: actionOut, ...problems, 409: problemOut },
      },
    },
    async (request, reply) => {
      const saved = await actions.updateStatus(request.ctx, request.params.id, request.body);
      if (!saved.ok) {
        const { theirs, yours } = saved.conflict;
        return conflictProblem(reply, { ...theirs, statusAt: isoOrNull(theirs.statusAt) }, yours);
      }
      return actionJson(await partOf(request.ctx, saved.planId, 'actions', saved.id));
    },
  );

  api.post(
    '/plans/:id/actions/:actionId/retire',
    {
      config: member,
      schema: {
        summary: 'Retire an action: it leaves the plan; it and its history are kept',
        params: actionParams,
        response: { 200: z.object({ id: z.uuid(), retired: z.literal(true) }), ...problems },
      },
    },
    async (request) => {
      const { id, actionId } = request.params;
      await actions.retireAction(request.ctx, id, actionId);
      return { id: actionId, retired: true as const };
    },
  );

  api.post(
    '/plans/:id/reviews',
    {
      config: member,
      schema: {
        summary: 'Add a date to review the plan together (reminders are sent before it)',
        params: idParams,
        body: reviewSchema,
        response: { 201: reviewOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await actions.addReview(request.ctx, id, request.body.dueOn);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply.status(201).send(reviewJson(await partOf(request.ctx, id, 'reviews', saved.id)));
    },
  );

  api.post(
    '/plans/:id/reviews/:reviewId/held',
    {
      config: member,
      schema: {
        summary: 'Record that a review was held',
        params: reviewParams,
        response: { 200: reviewOut, ...problems },
      },
    },
    async (request) => {
      const { id, reviewId } = request.params;
      await actions.reviewHeld(request.ctx, id, reviewId);
      return reviewJson(await partOf(request.ctx, id, 'reviews', reviewId));
    },
  );
}
