import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  iso,
  mapPage,
  pageOut,
  problemOut,
  problems,
  refusedProblem,
} from '../../platform/http/api.js';
import { sendProblem } from '../../platform/http/errors.js';
import { meetingGuideApi } from './api-guide.js';
import { meetingJson, meetingOut, summaryOut } from './api-out.js';
import { meetingParticipantApi } from './api-participants.js';
import { idParamsSchema, meetingApiSchema, meetingQuerySchema, outcomeSchema } from './schemas.js';
import * as service from './service.js';

// The JSON API for meetings: the same services, schemas, record-level rule and audit as the
// pages. A meeting is reached only through its family (openFamily): an API token works with the
// meetings of the families its teams work with, and any other meeting is a 404, audited. The
// stages of a family group conference and a restorative conference's agreement items have
// their own pages and are not in the API yet.

const member = { policy: 'member' as const };

export async function meetingApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/families/:id/meetings',
    {
      config: member,
      schema: {
        summary: 'A family’s meetings, newest first, searchable by title (audited)',
        params: idParamsSchema,
        querystring: meetingQuerySchema,
        response: { 200: pageOut(summaryOut), ...problems },
      },
    },
    async (request) => {
      const { items, page, pageSize, pageCount, total } = await service.listMeetings(
        request.ctx,
        request.params.id,
        request.query,
      );
      const found = { items, page, pageSize, pageCount, total };
      return mapPage(found, (m) => ({ ...m, startsAt: iso(m.startsAt) }));
    },
  );

  api.post(
    '/families/:id/meetings',
    {
      config: member,
      schema: {
        summary: 'Arrange a circle, family group conference or restorative conference',
        params: idParamsSchema,
        body: meetingApiSchema,
        response: { 201: meetingOut, ...problems },
      },
    },
    async (request, reply) => {
      const saved = await service.createMeeting(request.ctx, request.params.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return reply
        .status(201)
        .header('location', `/api/v1/meetings/${saved.id}`)
        .send(await meetingJson(request.ctx, saved.id));
    },
  );

  api.get(
    '/meetings/:id',
    {
      config: member,
      schema: {
        summary: 'A meeting with its participants, invitations and the answers given (audited)',
        params: idParamsSchema,
        response: { 200: meetingOut, ...problems },
      },
    },
    async (request) => meetingJson(request.ctx, request.params.id),
  );

  api.put(
    '/meetings/:id',
    {
      config: member,
      schema: {
        summary: 'Change a meeting’s details (send them all, as the form does; its kind stays)',
        params: idParamsSchema,
        body: meetingApiSchema,
        response: { 200: meetingOut, ...problems },
      },
    },
    async (request, reply) => {
      const { meeting } = await service.viewMeeting(request.ctx, request.params.id);
      // The form never offers it; the API says so rather than ignore it.
      if (request.body.kind !== meeting.kind)
        return refusedProblem(reply, { kind: 'A meeting’s kind cannot be changed' });
      const saved = await service.updateMeeting(request.ctx, meeting.id, request.body);
      if (!saved.ok) return refusedProblem(reply, saved.errors);
      return meetingJson(request.ctx, meeting.id);
    },
  );

  api.put(
    '/meetings/:id/outcome',
    {
      config: member,
      schema: {
        summary: 'Record what everyone agreed: it can become a family-led plan in one step',
        params: idParamsSchema,
        body: outcomeSchema,
        response: { 200: meetingOut, ...problems, 409: problemOut },
      },
    },
    async (request, reply) => {
      const saved = await service.saveOutcome(request.ctx, request.params.id, request.body);
      if (!saved.ok)
        return saved.errors.version
          ? sendProblem(reply, 409, saved.errors.version)
          : refusedProblem(reply, saved.errors);
      return meetingJson(request.ctx, request.params.id);
    },
  );

  await app.register(meetingParticipantApi);
  await app.register(meetingGuideApi);
}
