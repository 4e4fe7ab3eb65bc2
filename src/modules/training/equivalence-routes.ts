import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { pagination, searchOf, showing } from '../../platform/http/paging.js';
import {
  declarableCoursesOf,
  declareEquivalent,
  decideEquivalence,
  declineSchema,
  equivalenceSchema,
  getEquivalence,
  pendingEquivalences,
} from './equivalence.js';
import { choiceItems, idParam } from './labels.js';
import { FormProblem } from './problems.js';
import { UUID } from '../../platform/http/ids.js';

// Declaring an equivalent earlier course, and the list where admins and trainers check them.

const signedIn = { policy: 'signedIn' as const };
const trainer = { policy: 'trainer' as const };
const BASE = '/training/equivalents';

async function declareForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, unknown>,
  form?: FormErrors,
) {
  const { courses, any } = await declarableCoursesOf(request.ctx);
  const sessionId = typeof values.sessionId === 'string' && UUID.test(values.sessionId);
  if (form) reply.status(400);
  return reply.page('training/views/equivalence-form.njk', {
    values,
    ...form,
    anyDeclarable: any,
    courseItems: choiceItems(Object.fromEntries(courses.map((c) => [c.id, c.title])), [
      values.courseId,
    ]),
    backLink: sessionId ? `/training/sessions/${String(values.sessionId)}` : '/training/mine',
  });
}

async function decisionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  locals: Record<string, unknown> = {},
) {
  const declaration = await getEquivalence(request.ctx, id);
  return reply.page('training/views/equivalence.njk', { declaration, values: {}, ...locals });
}

export async function equivalenceRoutes(app: FastifyInstance) {
  app.get(`${BASE}/new`, { config: signedIn }, async (request, reply) => {
    const { course, session } = request.query as { course?: string; session?: string };
    return declareForm(request, reply, { courseId: course ?? '', sessionId: session ?? '' });
  });

  app.post(BASE, { config: signedIn }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = validateForm(equivalenceSchema(ukToday(request.ctx.now)), body);
    if (!form.ok) return declareForm(request, reply, body, form);
    try {
      await declareEquivalent(request.ctx, form.data);
      return reply.redirect('/training/mine?done=declared', 303);
    } catch (e) {
      if (e instanceof FormProblem) return declareForm(request, reply, body, e.form);
      throw e;
    }
  });

  app.get(BASE, { config: trainer }, async (request, reply) => {
    const query = request.query as { q?: string; page?: string; done?: string };
    const q = searchOf(request);
    const page = await pendingEquivalences(request.ctx, {
      q,
      page: Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1),
    });
    return reply.page('training/views/equivalences.njk', {
      page,
      q,
      showing: showing(page),
      pagination: pagination(BASE, { q }, page),
      done: query.done,
    });
  });

  app.get(`${BASE}/:id`, { config: trainer }, async (request, reply) =>
    decisionPage(request, reply, idParam(request)),
  );

  app.post(`${BASE}/:id/approve`, { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    try {
      await decideEquivalence(request.ctx, id, { approve: true });
      return reply.redirect(`${BASE}?done=approved`, 303);
    } catch (e) {
      if (!(e instanceof FormProblem)) throw e;
      reply.status(409);
      return decisionPage(request, reply, id, { ...e.form });
    }
  });

  app.post(`${BASE}/:id/decline`, { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    const form = validateForm(declineSchema, request.body);
    if (!form.ok) {
      reply.status(400);
      return decisionPage(request, reply, id, { ...form, values: request.body });
    }
    try {
      await decideEquivalence(request.ctx, id, { approve: false, reason: form.data.reason });
      return reply.redirect(`${BASE}?done=declined`, 303);
    } catch (e) {
      if (!(e instanceof FormProblem)) throw e;
      reply.status(409);
      return decisionPage(request, reply, id, { ...e.form, values: request.body });
    }
  });
}
