import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { sessionDateSchema } from './als-schemas.js';
import {
  changeSessionDate,
  getAlsSession,
  type DateChange,
  markField,
  openAlsRegister,
  saveAlsRegister,
} from './als-sessions.js';
import { attendanceNames, RegisterProblem } from './attendance.js';
import { idParam } from './labels.js';
import { FormProblem } from './problems.js';
import { formatTime, toLondon } from '../../platform/dates/uk-time.js';

// One session of an action learning set: changing its date, and taking its register.

const trainer = { policy: 'trainer' as const };
const facilitator = { policy: 'facilitator' as const };
const PATH = '/training/action-learning';

async function renderDateForm(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  values?: unknown,
  form?: FormErrors,
) {
  const found = await getAlsSession(request.ctx, sessionId);
  const start = toLondon(found.session.startsAt);
  if (form) reply.status(400);
  return reply.page('training/views/als-session-form.njk', {
    ...found,
    values: values ?? {
      'start-day': String(start.day),
      'start-month': String(start.month),
      'start-year': String(start.year),
      startTime: formatTime(start),
    },
    ...form,
  });
}

type Register = Awaited<ReturnType<typeof openAlsRegister>>;

/** Each row's radios, with what was chosen (or sent, on a refused save). */
const rowsOf = (register: Register, values?: Record<string, unknown>) =>
  register.rows.map((r) => {
    const field = markField(r.id);
    const chosen = values ? values[field] : r.attendance;
    return {
      ...r,
      field,
      items: Object.entries(attendanceNames).map(([value, text]) => ({
        value,
        text,
        checked: chosen === value,
      })),
    };
  });

export async function alsSessionRoutes(app: FastifyInstance) {
  app.get(`${PATH}/sessions/:id/edit`, { config: trainer }, async (request, reply) =>
    renderDateForm(request, reply, idParam(request)),
  );

  app.post(`${PATH}/sessions/:id`, { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    const form = validateForm(sessionDateSchema, request.body);
    if (!form.ok) return renderDateForm(request, reply, id, request.body, form);
    let change: DateChange;
    try {
      change = await changeSessionDate(request.ctx, id, form.data);
    } catch (e) {
      if (e instanceof FormProblem) return renderDateForm(request, reply, id, request.body, e.form);
      throw e;
    }
    // The set's page says whether the members were emailed (als-cohort.njk's banners).
    const { cohort } = await getAlsSession(request.ctx, id);
    return reply.redirect(`${PATH}/${cohort.id}?done=${change}`, 303);
  });

  app.get(`${PATH}/sessions/:id/register`, { config: facilitator }, async (request, reply) => {
    const register = await openAlsRegister(request.ctx, idParam(request));
    const { saved } = request.query as { saved?: string };
    return reply.page('training/views/als-register.njk', {
      ...register,
      rows: rowsOf(register),
      saved: saved === '1',
    });
  });

  app.post(`${PATH}/sessions/:id/register`, { config: facilitator }, async (request, reply) => {
    const id = idParam(request);
    try {
      await saveAlsRegister(request.ctx, id, request.body);
      return reply.redirect(`${PATH}/sessions/${id}/register?saved=1`, 303);
    } catch (e) {
      if (!(e instanceof RegisterProblem)) throw e;
      const register = await openAlsRegister(request.ctx, id);
      reply.status(400);
      return reply.page('training/views/als-register.njk', {
        ...register,
        ...e.form,
        rows: rowsOf(register, request.body as Record<string, unknown>),
      });
    }
  });
}
