import type { FastifyInstance } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import { checkSchema, kindLabels, termSchema } from './schemas.js';
import * as service from './service.js';

// The partnership's plain-language word list (admins), and the check itself as JSON for pages
// that want to give advice as people type. Without JavaScript, advice comes after saving.

const admin = { policy: 'partnershipAdmin' as const };
const view = 'plain-language/views/terms.njk';

export async function plainLanguageRoutes(app: FastifyInstance) {
  app.get('/admin/plain-language', { config: admin }, async (request, reply) => {
    const ctx = request.ctx;
    return reply.page(view, {
      terms: await service.listTerms(ctx.db, ctx.actor.partnershipId!),
      kindLabels,
      values: {},
      done: (request.query as { done?: string }).done,
    });
  });

  app.post('/admin/plain-language', { config: admin }, async (request, reply) => {
    const ctx = request.ctx;
    const form = validateForm(termSchema, request.body);
    if (!form.ok)
      return reply.status(400).page(view, {
        terms: await service.listTerms(ctx.db, ctx.actor.partnershipId!),
        kindLabels,
        values: request.body,
        ...form,
      });
    await service.saveTerm(ctx, form.data);
    return reply.redirect('/admin/plain-language?done=saved', 303);
  });

  for (const [path, removed] of [
    ['remove', true],
    ['restore', false],
  ] as const)
    app.post(`/admin/plain-language/${path}`, { config: admin }, async (request, reply) => {
      const raw = (request.body as { term?: unknown }).term;
      const term = typeof raw === 'string' ? raw : '';
      await service.setTermRemoved(request.ctx, term, removed);
      return reply.redirect(`/admin/plain-language?done=${path}d`, 303);
    });

  // JSON for a small script on a form: the same advice the page shows after saving.
  app.post('/plain-language/check', { config: { policy: 'member' } }, async (request, reply) => {
    const parsed = checkSchema.safeParse(request.body);
    if (!parsed.success) return reply.status(400).send({ flags: [], readability: null });
    return service.checkPlainLanguage(
      request.ctx.db,
      request.ctx.actor.partnershipId!,
      parsed.data.text,
    );
  });
}
