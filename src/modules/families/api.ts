import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../platform/http/errors.js';
import { type Saved } from '../../platform/http/forms.js';
import * as network from './network.js';
import {
  familyQuerySchema,
  familySchema,
  idParamsSchema,
  memberSchema,
  networkMemberSchema,
} from './schemas.js';
import * as service from './service.js';
import { connectionStrengths, networkKinds } from './tables.js';

// The JSON API for families: the same services, schemas, record-level rule and audit as the
// pages. A family opens only to the people allocated to it and to members of its allocated
// teams. An API token is a service account: it has no allocation and no team, so it cannot be
// shown that a person may see a family. Until tokens can act for a person, these routes take
// the 'signedIn' policy, and a token is refused with 403 problem+json (audited as
// 'access.denied'). Deny by default: a token that could read every family in a partnership
// would see more than any practitioner or manager does.

const policy = { policy: 'signedIn' as const };
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const memberOut = z.object({
  id: z.uuid(),
  name: z.string(),
  relationship: z.string(),
  dateOfBirth: z.string().nullable(),
  pronouns: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  contact: z.string().nullable(),
});
const networkOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(networkKinds),
  relationship: z.string(),
  organisation: z.string().nullable(),
  supportOffered: z.string().nullable(),
  strength: z.enum(connectionStrengths),
  contact: z.string().nullable(),
});
const workerOut = z.object({
  id: z.uuid(),
  personId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  name: z.string(),
  startedAt: z.string(),
});
const familyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  members: z.array(memberOut),
  network: z.array(networkOut),
  networkCounts: z.object({ own: z.number(), professionals: z.number(), sentence: z.string() }),
  workers: z.array(workerOut),
});
const summaryOut = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  memberCount: z.number(),
});
const pageOut = z.object({
  items: z.array(summaryOut),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
});

const pick = <T extends Record<string, unknown>>(row: T, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]]));

/** The whole record: two audited reads (the family and its network), as on the pages. */
async function familyJson(ctx: Parameters<typeof service.viewFamily>[0], id: string) {
  const { family, members, workers } = await service.viewFamily(ctx, id);
  const net = await network.viewNetwork(ctx, id);
  return {
    id: family.id,
    name: family.name,
    createdAt: iso(family.createdAt)!,
    members: members.map((m) => pick(m, Object.keys(memberOut.shape))),
    network: net.network.map((n) => pick(n, Object.keys(networkOut.shape))),
    networkCounts: net.counts,
    workers: workers.map((w) => ({
      id: w.id,
      personId: w.personId,
      teamId: w.teamId,
      name: w.personName ?? w.teamName ?? '',
      startedAt: iso(w.startedAt)!,
    })),
  } as z.infer<typeof familyOut>;
}

const refusedProblem = (reply: FastifyReply, saved: Saved & { ok: false }) =>
  sendProblem(reply, 400, 'The request is not valid', {
    errors: Object.entries(saved.errors).map(([path, message]) => ({ path, message })),
  });

export async function familyApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const problem = { 400: z.unknown(), 403: z.unknown(), 404: z.unknown() };

  api.get(
    '/families',
    { config: policy, schema: { querystring: familyQuerySchema, response: { 200: pageOut } } },
    async (request) => {
      const page = await service.listCaseload(request.ctx, request.query);
      return {
        ...page,
        items: page.items.map((f) => ({
          id: f.id,
          name: f.name,
          createdAt: iso(f.createdAt)!,
          memberCount: f.memberCount,
        })),
      };
    },
  );

  api.post(
    '/families',
    { config: policy, schema: { body: familySchema, response: { 201: familyOut, ...problem } } },
    async (request, reply) => {
      const saved = await service.createFamily(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved);
      return reply
        .status(201)
        .header('location', `/api/v1/families/${saved.id}`)
        .send(await familyJson(request.ctx, saved.id));
    },
  );

  api.get(
    '/families/:id',
    {
      config: policy,
      schema: { params: idParamsSchema, response: { 200: familyOut, ...problem } },
    },
    async (request) => familyJson(request.ctx, request.params.id),
  );

  api.post(
    '/families/:id/members',
    {
      config: policy,
      schema: {
        params: idParamsSchema,
        body: memberSchema,
        response: { 201: memberOut, ...problem },
      },
    },
    async (request, reply) => {
      const saved = await service.addMember(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved);
      return reply.status(201).send({ id: saved.id, ...request.body });
    },
  );

  api.post(
    '/families/:id/network',
    {
      config: policy,
      schema: {
        params: idParamsSchema,
        body: networkMemberSchema,
        response: { 201: networkOut, ...problem },
      },
    },
    async (request, reply) => {
      const saved = await network.addNetworkMember(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved);
      return reply.status(201).send({ id: saved.id, ...request.body });
    },
  );
}
