import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { sectionTitleSchema } from './schemas.js';
import * as sections from './sections.js';

// The partnership's plan sections: rename, add, reorder, retire (admins only).

const admin = { policy: 'partnershipAdmin' as const };
const view = (name: string) => `plans/views/${name}.njk`;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const list = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
  sections: await sections.currentSections(request.ctx.db, request.ctx.actor.partnershipId!),
  values: {},
  done: (request.query as { done?: string } | undefined)?.done,
  ...extra,
});

export async function planSectionRoutes(app: FastifyInstance) {
  app.get('/admin/plan-sections', { config: admin }, async (request, reply) =>
    reply.page(view('sections'), await list(request)),
  );

  app.post('/admin/plan-sections', { config: admin }, async (request, reply) => {
    const form = validateForm(sectionTitleSchema, request.body);
    const saved = form.ok ? await sections.addSection(request.ctx, form.data.title) : form;
    if (!saved.ok)
      return reply
        .status(400)
        .page(
          view('sections'),
          await list(request, { values: request.body, ...errorsFor(saved.errors) }),
        );
    return reply.redirect('/admin/plan-sections?done=added', 303);
  });

  app.post('/admin/plan-sections/:id', { config: admin }, async (request, reply) => {
    const id = idOf(request);
    const form = validateForm(sectionTitleSchema, request.body);
    const saved = form.ok
      ? await sections.renameSection(request.ctx, id, form.data.title)
      : {
          ok: false as const,
          errors: { [`title-${id}`]: form.errors.title ?? 'Enter the section’s name' },
        };
    if (!saved.ok)
      return reply.status(400).page(
        view('sections'),
        await list(request, {
          renameValues: { [id]: (request.body as { title?: string }).title },
          ...errorsFor(saved.errors),
        }),
      );
    return reply.redirect('/admin/plan-sections?done=renamed', 303);
  });

  app.post('/admin/plan-sections/:id/move', { config: admin }, async (request, reply) => {
    const direction = (request.body as { direction?: string }).direction === 'up' ? 'up' : 'down';
    await sections.moveSection(request.ctx, idOf(request), direction);
    return reply.redirect('/admin/plan-sections?done=moved', 303);
  });

  app.get('/admin/plan-sections/:id/retire', { config: admin }, async (request, reply) =>
    reply.page(view('section-retire'), {
      section: await sections.viewSection(request.ctx, idOf(request)),
    }),
  );
  app.post('/admin/plan-sections/:id/retire', { config: admin }, async (request, reply) => {
    await sections.retireSection(request.ctx, idOf(request));
    return reply.redirect('/admin/plan-sections?done=retired', 303);
  });
}
