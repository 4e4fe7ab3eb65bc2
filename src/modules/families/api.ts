import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso, mapPage, pageOut, problems, refusedProblem } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { familyNetworkApi } from './api-network.js';
import {
  memberJson,
  memberOut,
  networkJson,
  networkOut,
  retiredOut,
  workerJson,
  workerOut,
} from './api-out.js';
import { closeFamily, reopenFamily } from './closing.js';
import { ageOn } from './common.js';
import * as network from './network.js';
import { familyQuerySchema, familySchema, idParamsSchema, memberSchema } from './schemas.js';
import * as service from './service.js';

// The JSON API for families and their members: the same services, schemas, record-level rule
// and audit as the pages. A family opens to the people allocated to it and to the members of
// its allocated teams; an API token (a service account) is scoped the same way by the teams
// its admin chose, so a family of another team, or of another partnership, is a 404 (audited
// as a denied read). Every read and change of a family writes its audit rows on the same
// transaction, with the token's id as the actor.

const member = { policy: 'member' as const };
const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

const familyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable().meta({ description: 'When the record was closed; null if open' }),
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

/** The whole record: two audited reads (the family and its network), as on the pages. */
async function familyJson(ctx: ServiceContext, id: string): Promise<z.infer<typeof familyOut>> {
  const { family, members, workers } = await service.viewFamily(ctx, id);
  const net = await network.viewNetwork(ctx, id);
  return {
    id: family.id,
    name: family.name,
    createdAt: iso(family.createdAt),
    closedAt: family.retiredAt ? iso(family.retiredAt) : null,
    members: members.map(memberJson),
    network: net.network.map(networkJson),
    networkCounts: net.counts,
    workers: workers.map(workerJson),
  };
}

/** One member as it now stands: a read of the family, audited like any other. */
async function memberNow(ctx: ServiceContext, familyId: string, memberId: string) {
  const { member: m } = await service.viewMember(ctx, familyId, memberId);
  return memberJson({ ...m, age: ageOn(m.dateOfBirth, ctx.now) });
}

export async function familyApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/families',
    {
      config: member,
      schema: {
        summary: 'The families the caller works with (theirs, or their teams’), searchable',
        querystring: familyQuerySchema,
        response: { 200: pageOut(summaryOut), ...problems },
      },
    },
    async (request) =>
      mapPage(await service.listCaseload(request.ctx, request.query), (f) => ({
        id: f.id,
        name: f.name,
        createdAt: iso(f.createdAt),
        memberCount: f.memberCount,
      })),
  );

  api.post(
    '/families',
    {
      config: member,
      schema: {
        summary: 'Start a family’s record; the caller’s teams are allocated to it',
        body: familySchema,
        response: { 201: familyOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.createFamily(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply
        .status(201)
        .header('location', `/api/v1/families/${saved.id}`)
        .send(await familyJson(request.ctx, saved.id));
    },
  );

  api.get(
    '/families/:id',
    {
      config: member,
      schema: {
        summary: 'A family: its members, network and who is working with it (audited)',
        params: idParamsSchema,
        response: { 200: familyOut, ...problems },
      },
    },
    async (request) => familyJson(request.ctx, request.params.id),
  );

  api.post(
    '/families/:id/members',
    {
      config: member,
      schema: {
        summary: 'Add a member to the family',
        params: idParamsSchema,
        body: memberSchema,
        response: { 201: memberOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.addMember(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply.status(201).send(await memberNow(request.ctx, request.params.id, saved.id));
    },
  );

  api.put(
    '/families/:id/members/:memberId',
    {
      config: member,
      schema: {
        summary: 'Change a member’s details (send them all, as the form does)',
        params: memberParams,
        body: memberSchema,
        response: { 200: memberOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id, memberId } = request.params;
      const saved = await service.updateMember(request.ctx, id, memberId, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return memberNow(request.ctx, id, memberId);
    },
  );

  api.post(
    '/families/:id/members/:memberId/retire',
    {
      config: member,
      schema: {
        summary: 'Retire a member: they leave the current list; their record and history stay',
        params: memberParams,
        response: { 200: retiredOut, ...problems },
      },
    },
    async (request) => {
      const { id, memberId } = request.params;
      await service.retireMember(request.ctx, id, memberId);
      return { id: memberId, retiredAt: iso(request.ctx.now) };
    },
  );

  for (const [verb, change, summary] of [
    ['close', closeFamily, 'Close the record when the work ends: off caseloads, everything kept'],
    ['reopen', reopenFamily, 'Reopen a closed record'],
  ] as const)
    api.post(
      `/families/:id/${verb}`,
      {
        config: member,
        schema: { summary, params: idParamsSchema, response: { 200: familyOut, ...problems } },
      },
      async (request) => familyJson(request.ctx, await change(request.ctx, request.params.id)),
    );

  await app.register(familyNetworkApi);
}
