import type { FastifyInstance } from 'fastify';
import { hasRole } from '../../platform/access/actor.js';
import { validateForm } from '../../platform/http/forms.js';
import { applyTemplate } from './apply-template.js';
import { itemRoutes } from './item-routes.js';
import { manageRows } from './manage-rows.js';
import { applyTemplateSchema, frameworkDetailsSchema, templateChoiceSchema } from './schemas.js';
import { readFramework, updateDetails } from './service.js';
import { templateByKey, templates } from './templates/index.js';

const admin = { policy: 'partnershipAdmin' as const };

/** The practice framework's pages: everyone reads it; partnership admins shape it. */
export async function frameworkRoutes(app: FastifyInstance) {
  app.get('/framework', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const framework = await readFramework(request.ctx);
    return reply.page('frameworks/views/framework.njk', {
      framework,
      isAdmin: hasRole(request.actor, 'admin'),
    });
  });

  app.get('/framework/manage', { config: admin }, async (request, reply) => {
    const framework = await readFramework(request.ctx, { includeRetired: true });
    return reply.page('frameworks/views/manage.njk', {
      framework,
      sections: manageRows(framework),
    });
  });

  const templatesPage = async (isEmpty: boolean, locals: Record<string, unknown> = {}) => {
    const chosen = (locals.values as { template?: string } | undefined)?.template;
    return {
      items: templates.map((t) => ({
        value: t.key,
        text: t.title,
        hint: { text: `${t.summary} ${t.credit}` },
        checked: t.key === chosen,
      })),
      isEmpty,
      values: {},
      ...locals,
    };
  };

  app.get('/framework/templates', { config: admin }, async (request, reply) => {
    const { isEmpty } = await readFramework(request.ctx, { includeRetired: true });
    return reply.page('frameworks/views/templates.njk', await templatesPage(isEmpty));
  });

  // Choosing a template applies it at once to an empty framework; otherwise it asks first.
  app.post('/framework/templates', { config: admin }, async (request, reply) => {
    const { isEmpty } = await readFramework(request.ctx, { includeRetired: true });
    const form = validateForm(templateChoiceSchema, request.body);
    if (!form.ok)
      return reply
        .status(400)
        .page(
          'frameworks/views/templates.njk',
          await templatesPage(isEmpty, { ...form, values: request.body ?? {} }),
        );
    if (isEmpty) {
      await applyTemplate(request.ctx, form.data.template, 'add');
      return reply.redirect('/framework/manage', 303);
    }
    return reply.page('frameworks/views/template-confirm.njk', {
      template: templateByKey(form.data.template),
      values: {},
    });
  });

  app.post('/framework/templates/apply', { config: admin }, async (request, reply) => {
    const form = validateForm(applyTemplateSchema, request.body);
    if (!form.ok) {
      const key = (request.body as { template?: string } | undefined)?.template;
      const template = templates.find((t) => t.key === key);
      if (!template)
        return reply
          .status(400)
          .page('frameworks/views/templates.njk', await templatesPage(false, { ...form }));
      return reply.status(400).page('frameworks/views/template-confirm.njk', {
        template,
        ...form,
        values: request.body ?? {},
      });
    }
    await applyTemplate(request.ctx, form.data.template, form.data.mode);
    return reply.redirect('/framework/manage', 303);
  });

  app.get('/framework/details', { config: admin }, async (request, reply) => {
    const framework = await readFramework(request.ctx);
    return reply.page('frameworks/views/details.njk', {
      values: { name: framework.name, credit: framework.credit },
    });
  });

  app.post('/framework/details', { config: admin }, async (request, reply) => {
    const form = validateForm(frameworkDetailsSchema, request.body);
    if (!form.ok)
      return reply
        .status(400)
        .page('frameworks/views/details.njk', { ...form, values: request.body ?? {} });
    await updateDetails(request.ctx, form.data);
    return reply.redirect('/framework/manage', 303);
  });

  await app.register(itemRoutes);
}
