import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { type Saved } from '../../platform/http/forms.js';
import { ecomapSvg } from './ecomap.js';
import * as network from './network.js';
import { doneOf, familyPath, paramsOf, signedIn, view } from './paths.js';
import {
  networkKindLabels,
  networkMemberSchema,
  type NetworkMemberInput,
  strengthHints,
  strengthLabels,
} from './schemas.js';
import * as service from './service.js';

// The family's network: the ecomap and its table, and adding, changing and retiring people.

const labels = { networkKindLabels, strengthLabels, strengthHints };
type Family = { id: string; name: string };
type Person = { id: string; name: string };
const networkPath = (familyId: string) => `${familyPath(familyId)}/network`;

const form = (
  reply: FastifyReply,
  locals: { family: Family; person?: Person; values: unknown } & object,
) => reply.page(view('network-form'), { ...labels, ...locals });

async function save(
  request: FastifyRequest,
  reply: FastifyReply,
  load: () => Promise<{ family: Family; person?: Person }>,
  run: (input: NetworkMemberInput) => Promise<Saved>,
  done: string,
) {
  const values = request.body;
  const checked = validateForm(networkMemberSchema, request.body);
  if (!checked.ok) return form(reply.status(400), { ...(await load()), values, ...checked });
  const saved = await run(checked.data);
  if (!saved.ok)
    return form(reply.status(400), { ...(await load()), values, ...errorsFor(saved.errors) });
  return reply.redirect(`${networkPath(paramsOf(request).familyId)}?done=${done}`, 303);
}

export async function networkRoutes(app: FastifyInstance) {
  const NEW = '/families/:id/network/new';
  const ONE = '/families/:id/network/:itemId';

  app.get('/families/:id/network', { config: signedIn }, async (request, reply) => {
    const page = await network.viewNetwork(request.ctx, paramsOf(request).familyId);
    return reply.page(view('network'), {
      ...labels,
      ...page,
      ecomap: ecomapSvg(page.family.name, page.network, page.counts),
      done: doneOf(request),
      section: 'network',
    });
  });

  app.get(NEW, { config: signedIn }, async (request, reply) => {
    const family = await service.familyForForm(request.ctx, paramsOf(request).familyId);
    return form(reply, { family, values: {} });
  });

  app.post(NEW, { config: signedIn }, async (request, reply) => {
    const { familyId } = paramsOf(request);
    return save(
      request,
      reply,
      async () => ({ family: await service.familyForForm(request.ctx, familyId) }),
      (input) => network.addNetworkMember(request.ctx, familyId, input),
      'added',
    );
  });

  app.get(`${ONE}/edit`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    const { family, person } = await network.viewNetworkMember(request.ctx, familyId, itemId);
    const values = Object.fromEntries(
      Object.entries(person).map(([k, v]) => [k, v === null ? '' : v]),
    );
    return form(reply, { family, person, values });
  });

  app.post(`${ONE}/edit`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    return save(
      request,
      reply,
      () => network.viewNetworkMember(request.ctx, familyId, itemId),
      (input) => network.updateNetworkMember(request.ctx, familyId, itemId, input),
      'updated',
    );
  });

  app.get(`${ONE}/retire`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    const record = await network.viewNetworkMember(request.ctx, familyId, itemId);
    return reply.page(view('network-retire'), record);
  });

  app.post(`${ONE}/retire`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    await network.retireNetworkMember(request.ctx, familyId, itemId);
    return reply.redirect(`${networkPath(familyId)}?done=retired`, 303);
  });
}
