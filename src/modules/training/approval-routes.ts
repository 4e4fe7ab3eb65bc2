import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { pagination, showing } from '../../platform/http/paging.js';
import { approveBooking, declineBooking } from './approval.js';
import { approvalQueue, approvalRequest } from './approval-queue.js';
import { idParam } from './labels.js';
import { BookingRefused } from './problems.js';

// A manager's queue of bookings waiting for their approval, and the decision on each.

const manager = { policy: 'manager' as const };
const BASE = '/training/approvals';

const declineSchema = z.object({
  reason: z
    .string('Enter why you are not approving it, so they know what to do next')
    .trim()
    .min(1, 'Enter why you are not approving it, so they know what to do next')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
});

async function decisionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  locals: Record<string, unknown> = {},
) {
  const booking = await approvalRequest(request.ctx, id);
  return reply.page('training/views/approval.njk', { booking, values: {}, ...locals });
}

/** A decision that came too late (already decided, or the session started) is shown, not lost. */
async function refused(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  e: BookingRefused,
) {
  reply.status(409);
  return decisionPage(request, reply, id, {
    ...errorsFor({ decision: e.reason }),
    values: request.body,
  });
}

export async function approvalRoutes(app: FastifyInstance) {
  app.get(BASE, { config: manager }, async (request, reply) => {
    const query = request.query as { page?: string; done?: string };
    const page = await approvalQueue(
      request.ctx,
      Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1),
    );
    return reply.page('training/views/approvals.njk', {
      page,
      showing: showing(page),
      pagination: pagination(BASE, {}, page),
      done: query.done,
    });
  });

  app.get(`${BASE}/:id`, { config: manager }, async (request, reply) =>
    decisionPage(request, reply, idParam(request)),
  );

  app.post(`${BASE}/:id/approve`, { config: manager }, async (request, reply) => {
    const id = idParam(request);
    try {
      const outcome = await approveBooking(request.ctx, id);
      return reply.redirect(`${BASE}?done=${outcome}`, 303);
    } catch (e) {
      if (e instanceof BookingRefused) return refused(request, reply, id, e);
      throw e;
    }
  });

  app.post(`${BASE}/:id/decline`, { config: manager }, async (request, reply) => {
    const id = idParam(request);
    const form = validateForm(declineSchema, request.body);
    if (!form.ok) {
      reply.status(400);
      return decisionPage(request, reply, id, { ...form, values: request.body });
    }
    try {
      await declineBooking(request.ctx, id, form.data.reason);
      return reply.redirect(`${BASE}?done=declined`, 303);
    } catch (e) {
      if (e instanceof BookingRefused) return refused(request, reply, id, e);
      throw e;
    }
  });
}
