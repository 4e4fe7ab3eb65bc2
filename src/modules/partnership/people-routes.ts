import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { type Saved } from '../../platform/http/forms.js';
import { forgiving, idOf, pagination, showing } from '../../platform/http/paging.js';
import { isUuid } from '../../platform/http/ids.js';
import {
  peopleQuerySchema,
  personSchema,
  type PersonInput,
  roleLabels,
  trainingLayerLabels,
} from './schemas.js';
import * as service from './service.js';

/** The list's filters, forgiving on a page (see forgiving). */
const pageQuery = forgiving(peopleQuerySchema);

const admin = { policy: 'partnershipAdmin' as const };
const view = (name: string) => `partnership/views/${name}.njk`;
const BASE = '/admin/people';
const labels = { roleLabels, trainingLayerLabels };

/** The person form, with its choices of organisation and teams. */
async function personForm(
  request: FastifyRequest,
  reply: FastifyReply,
  locals: { values: unknown; person?: { id: string; name: string }; keep?: string[] } & object,
) {
  const choices = await service.personFormChoices(request.ctx, locals.keep);
  return reply.page(view('person-form'), { ...labels, ...choices, ...locals });
}

/** Checkbox answers arrive as a string for one box; the form redraws from a list. */
const asList = (v: unknown) => (v === undefined ? [] : [v].flat());
const typed = (body: unknown) => {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    ...b,
    organisationId: b.organisationId,
    roles: asList(b.roles),
    teamIds: asList(b.teamIds),
  };
};

export async function peopleRoutes(app: FastifyInstance) {
  app.get(BASE, { config: admin }, async (request, reply) => {
    const query = pageQuery.parse(request.query ?? {});
    const page = await service.listPeople(request.ctx, query);
    return reply.page(view('people'), {
      ...labels,
      teams: await service.teamChoices(request.ctx),
      query,
      page,
      showing: showing(page),
      pagination: pagination(BASE, query, page),
    });
  });

  app.get(`${BASE}/new`, { config: admin }, async (request, reply) =>
    personForm(request, reply, { values: { roles: [], teamIds: [] } }),
  );

  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: (input: PersonInput) => Promise<Saved & { reinvited?: boolean }>,
    person?: { id: string; name: string },
  ) => {
    const values = typed(request.body);
    // What was chosen stays a choice even if retired since; only ids, as they are looked up.
    const keep = [...values.teamIds, values.organisationId].map(String).filter(isUuid);
    const form = validateForm(personSchema, request.body);
    if (!form.ok) return personForm(request, reply.status(400), { values, person, keep, ...form });
    const outcome = await run(form.data);
    if (!outcome.ok)
      return personForm(request, reply.status(400), {
        values,
        person,
        keep,
        ...errorsFor(outcome.errors),
      });
    // A new person has just been sent their invitation; a changed one, their changes saved (and
    // a new invitation, if their address changed before they chose a password).
    const done = !person ? 'created' : outcome.reinvited ? 'invited' : 'saved';
    return reply.redirect(`${BASE}/${outcome.id}?done=${done}`, 303);
  };

  app.post(`${BASE}/new`, { config: admin }, async (request, reply) =>
    save(request, reply, (input) => service.addPerson(request.ctx, input)),
  );

  app.get(`${BASE}/:id`, { config: admin }, async (request, reply) => {
    const person = await service.viewPerson(request.ctx, idOf(request));
    const { done } = request.query as { done?: string };
    return reply.page(view('person'), {
      ...labels,
      person,
      done,
      isSelf: person.id === request.actor.id,
    });
  });

  app.get(`${BASE}/:id/edit`, { config: admin }, async (request, reply) => {
    const person = await service.viewPerson(request.ctx, idOf(request));
    const values = service.inputOf(person);
    const keep = [...values.teamIds, ...(values.organisationId ? [values.organisationId] : [])];
    return personForm(request, reply, { values, person, keep });
  });

  app.post(`${BASE}/:id/edit`, { config: admin }, async (request, reply) => {
    const person = await service.viewPerson(request.ctx, idOf(request));
    return save(
      request,
      reply,
      (input) => service.updatePerson(request.ctx, person.id, input),
      person,
    );
  });

  app.get(`${BASE}/:id/deactivate`, { config: admin }, async (request, reply) => {
    const person = await service.viewPerson(request.ctx, idOf(request));
    return reply.page(view('person-deactivate'), {
      person,
      isSelf: person.id === request.actor.id,
    });
  });

  // Deactivating, reactivating and resending an invitation go back to the person's page.
  const action =
    (run: typeof service.deactivatePerson, done: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const id = idOf(request);
      const outcome = await run(request.ctx, id);
      if (!outcome.ok) {
        const person = await service.viewPerson(request.ctx, id);
        return reply.status(400).page(view('person'), {
          ...labels,
          person,
          isSelf: person.id === request.actor.id,
          ...errorsFor(outcome.errors),
        });
      }
      return reply.redirect(`${BASE}/${id}?done=${done}`, 303);
    };
  app.post(
    `${BASE}/:id/deactivate`,
    { config: admin },
    action(service.deactivatePerson, 'deactivated'),
  );
  app.post(
    `${BASE}/:id/reactivate`,
    { config: admin },
    action(service.reactivatePerson, 'reactivated'),
  );
  app.post(
    `${BASE}/:id/resend-invitation`,
    { config: admin },
    action(service.resendInvitation, 'invited'),
  );
}
