import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../../platform/http/errors.js';
import * as guide from './guide.js';
import { answersSchema, idParamsSchema, meetingQuerySchema, meetingSchema } from './schemas.js';
import * as service from './service.js';
import { circlePurposes, meetingKinds, meetingStatuses } from './tables.js';

// The JSON API for meetings: the same services, schemas, record-level rule and audit as the
// pages. Like the families API (see its api.ts), these routes take the 'signedIn' policy: a
// service-account token has no allocation to any family, so it is refused with 403
// problem+json (audited as 'access.denied') rather than shown every family's meetings.

const policy = { policy: 'signedIn' as const };
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const summaryOut = z.object({
  id: z.uuid(),
  kind: z.enum(meetingKinds),
  title: z.string(),
  startsAt: z.string(),
  status: z.enum(meetingStatuses),
  purpose: z.enum(circlePurposes).nullable(),
});
const participantOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string(),
  familyMemberId: z.uuid().nullable(),
  networkMemberId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
});
const meetingOut = summaryOut.extend({
  familyId: z.uuid(),
  place: z.string().nullable(),
  onlineLink: z.string().nullable(),
  facilitatorId: z.uuid(),
  consentToRecord: z.boolean().nullable(),
  consentGivenBy: z.string().nullable(),
  consentRecordedAt: z.string().nullable(),
  talkingPiece: z.string().nullable(),
  outcome: z.string().nullable(),
  participants: z.array(participantOut),
  questions: z.array(
    z.object({
      position: z.number(),
      setName: z.string(),
      categoryName: z.string(),
      question: z.string(),
      answers: z.array(z.object({ participantId: z.uuid(), name: z.string(), answer: z.string() })),
    }),
  ),
});
const pageOut = z.object({
  items: z.array(summaryOut),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
});

async function meetingJson(ctx: Parameters<typeof service.viewMeeting>[0], id: string) {
  const { meeting, participants } = await service.viewMeeting(ctx, id);
  const questions = await guide.meetingAnswers(ctx, id);
  return {
    id: meeting.id,
    familyId: meeting.familyId,
    kind: meeting.kind,
    title: meeting.title,
    startsAt: iso(meeting.startsAt)!,
    status: meeting.status,
    purpose: meeting.purpose,
    place: meeting.place,
    onlineLink: meeting.onlineLink,
    facilitatorId: meeting.facilitatorId,
    consentToRecord: meeting.consentToRecord,
    consentGivenBy: meeting.consentGivenBy,
    consentRecordedAt: iso(meeting.consentRecordedAt),
    talkingPiece: meeting.talkingPiece,
    outcome: meeting.outcome,
    participants: participants.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      familyMemberId: p.familyMemberId,
      networkMemberId: p.networkMemberId,
      personId: p.personId,
    })),
    questions,
  };
}

export async function meetingApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const problem = { 400: z.unknown(), 403: z.unknown(), 404: z.unknown() };

  api.get(
    '/families/:id/meetings',
    {
      config: policy,
      schema: {
        params: idParamsSchema,
        querystring: meetingQuerySchema,
        response: { 200: pageOut },
      },
    },
    async (request) => {
      const page = await service.listMeetings(request.ctx, request.params.id, request.query);
      return {
        items: page.items.map((m) => ({ ...m, startsAt: iso(m.startsAt)! })),
        page: page.page,
        pageSize: page.pageSize,
        pageCount: page.pageCount,
        total: page.total,
      };
    },
  );

  api.post(
    '/families/:id/meetings',
    {
      config: policy,
      schema: {
        params: idParamsSchema,
        body: meetingSchema,
        response: { 201: meetingOut, ...problem },
      },
    },
    async (request, reply) => {
      const saved = await service.createMeeting(request.ctx, request.params.id, request.body);
      if (!saved.ok)
        return sendProblem(reply, 400, 'The request is not valid', {
          errors: Object.entries(saved.errors).map(([path, message]) => ({ path, message })),
        });
      return reply
        .status(201)
        .header('location', `/api/v1/meetings/${saved.id}`)
        .send(await meetingJson(request.ctx, saved.id));
    },
  );

  api.get(
    '/meetings/:id',
    {
      config: policy,
      schema: { params: idParamsSchema, response: { 200: meetingOut, ...problem } },
    },
    async (request) => meetingJson(request.ctx, request.params.id),
  );

  api.post(
    '/meetings/:id/answers',
    {
      config: policy,
      schema: {
        params: idParamsSchema,
        body: answersSchema,
        response: { 200: z.object({ position: z.number(), total: z.number() }), ...problem },
      },
    },
    async (request) => {
      const saved = await guide.saveAnswers(request.ctx, request.params.id, request.body);
      return { position: saved.position, total: saved.total };
    },
  );
}
