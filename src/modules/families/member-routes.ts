import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { typedDay } from '../../platform/dates/date-input.js';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { type Saved } from '../../platform/http/forms.js';
import { familyPath, paramsOf, signedIn, view } from './paths.js';
import { memberFormValues, memberSchema, type MemberInput } from './schemas.js';
import * as service from './service.js';

// Adding, changing and retiring the members of a family.

type Family = { id: string; name: string };
type Member = { id: string; name: string };

const form = (
  reply: FastifyReply,
  locals: { family: Family; member?: Member; values: unknown } & object,
) => reply.page(view('member-form'), locals);

/** Validates, runs the change, and redraws the form with what was typed when it is refused. */
async function save(
  request: FastifyRequest,
  reply: FastifyReply,
  load: () => Promise<{ family: Family; member?: Member }>,
  run: (input: MemberInput) => Promise<Saved>,
  done: string,
) {
  const values = request.body;
  const checked = validateForm(memberSchema, request.body);
  if (!checked.ok) {
    // A date of birth in the future is said now, with the rest, not once the rest is put right.
    const future = checked.errors.dateOfBirth
      ? null
      : service.dateOfBirthProblems(
          request.ctx,
          typedDay(request.body as Record<string, unknown>, 'dateOfBirth'),
        );
    const errors = future ? errorsFor({ ...checked.errors, ...future }) : checked;
    return form(reply.status(400), { ...(await load()), values, ...errors });
  }
  const saved = await run(checked.data);
  if (!saved.ok)
    return form(reply.status(400), { ...(await load()), values, ...errorsFor(saved.errors) });
  const { familyId } = paramsOf(request);
  return reply.redirect(`${familyPath(familyId)}?done=${done}`, 303);
}

export async function memberRoutes(app: FastifyInstance) {
  const NEW = '/families/:id/members/new';
  const ONE = '/families/:id/members/:itemId';

  app.get(NEW, { config: signedIn }, async (request, reply) => {
    const family = await service.familyForForm(request.ctx, paramsOf(request).familyId);
    return form(reply, { family, values: { interpreterNeeded: 'no' } });
  });

  app.post(NEW, { config: signedIn }, async (request, reply) => {
    const { familyId } = paramsOf(request);
    return save(
      request,
      reply,
      async () => ({ family: await service.familyForForm(request.ctx, familyId) }),
      (input) => service.addMember(request.ctx, familyId, input),
      'member-added',
    );
  });

  app.get(`${ONE}/edit`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    const { family, member } = await service.viewMember(request.ctx, familyId, itemId);
    return form(reply, { family, member, values: memberFormValues(member) });
  });

  app.post(`${ONE}/edit`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    return save(
      request,
      reply,
      () => service.viewMember(request.ctx, familyId, itemId),
      (input) => service.updateMember(request.ctx, familyId, itemId, input),
      'member-updated',
    );
  });

  app.get(`${ONE}/retire`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    return reply.page(
      view('member-retire'),
      await service.viewMember(request.ctx, familyId, itemId),
    );
  });

  app.post(`${ONE}/retire`, { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    await service.retireMember(request.ctx, familyId, itemId);
    return reply.redirect(`${familyPath(familyId)}?done=member-retired`, 303);
  });
}
