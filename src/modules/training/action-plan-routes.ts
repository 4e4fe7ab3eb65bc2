import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance } from 'fastify';
import { errorsOf, validateForm } from '../../platform/http/forms.js';
import {
  actionPlanFor,
  actionPlanSchema,
  answerFollowUp,
  howItWentSchema,
  writeActionPlan,
} from './action-plans.js';
import { idParam, typedUkDate } from './labels.js';

const signedIn = { policy: 'signedIn' as const };
const view = 'training/views/action-plan.njk';

type Plan = Awaited<ReturnType<typeof actionPlanFor>>['plan'];

/** The plan in the form, its date as it is typed; what was sent, if anything, is kept instead. */
const planValues = (plan: Plan, sent?: unknown) => ({
  ...plan,
  ...(plan && { byWhen: typedUkDate(plan.byWhen) }),
  ...(sent as object | undefined),
});

export async function actionPlanRoutes(app: FastifyInstance) {
  app.get('/training/action-plans/:id', { config: signedIn }, async (request, reply) => {
    const booking = await actionPlanFor(request.ctx, idParam(request));
    return reply.page(view, { booking, values: planValues(booking.plan) });
  });

  app.post('/training/action-plans/:id', { config: signedIn }, async (request, reply) => {
    const id = idParam(request);
    const booking = await actionPlanFor(request.ctx, id);
    const form = validateForm(actionPlanSchema(ukToday(request.ctx.now)), request.body);
    const saved = form.ok ? await writeActionPlan(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect('/training/mine?done=plan', 303);
    // What was typed in either form comes back: the other form's words are on record.
    return reply.status(saved ? 409 : 400).page(view, {
      booking,
      ...errorsOf(form, saved),
      values: planValues(booking.plan, request.body),
    });
  });

  app.post(
    '/training/action-plans/:id/how-it-went',
    { config: signedIn },
    async (request, reply) => {
      const id = idParam(request);
      const booking = await actionPlanFor(request.ctx, id);
      const form = validateForm(howItWentSchema, request.body);
      const saved = form.ok ? await answerFollowUp(request.ctx, id, form.data.howItWent) : null;
      if (saved?.ok) return reply.redirect(`/training/action-plans/${id}`, 303);
      return reply.status(saved ? 409 : 400).page(view, {
        booking,
        ...errorsOf(form, saved),
        values: planValues(booking.plan, request.body),
      });
    },
  );
}
