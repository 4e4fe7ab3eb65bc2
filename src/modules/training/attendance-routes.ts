import type { FastifyInstance } from 'fastify';
import {
  attendanceNames,
  fieldOf,
  openRegister,
  RegisterProblem,
  saveRegister,
} from './attendance.js';
import { idParam } from './labels.js';
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
    return reply.page('training/views/register.njk', {
      ...register,
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
