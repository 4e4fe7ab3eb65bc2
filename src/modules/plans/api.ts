import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../platform/http/errors.js';
import * as actions from './actions.js';
import { actionSchema, statusSchema } from './schemas.js';
import * as service from './service.js';
import { actionStatuses, authorKinds } from './tables.js';

// The JSON API for plans: the same services, schemas, audit and record-level rule as the pages.
// Plans belong to families, so they follow the families API's rule: 'signedIn' policy, and an API
// token (a service account, allocated to no family) is refused with 403 problem+json.

const policy = { policy: 'signedIn' as const };
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const idParams = z.object({ id: z.string() });

const actionOut = z.object({
  id: z.uuid(),
  what: z.string(),
  ownerKind: z.enum(authorKinds),
  ownerId: z.uuid(),
  ownerName: z.string(),
  supportNeeded: z.string().nullable(),
  dueOn: z.string().nullable(),
  howWeWillKnow: z.string().nullable(),
  status: z.enum(actionStatuses),
  statusBy: z.uuid().nullable(),
  statusAt: z.string().nullable(),
  version: z.number(),
});
const entryOut = z.object({
  id: z.uuid(),
  authorKind: z.enum(authorKinds),
  authorId: z.uuid(),
  authorName: z.string(),
  familyWords: z.boolean(),
  text: z.string(),
  version: z.number(),
});
const planOut = z.object({
  id: z.uuid(),
  familyId: z.uuid(),
  title: z.string(),
  meetingId: z.uuid().nullable(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  sections: z.array(z.object({ id: z.uuid(), title: z.string(), entries: z.array(entryOut) })),
  actions: z.array(actionOut),
  reviews: z.array(z.object({ id: z.uuid(), dueOn: z.string(), heldAt: z.string().nullable() })),
});
const planSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  openActions: z.number(),
  nextReview: z.string().nullable(),
});

type Action = Awaited<ReturnType<typeof service.viewPlan>>['actions'][number];
const actionJson = (a: Action) =>
  ({
    ...Object.fromEntries(Object.keys(actionOut.shape).map((k) => [k, a[k as keyof Action]])),
    statusAt: iso(a.statusAt),
  }) as z.infer<typeof actionOut>;

async function planJson(ctx: Parameters<typeof service.viewPlan>[0], id: string) {
  const v = await service.viewPlan(ctx, id);
  return {
    id: v.plan.id,
    familyId: v.plan.familyId,
    title: v.plan.title,
    meetingId: v.plan.meetingId,
    createdAt: iso(v.plan.createdAt)!,
    retiredAt: iso(v.plan.retiredAt),
    sections: v.sections.map((s) => ({
      id: s.id,
      title: s.title,
      entries: s.entries.map((e) => ({
        id: e.id,
        authorKind: e.authorKind,
        authorId: e.authorId,
        authorName: e.authorName,
        familyWords: e.familyWords,
        text: e.text,
        version: e.version,
      })),
    })),
    actions: v.actions.map(actionJson),
    reviews: v.reviews.map((r) => ({ id: r.id, dueOn: r.dueOn, heldAt: iso(r.heldAt) })),
  };
}

export async function planApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const problem = { 400: z.unknown(), 403: z.unknown(), 404: z.unknown(), 409: z.unknown() };

  api.get(
    '/families/:id/plans',
    {
      config: policy,
      schema: {
        params: idParams,
        response: { 200: z.object({ items: z.array(planSummary) }), ...problem },
      },
    },
    async (request) => {
      const { plans } = await service.listPlans(request.ctx, request.params.id);
      return {
        items: plans.map((p) => ({
          id: p.id,
          title: p.title,
          createdAt: iso(p.createdAt)!,
          retiredAt: iso(p.retiredAt),
          openActions: Number(p.openActions),
          nextReview: p.nextReview,
        })),
      };
    },
  );

  api.get(
    '/plans/:id',
    { config: policy, schema: { params: idParams, response: { 200: planOut, ...problem } } },
    async (request) => planJson(request.ctx, request.params.id),
  );

  api.post(
    '/plans/:id/actions',
    {
      config: policy,
      schema: { params: idParams, body: actionSchema, response: { 201: actionOut, ...problem } },
    },
    async (request, reply) => {
      const saved = await actions.addAction(request.ctx, request.params.id, request.body);
      if (!saved.ok)
        return sendProblem(reply, 400, 'The request is not valid', {
          errors: Object.entries('errors' in saved ? saved.errors : {}).map(([path, message]) => ({
            path,
            message,
          })),
        });
      const plan = await service.viewPlan(request.ctx, request.params.id);
      const made = plan.actions.find((a) => a.id === saved.id)!;
      return reply
        .status(201)
        .header('location', `/api/v1/plans/${request.params.id}`)
        .send(actionJson(made));
    },
  );

  api.patch(
    '/actions/:id/status',
    {
      config: policy,
      schema: { params: idParams, body: statusSchema, response: { 200: actionOut, ...problem } },
    },
    async (request, reply) => {
      const saved = await actions.updateStatus(request.ctx, request.params.id, request.body);
      if (!saved.ok)
        return sendProblem(
          reply,
          409,
          'This plan changed since you opened it: nothing was saved. Both versions are here; send yours again with the current version to apply it.',
          {
            theirs: { ...saved.conflict.theirs, statusAt: iso(saved.conflict.theirs.statusAt) },
            yours: saved.conflict.yours,
          },
        );
      const plan = await service.viewPlan(request.ctx, saved.planId);
      return actionJson(plan.actions.find((a) => a.id === saved.id)!);
    },
  );
}
