import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { validateForm, errorsFor } from '../../platform/http/forms.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { type Saved } from '../../platform/http/forms.js';
import { forgiving, idOf, pagination, showing, type Page } from '../../platform/http/paging.js';
import {
  listQuerySchema,
  localitySchema,
  organisationKindLabels,
  organisationSchema,
  teamSchema,
  type ListQuery,
} from './schemas.js';
import * as service from './structure-service.js';
import type { StructureKind } from './structure-store.js';

/** The list's filters, forgiving on a page (see forgiving). */
const pageQuery = forgiving(listQuerySchema);

// Organisations, localities and teams share one pattern: a searchable list, a page for each,
// add, edit, and retire (with a confirmation page) or bring back.

interface Detail {
  record: { id: string; name: string; retiredAt: Date | null };
  locals: Record<string, unknown>;
  /** The edit form's starting values. */
  values: Record<string, unknown>;
  /** Choices to keep in the form's lists even if retired (the ones already chosen). */
  keep: string[];
}

interface StructurePages<I> {
  kind: StructureKind;
  /** 'organisation' -> views organisations.njk, organisation.njk, organisation-form.njk */
  singular: string;
  plural: string;
  schema: z.ZodType<I>;
  list(ctx: ServiceContext, query: ListQuery): Promise<Page<unknown>>;
  get(ctx: ServiceContext, id: string): Promise<Detail>;
  create(ctx: ServiceContext, input: I): Promise<Saved>;
  update(ctx: ServiceContext, id: string, input: I): Promise<Saved>;
  choices?(ctx: ServiceContext, keep: string[]): Promise<Record<string, unknown>>;
}

const admin = { policy: 'partnershipAdmin' as const };
const view = (name: string) => `partnership/views/${name}.njk`;

function registerStructure<I>(app: FastifyInstance, pages: StructurePages<I>) {
  const base = `/admin/${pages.plural}`;
  const common = { kind: pages.kind, base, kindLabels: organisationKindLabels };

  const form = async (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { values: unknown; record?: Detail['record']; keep?: string[] } & object,
  ) =>
    reply.page(view(`${pages.singular}-form`), {
      ...common,
      ...(pages.choices ? await pages.choices(request.ctx, locals.keep ?? []) : {}),
      ...locals,
    });

  const saved = async (
    request: FastifyRequest,
    reply: FastifyReply,
    save: (input: I) => Promise<Saved>,
    record?: Detail['record'],
  ) => {
    const body = request.body ?? {};
    const result = validateForm(pages.schema, body);
    if (!result.ok) return form(request, reply.status(400), { values: body, record, ...result });
    const outcome = await save(result.data);
    if (!outcome.ok)
      return form(request, reply.status(400), {
        values: body,
        record,
        ...errorsFor(outcome.errors),
      });
    return reply.redirect(`${base}/${outcome.id}?done=${record ? 'saved' : 'created'}`, 303);
  };

  app.get(base, { config: admin }, async (request, reply) => {
    const query = pageQuery.parse(request.query ?? {});
    const page = await pages.list(request.ctx, query);
    return reply.page(view(pages.plural), {
      ...common,
      query,
      page,
      showing: showing(page),
      pagination: pagination(base, query, page),
    });
  });

  app.get(`${base}/new`, { config: admin }, async (request, reply) =>
    form(request, reply, { values: {} }),
  );

  app.post(`${base}/new`, { config: admin }, async (request, reply) =>
    saved(request, reply, (input) => pages.create(request.ctx, input)),
  );

  app.get(`${base}/:id`, { config: admin }, async (request, reply) => {
    const detail = await pages.get(request.ctx, idOf(request));
    const { done } = request.query as { done?: string };
    return reply.page(view(pages.singular), {
      ...common,
      ...detail.locals,
      record: detail.record,
      done,
    });
  });

  app.get(`${base}/:id/edit`, { config: admin }, async (request, reply) => {
    const detail = await pages.get(request.ctx, idOf(request));
    return form(request, reply, {
      values: detail.values,
      record: detail.record,
      keep: detail.keep,
    });
  });

  app.post(`${base}/:id/edit`, { config: admin }, async (request, reply) => {
    const detail = await pages.get(request.ctx, idOf(request));
    return saved(
      request,
      reply,
      (input) => pages.update(request.ctx, detail.record.id, input),
      detail.record,
    );
  });

  app.get(`${base}/:id/retire`, { config: admin }, async (request, reply) => {
    const detail = await pages.get(request.ctx, idOf(request));
    return reply.page(view('retire'), {
      ...common,
      singular: pages.singular,
      record: detail.record,
    });
  });

  app.post(`${base}/:id/retire`, { config: admin }, async (request, reply) => {
    const id = idOf(request);
    await service.setRetired(request.ctx, pages.kind, id, true);
    return reply.redirect(`${base}/${id}?done=retired`, 303);
  });

  app.post(`${base}/:id/restore`, { config: admin }, async (request, reply) => {
    const id = idOf(request);
    await service.setRetired(request.ctx, pages.kind, id, false);
    return reply.redirect(`${base}/${id}?done=restored`, 303);
  });
}

export async function structureRoutes(app: FastifyInstance) {
  registerStructure(app, {
    kind: 'organisation',
    singular: 'organisation',
    plural: 'organisations',
    schema: organisationSchema,
    list: service.listOrganisations,
    get: async (ctx, id) => {
      const { organisation, teams } = await service.getOrganisation(ctx, id);
      return {
        record: organisation,
        locals: { organisation, teams },
        values: { name: organisation.name, kind: organisation.kind },
        keep: [],
      };
    },
    create: service.createOrganisation,
    update: service.updateOrganisation,
  });

  registerStructure(app, {
    kind: 'locality',
    singular: 'locality',
    plural: 'localities',
    schema: localitySchema,
    list: service.listLocalities,
    get: async (ctx, id) => {
      const { locality, teams } = await service.getLocality(ctx, id);
      return {
        record: locality,
        locals: { locality, teams },
        values: { name: locality.name },
        keep: [],
      };
    },
    create: service.createLocality,
    update: service.updateLocality,
  });

  registerStructure(app, {
    kind: 'team',
    singular: 'team',
    plural: 'teams',
    schema: teamSchema,
    list: service.listTeams,
    get: async (ctx, id) => {
      const { team, members } = await service.getTeam(ctx, id);
      return {
        record: team,
        locals: { team, members },
        values: {
          name: team.name,
          type: team.multiAgency ? 'multi' : 'single',
          organisationId: team.organisationId,
          localityId: team.localityId,
        },
        keep: [team.organisationId, team.localityId].filter((x): x is string => !!x),
      };
    },
    create: service.createTeam,
    update: service.updateTeam,
    choices: service.teamFormChoices,
  });
}
