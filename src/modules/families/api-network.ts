import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  iso,
  pageOfList,
  pageOut,
  pageQuerySchema,
  problems,
  refusedProblem,
} from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { networkJson, networkOut, retiredOut, workerJson, workerOut } from './api-out.js';
import * as network from './network.js';
import { allocationSchema, idParamsSchema, networkMemberSchema } from './schemas.js';
import * as workers from './workers.js';

// The JSON API for a family's network (the people around it, professionals included) and for
// who is working with it. Same services, schemas, rule and audit as the pages: see api.ts.

const member = { policy: 'member' as const };
const networkParams = z.object({ id: z.uuid(), networkId: z.uuid() });
const workerParams = z.object({ id: z.uuid(), workerId: z.uuid() });

const countsOut = z.object({ own: z.number(), professionals: z.number(), sentence: z.string() });

/** One connection as it now stands: a read of the family's network, audited. */
async function networkNow(ctx: ServiceContext, familyId: string, id: string) {
  const { person } = await network.viewNetworkMember(ctx, familyId, id);
  return networkJson(person);
}

export async function familyNetworkApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/families/:id/network',
    {
      config: member,
      schema: {
        summary: 'The family’s network, its own people first, and the count of each (audited)',
        params: idParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOut(networkOut).extend({ counts: countsOut }), ...problems },
      },
    },
    async (request) => {
      const net = await network.viewNetwork(request.ctx, request.params.id);
      const page = pageOfList(net.network.map(networkJson), request.query.page);
      return { ...page, counts: net.counts };
    },
  );

  api.post(
    '/families/:id/network',
    {
      config: member,
      schema: {
        summary: 'Add someone to the family’s network',
        params: idParamsSchema,
        body: networkMemberSchema,
        response: { 201: networkOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await network.addNetworkMember(request.ctx, id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply.status(201).send(await networkNow(request.ctx, id, saved.id));
    },
  );

  api.put(
    '/families/:id/network/:networkId',
    {
      config: member,
      schema: {
        summary: 'Change someone’s details in the network (send them all, as the form does)',
        params: networkParams,
        body: networkMemberSchema,
        response: { 200: networkOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id, networkId } = request.params;
      const saved = await network.updateNetworkMember(request.ctx, id, networkId, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return networkNow(request.ctx, id, networkId);
    },
  );

  api.post(
    '/families/:id/network/:networkId/retire',
    {
      config: member,
      schema: {
        summary: 'Retire a connection: it leaves the ecomap and the count; its history stays',
        params: networkParams,
        response: { 200: retiredOut, ...problems },
      },
    },
    async (request) => {
      const { id, networkId } = request.params;
      await network.retireNetworkMember(request.ctx, id, networkId);
      return { id: networkId, retiredAt: iso(request.ctx.now) };
    },
  );

  // Who is working with the family

  api.get(
    '/families/:id/workers',
    {
      config: member,
      schema: {
        summary:
          'The practitioners and teams working with the family now, and any independent coordinator of its family group conferences (audited)',
        params: idParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOut(workerOut), ...problems },
      },
    },
    async (request) => {
      const found = await workers.viewWorkers(request.ctx, request.params.id);
      return pageOfList(found.workers.map(workerJson), request.query.page);
    },
  );

  api.post(
    '/families/:id/workers',
    {
      config: member,
      schema: {
        summary: 'Allocate a practitioner (personId) or a team (teamId) to the family',
        params: idParamsSchema,
        body: allocationSchema,
        response: { 201: workerOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await workers.allocate(request.ctx, id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const { workers: now } = await workers.viewWorkers(request.ctx, id);
      const made = now.find(
        (w) =>
          w.role === 'allocated' &&
          ((request.body.personId && w.personId === request.body.personId) ||
            (request.body.teamId && w.teamId === request.body.teamId)),
      );
      if (!made) throw notFound();
      return reply.status(201).send(workerJson(made));
    },
  );

  api.post(
    '/families/:id/workers/:workerId/end',
    {
      config: member,
      schema: {
        summary: 'End an allocation (it is kept, with its end date); a family keeps at least one',
        params: workerParams,
        response: {
          200: z.object({ id: z.uuid(), endedAt: z.string(), stillVisible: z.boolean() }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { id, workerId } = request.params;
      const saved = await workers.endAllocation(request.ctx, id, workerId);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return {
        id: workerId,
        endedAt: iso(request.ctx.now),
        stillVisible: saved.stillVisible ?? false,
      };
    },
  );
}
