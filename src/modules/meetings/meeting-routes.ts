import type { FastifyInstance } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { pagination, showing } from '../../platform/http/paging.js';
import { doneOf, meetingPath, paramsOf, signedIn, toldOf, toldQuery, view } from './paths.js';
import { kindSchema, meetingFormValues, meetingQuerySchema, meetingSchema } from './schemas.js';
import * as service from './service.js';
import { meetingKinds } from './tables.js';

// A family's meetings, arranging one (choose the kind, then the details), and its details page.
export async function meetingPageRoutes(app: FastifyInstance) {
  app.get('/families/:id/meetings', { config: signedIn }, async (request, reply) => {
    const query = meetingQuerySchema.parse(request.query ?? {});
    const familyId = paramsOf(request).id;
    const page = await service.listMeetings(request.ctx, familyId, query);
    return reply.page(view('meetings'), {
      family: page.family,
      query,
      page,
      showing: showing(page),
      pagination: pagination(`/families/${page.family.id}/meetings`, query, page),
      kindLabels: service.kindLabels,
    });
  });

  const kinds = meetingKinds.map((k) => ({ value: k, text: service.kindLabels[k] }));

  app.get('/families/:id/meetings/new', { config: signedIn }, async (request, reply) => {
    const { family } = await service.meetingFormChoices(request.ctx, paramsOf(request).id);
    return reply.page(view('kind'), { family, kinds, values: {} });
  });

  app.post('/families/:id/meetings/new', { config: signedIn }, async (request, reply) => {
    const familyId = paramsOf(request).id;
    const form = validateForm(kindSchema, request.body);
    if (!form.ok) {
      const { family } = await service.meetingFormChoices(request.ctx, familyId);
      return reply.status(400).page(view('kind'), { family, kinds, values: {}, ...form });
    }
    return reply.redirect(`/families/${familyId}/meetings/new/${form.data.kind}`, 303);
  });

  app.get('/families/:id/meetings/new/:kind', { config: signedIn }, async (request, reply) => {
    const kind = kindSchema.safeParse(request.params);
    const choices = await service.meetingFormChoices(request.ctx, paramsOf(request).id);
    if (!kind.success) return reply.redirect(`/families/${choices.family.id}/meetings/new`, 303);
    return reply.page(view('meeting-form'), {
      ...choices,
      kindLabel: service.kindLabels[kind.data.kind],
      values: { kind: kind.data.kind, facilitatorId: request.ctx.actor.id, status: 'planned' },
    });
  });

  app.post('/families/:id/meetings/new/:kind', { config: signedIn }, async (request, reply) => {
    const kind = kindSchema.safeParse(request.params);
    const familyId = paramsOf(request).id;
    const body = { ...(request.body as object), kind: kind.data?.kind, status: 'planned' };
    const form = validateForm(meetingSchema, body);
    const again = async (errors: ReturnType<typeof errorsFor>) =>
      reply.status(400).page(view('meeting-form'), {
        ...(await service.meetingFormChoices(request.ctx, familyId)),
        kindLabel: kind.data ? service.kindLabels[kind.data.kind] : '',
        values: body,
        ...errors,
      });
    if (!form.ok) return again(form);
    const saved = await service.createMeeting(request.ctx, familyId, form.data);
    if (!saved.ok) return again(errorsFor(saved.errors));
    return reply.redirect(`${meetingPath(saved.id, 'participants')}?done=created`, 303);
  });

  app.get('/meetings/:id', { config: signedIn }, async (request, reply) => {
    const record = await service.viewMeeting(request.ctx, paramsOf(request).id);
    // A family group conference's details are on its stages page (fgc-routes.ts).
    if (record.meeting.kind === 'fgc')
      return reply.redirect(
        `${meetingPath(record.meeting.id, 'fgc')}${doneOf(request) === 'updated' ? `?done=updated${toldQuery(toldOf(request))}` : ''}`,
        303,
      );
    return reply.page(view('meeting'), {
      ...record,
      tab: 'details',
      done: doneOf(request),
      told: toldOf(request),
    });
  });

  app.get('/meetings/:id/edit', { config: signedIn }, async (request, reply) => {
    const choices = await service.meetingEditChoices(request.ctx, paramsOf(request).id);
    return reply.page(view('meeting-form'), {
      ...choices,
      values: meetingFormValues(choices.meeting),
    });
  });

  app.post('/meetings/:id/edit', { config: signedIn }, async (request, reply) => {
    const record = await service.meetingEditChoices(request.ctx, paramsOf(request).id);
    const body = { ...(request.body as object), kind: record.meeting.kind };
    const form = validateForm(meetingSchema, body);
    const again = async (errors: ReturnType<typeof errorsFor>) =>
      reply.status(400).page(view('meeting-form'), { ...record, values: body, ...errors });
    if (!form.ok) return again(form);
    const saved = await service.updateMeeting(request.ctx, record.meeting.id, form.data);
    if (!saved.ok) return again(errorsFor(saved.errors));
    return reply.redirect(
      `${meetingPath(record.meeting.id)}?done=updated${toldQuery(saved.told)}`,
      303,
    );
  });
}
