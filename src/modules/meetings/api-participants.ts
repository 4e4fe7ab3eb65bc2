import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  pageOfList,
  pageOut,
  pageQuerySchema,
  problemOut,
  problems,
  refusedProblem,
} from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { invitationJson, invitationOut, participantJson, participantOut } from './api-out.js';
import * as invitations from './invitations.js';
import {
  idParamsSchema,
  invitationSchema,
  participantParamsSchema,
  participantSchema,
  preparationApiSchema,
} from './schemas.js';
import * as service from './service.js';

// The JSON API for who takes part in a meeting, how each was prepared, and their invitations:
// the same services, schemas, rule and audit as the pages (see api.ts).

const member = { policy: 'member' as const };

/** One participant as they now stand: a read of the meeting, audited like any other. */
async function participantNow(ctx: ServiceContext, meetingId: string, participantId: string) {
  const { participants } = await service.viewMeeting(ctx, meetingId);
  const found = participants.find((p) => p.id === participantId);
  if (!found) throw notFound();
  return participantJson(found);
}

export async function meetingParticipantApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/meetings/:id/participants',
    {
      config: member,
      schema: {
        summary: 'Who takes part, with their role and preparation (audited)',
        params: idParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOut(participantOut), ...problems },
      },
    },
    async (request) => {
      const { participants } = await service.viewMeeting(request.ctx, request.params.id);
      return pageOfList(participants.map(participantJson), request.query.page);
    },
  );

  api.post(
    '/meetings/:id/participants',
    {
      config: member,
      schema: {
        summary:
          'Add a family member ("member:<id>"), network member ("network:<id>") or professional ("person:<id>")',
        params: idParamsSchema,
        body: participantSchema,
        response: { 201: participantOut, ...problems },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const saved = await service.addParticipant(request.ctx, id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply.status(201).send(await participantNow(request.ctx, id, saved.id));
    },
  );

  api.put(
    '/meetings/:id/participants/:participantId/preparation',
    {
      config: member,
      schema: {
        summary: 'Record when they were contacted and prepared, and what they need',
        params: participantParamsSchema,
        body: preparationApiSchema,
        response: { 200: participantOut, ...problems },
      },
    },
    async (request) => {
      const { id, participantId } = request.params;
      await service.savePreparation(request.ctx, id, participantId, request.body);
      return participantNow(request.ctx, id, participantId);
    },
  );

  api.get(
    '/meetings/:id/invitations',
    {
      config: member,
      schema: {
        summary: 'The invitations sent (email) or printed (letter), oldest first (audited)',
        params: idParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: pageOut(invitationOut), ...problems },
      },
    },
    async (request) => {
      const record = await service.viewMeeting(request.ctx, request.params.id);
      return pageOfList(record.invitations.map(invitationJson), request.query.page);
    },
  );

  api.post(
    '/meetings/:id/participants/:participantId/invitations',
    {
      config: member,
      schema: {
        summary:
          'Send the invitation by email with a calendar file, or record that a letter was printed',
        params: participantParamsSchema,
        body: invitationSchema,
        response: { 201: invitationOut, ...problems, 409: problemOut },
      },
    },
    async (request, reply) => {
      const { id, participantId } = request.params;
      const saved = await invitations.sendInvitation(request.ctx, id, participantId, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      const { invitations: sent } = await service.viewMeeting(request.ctx, id);
      const made = sent.find((i) => i.id === saved.id);
      if (!made) throw notFound();
      return reply.status(201).send(invitationJson(made));
    },
  );
}
