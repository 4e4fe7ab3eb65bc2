import type { FastifyInstance } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import {
  feedbackComments,
  feedbackFor,
  feedbackResults,
  feedbackSchema,
  giveFeedback,
} from './feedback.js';
import { pageNumber, pagination, showing } from '../../platform/http/paging.js';
import { idParam } from './labels.js';

export async function feedbackRoutes(app: FastifyInstance) {
  app.get(
    '/training/sessions/:id/feedback',
    { config: { policy: 'signedIn' } },
    async (request, reply) => {
      const session = await feedbackFor(request.ctx, idParam(request));
      return reply.page('training/views/feedback.njk', { session, values: {} });
    },
  );

  app.post(
    '/training/sessions/:id/feedback',
    { config: { policy: 'signedIn' } },
    async (request, reply) => {
      const id = idParam(request);
      const session = await feedbackFor(request.ctx, id);
      const form = validateForm(feedbackSchema, request.body);
      if (!form.ok) {
        reply.status(400);
        return reply.page('training/views/feedback.njk', {
          session,
          ...form,
          values: request.body,
        });
      }
      await giveFeedback(request.ctx, id, form.data);
      return reply.redirect(`/training/sessions/${id}/feedback`, 303);
    },
  );

  app.get('/training/feedback', { config: { policy: 'trainer' } }, async (request, reply) =>
    reply.page('training/views/feedback-results.njk', await feedbackResults(request.ctx)),
  );

  app.get(
    '/training/feedback/courses/:id',
    { config: { policy: 'trainer' } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const said = await feedbackComments(request.ctx, id, pageNumber(request));
      return reply.page('training/views/feedback-comments.njk', {
        ...said,
        showing: showing(said.comments),
        pagination: pagination(`/training/feedback/courses/${said.course.id}`, {}, said.comments),
      });
    },
  );
}
