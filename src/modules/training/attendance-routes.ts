import type { FastifyInstance } from 'fastify';
import {
  attendanceNames,
  fieldOf,
  openRegister,
  RegisterProblem,
  saveRegister,
} from './attendance.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { ukDateTime } from '../../platform/views/env.js';
import { idParam, ukClockTime } from './labels.js';
import { registerFormMarks } from './schemas.js';

const trainer = { policy: 'trainer' as const };

type Register = Awaited<ReturnType<typeof openRegister>>;

/** Each delegate's radios, with what was chosen (or typed, on a refused save). */
function rowsOf(register: Register, values?: Record<string, unknown>) {
  return register.delegates.map((d) => {
    const field = fieldOf(d.bookingId);
    const chosen = values ? values[field] : d.attendance;
    return {
      ...d,
      field,
      items: Object.entries(attendanceNames).map(([value, text]) => ({
        value,
        text,
        checked: chosen === value,
      })),
    };
  });
}

export async function attendanceRoutes(app: FastifyInstance) {
  app.get('/training/sessions/:id/register', { config: trainer }, async (request, reply) => {
    const register = await openRegister(request.ctx, idParam(request));
    const { saved } = request.query as { saved?: string };
    // When the register can be taken: the time on the session's own day, else the date too.
    const { startsAt } = register.session;
    const onItsDay = ukToday(startsAt) === ukToday(request.ctx.now);
    return reply.page('training/views/register.njk', {
      ...register,
      opensAt: onItsDay ? `at ${ukClockTime(startsAt)}` : `on ${ukDateTime(startsAt)}`,
      rows: rowsOf(register),
      saved: saved === '1',
      isAdmin: request.actor.roles.includes('admin'),
    });
  });

  app.post('/training/sessions/:id/register', { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    try {
      await saveRegister(request.ctx, id, registerFormMarks(request.body));
      return reply.redirect(`/training/sessions/${id}/register?saved=1`, 303);
    } catch (e) {
      if (!(e instanceof RegisterProblem)) throw e;
      const register = await openRegister(request.ctx, id);
      reply.status(400);
      return reply.page('training/views/register.njk', {
        ...register,
        ...e.form,
        rows: rowsOf(register, request.body as Record<string, unknown>),
      });
    }
  });

  app.get('/training/sessions/:id/sign-in-sheet', { config: trainer }, async (request, reply) => {
    const register = await openRegister(request.ctx, idParam(request), 'printed');
    return reply.page('training/views/sign-in-sheet.njk', register);
  });
}
