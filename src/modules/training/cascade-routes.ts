import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../platform/access/actor.js';
import { checkDateInput, dateInputFields, typedDay } from '../../platform/dates/date-input.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { forbidden } from '../../platform/http/errors.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { cadre, lineageRules, recordLineage } from './cascade.js';
import { FormProblem } from './problems.js';
import { ALWAYS } from './schemas.js';

// The cascade page: leaders and trainers see it; admins record who trained a trainer.

/** The form to record who trained a trainer; `today` is the UK date, for "not in the future". */
const lineageForm = (today: string) =>
  z
    .object({
      trainerId: z.uuid({ error: 'Choose the trainer' }),
      trainedById: z.union([z.literal(''), z.uuid()]).optional(),
      provider: z
        .string()
        .trim()
        .max(200, 'The provider’s name must be 200 characters or fewer')
        .optional(),
      ...dateInputFields('since'),
    })
    // Every rule runs even when a field has failed, so all the mistakes are shown at once.
    .superRefine((f, ctx) => {
      const problem = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [path], message });
      if (Boolean(f.trainedById) === Boolean(f.provider)) {
        problem(
          'trainedById',
          'Choose the person who trained them, or enter an external provider, but not both',
        );
      }
      const since = typedDay(f, 'since');
      checkDateInput(ctx, f, 'since', 'the date they became a trainer');
      const broken = lineageRules({ ...f, since }, today);
      for (const [path, message] of Object.entries(broken)) problem(path, message);
    }, ALWAYS)
    .transform((f) => ({
      trainerId: f.trainerId,
      trainedById: f.trainedById || undefined,
      provider: f.provider || undefined,
      since: typedDay(f, 'since')!,
    }));

const allowed = (request: FastifyRequest) => {
  if (!hasRole(request.ctx.actor, 'admin', 'leader', 'trainer')) throw forbidden();
};

const DONE = ['saved'] as const;

export async function cascadeRoutes(app: FastifyInstance) {
  const show = async (request: FastifyRequest, locals: Record<string, unknown> = {}) => {
    const data = await cadre(request.ctx);
    return {
      ...data,
      isAdmin: hasRole(request.ctx.actor, 'admin'),
      trainerItems: [
        { value: '', text: 'Choose a trainer' },
        ...data.trainers.map((t) => ({ value: t.id, text: t.name })),
      ],
      values: {},
      ...locals,
    };
  };

  app.get('/training/cascade', { config: { policy: 'member' } }, async (request, reply) => {
    allowed(request);
    const { done } = request.query as { done?: string };
    return reply.page(
      'training/views/cascade.njk',
      await show(request, { done: DONE.find((d) => d === done) }),
    );
  });

  app.post(
    '/training/cascade',
    { config: { policy: 'partnershipAdmin' } },
    async (request, reply) => {
      const refused = async (form: FormErrors) =>
        reply
          .status(400)
          .page(
            'training/views/cascade.njk',
            await show(request, { ...form, values: request.body }),
          );
      const form = validateForm(lineageForm(ukToday(request.ctx.now)), request.body);
      if (!form.ok) return refused(form);
      try {
        await recordLineage(request.ctx, form.data);
      } catch (e) {
        if (e instanceof FormProblem) return refused(e.form);
        throw e;
      }
      return reply.redirect('/training/cascade?done=saved', 303);
    },
  );
}
