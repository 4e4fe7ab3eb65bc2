import type { FastifyInstance } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import {
  actionPlanFor,
  actionPlanSchema,
  answerFollowUp,
  howItWentSchema,
  writeActionPlan,
} from './action-plans.js';
import { idParam } from './labels.js';

const signedIn = { policy: 'signedIn' as const };

export async function actionPlanRoutes(app: FastifyInstance) {
  app.get('/training/action-plans/:id', { config: signedIn }, async (request, reply) => {
    const booking = await actionPlanFor(request.ctx, idParam(request));
    return reply.page('training/views/action-plan.njk', { booking, values: booking.plan ?? {} });
  });

  app.post('/training/action-plans/:id', { config: signedIn }, async (request, reply) => {
    const id = idParam(request);
    const booking = await actionPlanFor(request.ctx, id);
    const form = validateForm(actionPlanSchema, request.body);
    if (!form.ok) {
      reply.status(400);
      return reply.page('training/views/action-plan.njk', {
        booking,
        ...form,
        values: request.body,
      });
    }
    await writeActionPlan(request.ctx, id, form.data);
    return reply.redirect('/training/mine', 303);
  });

  app.post(
    '/training/action-plans/:id/how-it-went',
    { config: signedIn },
    async (request, reply) => {
      const id = idParam(request);
      const booking = await actionPlanFor(request.ctx, id);
      const form = validateForm(howItWentSchema, request.body);
      if (!form.ok) {
        reply.status(400);
        return reply.page('training/views/action-plan.njk', {
          booking,
          ...form,
          values: { ...booking.plan, ...(request.body as object) },
        });
      }
      await answerFollowUp(request.ctx, id, form.data.howItWent);
      return reply.redirect(`/training/action-plans/${id}`, 303);
    },
  );
}
