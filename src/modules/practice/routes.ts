import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { pagination, showing } from '../../platform/http/paging.js';
import { toLondon } from '../../platform/dates/uk-time.js';
import { escalationSchema, listQuerySchema, practiceLogSchema } from './schemas.js';
import * as service from './service.js';
import { choices } from './labels.js';

// Everyday practice pages: log in seconds (on its own, or from a family's page), my recent
// logs and counts, retire with confirmation, escalate to a meeting.

const signedIn = { policy: 'signedIn' as const };
const view = (name: string) => `practice/views/${name}.njk`;
const idOf = (request: FastifyRequest) => (request.params as { id?: string }).id ?? '';
const doneOf = (request: FastifyRequest) => (request.query as { done?: string }).done;

/** "When" starts as now, in UK date and time: most logs are made straight after. */
function nowValues(now: Date) {
  const t = toLondon(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${pad(t.day)}/${pad(t.month)}/${t.year}`,
    time: `${pad(t.hour)}:${pad(t.minute)}`,
  };
}

export async function practiceRoutes(app: FastifyInstance) {
  app.get('/practice', { config: signedIn }, async (request, reply) => {
    const query = listQuerySchema.parse(request.query ?? {});
    const [page, counts, teams] = await Promise.all([
      service.listMine(request.ctx, query),
      service.myCounts(request.ctx),
      service.countableTeams(request.ctx),
    ]);
    return reply.page(view('mine'), {
      query,
      page,
      counts,
      teams,
      showing: showing(page),
      pagination: pagination('/practice', query, page),
      done: doneOf(request),
      actorId: request.ctx.actor.id,
      ...choices,
    });
  });

  app.get('/practice/new', { config: signedIn }, async (request, reply) =>
    reply.page(view('new'), { values: nowValues(request.ctx.now), ...choices }),
  );

  app.post('/practice/new', { config: signedIn }, async (request, reply) => {
    const refuse = (form: object) =>
      reply.status(400).page(view('new'), { values: request.body, ...form, ...choices });
    const form = validateForm(practiceLogSchema, request.body);
    if (!form.ok) return refuse(form);
    const saved = await service.createLog(request.ctx, { ...form.data, familyId: null });
    if (!saved.ok) return refuse(errorsFor(saved.errors));
    return reply.redirect('/practice?done=logged', 303);
  });

  app.get('/families/:id/practice', { config: signedIn }, async (request, reply) => {
    const query = listQuerySchema.parse(request.query ?? {});
    const record = await service.familyPractice(request.ctx, idOf(request), query);
    const path = `/families/${record.family.id}/practice`;
    return reply.page(view('family'), {
      ...record,
      query,
      values: nowValues(request.ctx.now),
      showing: showing(record.page),
      pagination: pagination(path, query, record.page),
      done: doneOf(request),
      actorId: request.ctx.actor.id,
      section: 'practice',
      ...choices,
    });
  });

  app.post('/families/:id/practice', { config: signedIn }, async (request, reply) => {
    const familyId = idOf(request);
    const refuse = async (form: object) => {
      const record = await service.familyPractice(request.ctx, familyId, {});
      return reply.status(400).page(view('family'), {
        ...record,
        query: {},
        values: request.body,
        section: 'practice',
        actorId: request.ctx.actor.id,
        ...form,
        ...choices,
      });
    };
    const form = validateForm(practiceLogSchema, request.body);
    if (!form.ok) return refuse(form);
    const saved = await service.createLog(request.ctx, { ...form.data, familyId });
    if (!saved.ok) return refuse(errorsFor(saved.errors));
    return reply.redirect(`/families/${familyId}/practice?done=logged`, 303);
  });

  app.get('/practice/:id/retire', { config: signedIn }, async (request, reply) => {
    const log = await service.logForRetire(request.ctx, idOf(request));
    return reply.page(view('retire'), { log, ...choices });
  });

  app.post('/practice/:id/retire', { config: signedIn }, async (request, reply) => {
    const log = await service.retireLog(request.ctx, idOf(request));
    const back = log.familyId ? `/families/${log.familyId}/practice` : '/practice';
    return reply.redirect(`${back}?done=removed`, 303);
  });

  app.get('/practice/:id/escalate', { config: signedIn }, async (request, reply) => {
    const record = await service.escalationForm(request.ctx, idOf(request));
    return reply.page(view('escalate'), { ...record, values: {}, ...choices });
  });

  app.post('/practice/:id/escalate', { config: signedIn }, async (request, reply) => {
    const refuse = async (form: object) => {
      const record = await service.escalationForm(request.ctx, idOf(request));
      return reply
        .status(400)
        .page(view('escalate'), { ...record, values: request.body, ...form, ...choices });
    };
    const form = validateForm(escalationSchema, request.body);
    if (!form.ok) return refuse(form);
    const saved = await service.escalate(request.ctx, idOf(request), form.data);
    if (!saved.ok) return refuse(errorsFor(saved.errors));
    // As after arranging any meeting: say it is arranged, and who to add next.
    return reply.redirect(`/meetings/${saved.meetingId}/participants?done=created`, 303);
  });
}
