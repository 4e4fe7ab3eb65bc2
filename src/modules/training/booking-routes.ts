import type { FastifyInstance, FastifyReply } from 'fastify';
import { acceptOffer, bookSession, cancelBooking } from './bookings.js';
import { idParam } from './labels.js';
import { myTraining } from './mine.js';
import { BookingRefused } from './problems.js';
import { getSession } from './sessions.js';

const signedIn = { policy: 'signedIn' as const };

/** A refusal is shown as a page that says why and what to do first. */
function refused(reply: FastifyReply, sessionId: string, e: BookingRefused) {
  reply.status(409);
  return reply.page('training/views/booking-refused.njk', {
    reason: e.reason,
    missing: e.missing,
    sessionId,
  });
}

export async function bookingRoutes(app: FastifyInstance) {
  app.post('/training/sessions/:id/book', { config: signedIn }, async (request, reply) => {
    const id = idParam(request);
    try {
      const outcome = await bookSession(request.ctx, id);
      return reply.redirect(`/training/sessions/${id}?done=${outcome}`, 303);
    } catch (e) {
      if (e instanceof BookingRefused) return refused(reply, id, e);
      throw e;
    }
  });

  app.post('/training/sessions/:id/accept', { config: signedIn }, async (request, reply) => {
    const id = idParam(request);
    try {
      await acceptOffer(request.ctx, id);
      return reply.redirect(`/training/sessions/${id}?done=booked`, 303);
    } catch (e) {
      if (e instanceof BookingRefused) return refused(reply, id, e);
      throw e;
    }
  });

  app.get('/training/sessions/:id/cancel-booking', { config: signedIn }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    if (!session.booking) return reply.redirect(`/training/sessions/${session.id}`, 303);
    return reply.page('training/views/booking-cancel.njk', { session });
  });

  app.post(
    '/training/sessions/:id/cancel-booking',
    { config: signedIn },
    async (request, reply) => {
      const id = idParam(request);
      await cancelBooking(request.ctx, id);
      return reply.redirect(`/training/sessions/${id}?done=cancelled`, 303);
    },
  );

  app.get('/training/mine', { config: signedIn }, async (request, reply) =>
    reply.page('training/views/mine.njk', {
      ...(await myTraining(request.ctx)),
      notice: (request.query as { done?: string }).done,
    }),
  );
}
