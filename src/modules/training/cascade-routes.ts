import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../platform/access/actor.js';
import { forbidden } from '../../platform/http/errors.js';
import { validateForm } from '../../platform/http/forms.js';
import { cadre, recordLineage } from './cascade.js';

// The cascade page: leaders and trainers see it; admins record who trained a trainer.

const lineageForm = z
  .object({
    trainerId: z.uuid({ error: 'Choose the trainer' }),
    trainedById: z.union([z.literal(''), z.uuid()]).optional(),
    provider: z.string().trim().max(200).optional(),
    since: z.iso.date({ error: 'Enter the date as YYYY-MM-DD' }),
  })
  .refine((f) => Boolean(f.trainedById) !== Boolean(f.provider), {
    path: ['trainedById'],
    error: 'Choose the person who trained them, or enter an external provider, but not both',
  });

const allowed = (request: FastifyRequest) => {
  if (!hasRole(request.ctx.actor, 'admin', 'leader', 'trainer')) throw forbidden();
};

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
      ...locals,
    };
  };

  app.get('/training/cascade', { config: { policy: 'member' } }, async (request, reply) => {
    allowed(request);
    return reply.page('training/views/cascade.njk', await show(request));
  });

  app.post(
    '/training/cascade',
    { config: { policy: 'partnershipAdmin' } },
    async (request, reply) => {
      const form = validateForm(lineageForm, request.body);
      if (!form.ok)
        return reply
          .status(400)
          .page(
            'training/views/cascade.njk',
            await show(request, { ...form, values: request.body }),
          );
      await recordLineage(request.ctx, {
        trainerId: form.data.trainerId,
        trainedById: form.data.trainedById || undefined,
        provider: form.data.provider || undefined,
        since: form.data.since,
      });
      return reply.redirect('/training/cascade', 303);
    },
  );
}
