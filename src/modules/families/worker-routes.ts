import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { doneOf, familyPath, paramsOf, signedIn, view } from './paths.js';
import { allocationSchema } from './schemas.js';
import * as workers from './workers.js';

// Who is working with the family: allocating a practitioner or a team, and ending an allocation.

const workersPath = (familyId: string) => `${familyPath(familyId)}/workers`;

async function page(request: FastifyRequest, reply: FastifyReply, locals: object = {}) {
  const record = await workers.viewWorkers(request.ctx, paramsOf(request).familyId);
  return reply.page(view('workers'), { ...record, values: {}, done: doneOf(request), ...locals });
}

export async function workerRoutes(app: FastifyInstance) {
  app.get('/families/:id/workers', { config: signedIn }, async (request, reply) =>
    page(request, reply),
  );

  app.post('/families/:id/workers', { config: signedIn }, async (request, reply) => {
    const { familyId } = paramsOf(request);
    const values = request.body;
    const checked = validateForm(allocationSchema, request.body);
    if (!checked.ok) return page(request, reply.status(400), { values, ...checked });
    const saved = await workers.allocate(request.ctx, familyId, checked.data);
    if (!saved.ok) return page(request, reply.status(400), { values, ...errorsFor(saved.errors) });
    return reply.redirect(`${workersPath(familyId)}?done=allocated`, 303);
  });

  app.get('/families/:id/workers/:itemId/end', { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    const record = await workers.viewAllocation(request.ctx, familyId, itemId);
    return reply.page(view('worker-end'), record);
  });

  app.post('/families/:id/workers/:itemId/end', { config: signedIn }, async (request, reply) => {
    const { familyId, itemId } = paramsOf(request);
    const saved = await workers.endAllocation(request.ctx, familyId, itemId);
    if (!saved.ok) {
      const record = await workers.viewAllocation(request.ctx, familyId, itemId);
      return reply.status(400).page(view('worker-end'), { ...record, ...errorsFor(saved.errors) });
    }
    // Ending their own allocation can take the family off the person's caseload.
    if ('stillVisible' in saved && saved.stillVisible === false)
      return reply.redirect('/families?done=left', 303);
    return reply.redirect(`${workersPath(familyId)}?done=ended`, 303);
  });
}
