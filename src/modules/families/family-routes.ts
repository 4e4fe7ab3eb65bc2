import type { FastifyInstance } from 'fastify';
import { forbidden } from '../../platform/http/errors.js';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { forgiving, pagination, showing } from '../../platform/http/paging.js';
import { doneOf, familyPath, paramsOf, signedIn, view } from './paths.js';
import { familyQuerySchema, familySchema } from './schemas.js';
import { closeFamily, reopenFamily } from './closing.js';
import * as service from './service.js';

/** The list's filters, forgiving on a page (see forgiving). */
const pageQuery = forgiving(familyQuerySchema);

// The caseload, adding a family, a family's page, and closing (or reopening) its record.
export async function familyPageRoutes(app: FastifyInstance) {
  app.get('/families', { config: signedIn }, async (request, reply) => {
    const query = pageQuery.parse(request.query ?? {});
    const page = await service.listCaseload(request.ctx, query);
    return reply.page(view('caseload'), {
      query,
      page,
      showing: showing(page),
      pagination: pagination('/families', query, page),
      canAdd: service.canAddFamilies(request.ctx),
      done: doneOf(request),
    });
  });

  app.get('/families/new', { config: signedIn }, async (request, reply) => {
    if (!service.canAddFamilies(request.ctx)) throw forbidden(service.ADD_REFUSED);
    return reply.page(view('family-new'), { values: {} });
  });

  app.post('/families/new', { config: signedIn }, async (request, reply) => {
    if (!service.canAddFamilies(request.ctx)) throw forbidden(service.ADD_REFUSED);
    const form = validateForm(familySchema, request.body);
    if (!form.ok)
      return reply.status(400).page(view('family-new'), { values: request.body, ...form });
    const saved = await service.createFamily(request.ctx, form.data);
    if (!saved.ok)
      return reply
        .status(400)
        .page(view('family-new'), { values: request.body, ...errorsFor(saved.errors) });
    return reply.redirect(`${familyPath(saved.id)}?done=created`, 303);
  });

  app.get('/families/:id', { config: signedIn }, async (request, reply) => {
    const record = await service.viewFamily(request.ctx, paramsOf(request).familyId);
    return reply.page(view('family'), {
      ...record,
      canClose: service.canAddFamilies(request.ctx),
      done: doneOf(request),
      section: 'overview',
    });
  });

  app.get('/families/:id/close', { config: signedIn }, async (request, reply) => {
    const family = await service.familyForForm(request.ctx, paramsOf(request).familyId);
    return reply.page(view('family-close'), { family });
  });

  app.post('/families/:id/close', { config: signedIn }, async (request, reply) => {
    const id = await closeFamily(request.ctx, paramsOf(request).familyId);
    return reply.redirect(`${familyPath(id)}?done=closed`, 303);
  });

  app.post('/families/:id/reopen', { config: signedIn }, async (request, reply) => {
    const id = await reopenFamily(request.ctx, paramsOf(request).familyId);
    return reply.redirect(`${familyPath(id)}?done=reopened`, 303);
  });
}
