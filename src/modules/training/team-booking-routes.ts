import type { FastifyInstance } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import { idParam } from './labels.js';
import { teamBookingSchema } from './schemas.js';
import { getSession } from './sessions.js';
import { bookTeam, myTeam } from './team-booking.js';

const manager = { policy: 'manager' as const };

/** A manager books several people in their team on one session. */
export async function teamBookingRoutes(app: FastifyInstance) {
  const view = 'training/views/team-booking.njk';

  app.get('/training/sessions/:id/book-team', { config: manager }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    return reply.page(view, { session, team: await myTeam(request.ctx), values: {} });
  });

  app.post('/training/sessions/:id/book-team', { config: manager }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    const form = validateForm(teamBookingSchema, request.body);
    if (!form.ok) {
      return reply.status(400).page(view, {
        session,
        team: await myTeam(request.ctx),
        ...form,
        values: request.body,
      });
    }
    const results = await bookTeam(request.ctx, session.id, form.data.personIds);
    return reply.page(view, { session, team: await myTeam(request.ctx), results, values: {} });
  });
}
