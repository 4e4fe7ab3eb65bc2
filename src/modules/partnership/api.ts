import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems, refusedProblem } from '../../platform/http/api.js';
import { type Page } from '../../platform/http/paging.js';
import {
  idParamsSchema,
  listQuerySchema,
  localitySchema,
  organisationSchema,
  peopleQuerySchema,
  personPatchSchema,
  personSchema,
  teamSchema,
} from './schemas.js';
import * as people from './service.js';
import type { PersonRecord } from './store.js';
import * as structure from './structure-service.js';

// The JSON API for the same services: reads for leaders and admins, changes for admins only.

const read = { policy: 'leader' as const };
const write = { policy: 'partnershipAdmin' as const };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const personOut = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  organisationId: z.uuid().nullable(),
  teamIds: z.array(z.uuid()),
  roles: z.array(z.string()),
  trainingLayer: z.string().nullable(),
  status: z.enum(['active', 'invited', 'deactivated']),
  createdAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
const personJson = (p: PersonRecord): z.infer<typeof personOut> => ({
  id: p.id,
  name: p.name,
  email: p.email,
  organisationId: p.organisationId,
  teamIds: p.teams.map((t) => t.id),
  roles: [...p.roles],
  trainingLayer: p.trainingLayer,
  status: p.status,
  createdAt: iso(p.createdAt)!,
  deactivatedAt: iso(p.deactivatedAt),
});

const personSummaryOut = personOut.pick({
  id: true,
  name: true,
  email: true,
  organisationId: true,
  roles: true,
  trainingLayer: true,
  status: true,
});
const organisationOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  retiredAt: z.string().nullable(),
});
const localityOut = organisationOut.omit({ kind: true });
const teamOut = z.object({
  id: z.uuid(),
  name: z.string(),
  multiAgency: z.boolean(),
  organisationId: z.uuid().nullable(),
  localityId: z.uuid().nullable(),
  retiredAt: z.string().nullable(),
});

const pageOut = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number(),
    pageSize: z.number(),
    pageCount: z.number(),
    total: z.number(),
  });
const listJson = <T extends { retiredAt?: Date | null }>(page: Page<T>) => ({
  ...page,
  items: page.items.map((i) => ({
    ...i,
    ...('retiredAt' in i ? { retiredAt: iso(i.retiredAt!) } : {}),
  })),
});

/** A rule the service checked (a name or email already in use): 400 with the field's message. */
export async function partnershipApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  // People

  api.get(
    '/people',
    {
      config: read,
      schema: {
        querystring: peopleQuerySchema,
        response: { 200: pageOut(personSummaryOut), ...problems },
      },
    },
    async (request) => people.listPeople(request.ctx, request.query),
  );

  api.post(
    '/people',
    { config: write, schema: { body: personSchema, response: { 201: personOut, ...problems } } },
    async (request, reply) => {
      const saved = await people.addPerson(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const person = await people.viewPerson(request.ctx, saved.id);
      return reply
        .status(201)
        .header('location', `/api/v1/people/${saved.id}`)
        .send(personJson(person));
    },
  );

  api.get(
    '/people/:id',
    { config: read, schema: { params: idParamsSchema, response: { 200: personOut, ...problems } } },
    async (request) => personJson(await people.viewPerson(request.ctx, request.params.id)),
  );

  api.patch(
    '/people/:id',
    {
      config: write,
      schema: {
        params: idParamsSchema,
        body: personPatchSchema,
        response: { 200: personOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await people.patchPerson(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return personJson(await people.viewPerson(request.ctx, saved.id));
    },
  );

  api.post(
    '/people/:id/deactivate',
    {
      config: write,
      schema: { params: idParamsSchema, response: { 200: personOut, ...problems } },
    },
    async (request, reply) => {
      const saved = await people.deactivatePerson(request.ctx, request.params.id);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return personJson(await people.viewPerson(request.ctx, saved.id));
    },
  );

  // Organisations, localities and teams

  api.get(
    '/organisations',
    {
      config: read,
      schema: {
        querystring: listQuerySchema,
        response: { 200: pageOut(organisationOut), ...problems },
      },
    },
    async (request) => listJson(await structure.listOrganisations(request.ctx, request.query)),
  );
  api.post(
    '/organisations',
    {
      config: write,
      schema: { body: organisationSchema, response: { 201: organisationOut, ...problems } },
    },
    async (request, reply) => {
      const saved = await structure.createOrganisation(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const { organisation: o } = await structure.getOrganisation(request.ctx, saved.id);
      return reply
        .status(201)
        .send({ id: o.id, name: o.name, kind: o.kind, retiredAt: iso(o.retiredAt) });
    },
  );

  api.get(
    '/localities',
    {
      config: read,
      schema: {
        querystring: listQuerySchema,
        response: { 200: pageOut(localityOut), ...problems },
      },
    },
    async (request) => listJson(await structure.listLocalities(request.ctx, request.query)),
  );
  api.post(
    '/localities',
    {
      config: write,
      schema: { body: localitySchema, response: { 201: localityOut, ...problems } },
    },
    async (request, reply) => {
      const saved = await structure.createLocality(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const { locality: l } = await structure.getLocality(request.ctx, saved.id);
      return reply.status(201).send({ id: l.id, name: l.name, retiredAt: iso(l.retiredAt) });
    },
  );

  api.get(
    '/teams',
    {
      config: read,
      schema: { querystring: listQuerySchema, response: { 200: pageOut(teamOut), ...problems } },
    },
    async (request) => listJson(await structure.listTeams(request.ctx, request.query)),
  );
  api.post(
    '/teams',
    { config: write, schema: { body: teamSchema, response: { 201: teamOut, ...problems } } },
    async (request, reply) => {
      const saved = await structure.createTeam(request.ctx, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const { team: t } = await structure.getTeam(request.ctx, saved.id);
      return reply.status(201).send({
        id: t.id,
        name: t.name,
        multiAgency: t.multiAgency,
        organisationId: t.organisationId,
        localityId: t.localityId,
        retiredAt: iso(t.retiredAt),
      });
    },
  );
}
