import { boxesFor } from '../../platform/dates/date-input.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, errorsOf, validateForm, type FormErrors } from '../../platform/http/forms.js';
import * as fgc from './fgc.js';
import { fgcPath, type Body } from './fgc-paths.js';
import * as reviews from './fgc-reviews.js';
import { reviewHeldSchema, reviewSchema } from './fgc-schemas.js';
import { doneOf, paramsOf, signedIn, toldOf, toldQuery, view } from './paths.js';

// Reviews of the family's plan: booking one, recording that it happened, and cancelling one
// that will not happen (after a confirmation page; it is retired, not deleted).

const reviewIdOf = (request: FastifyRequest) =>
  (request.params as { reviewId?: string }).reviewId ?? '';

export async function fgcReviewRoutes(app: FastifyInstance) {
  const reviewsPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => ({
    ...(await fgc.viewFgc(request.ctx, paramsOf(request).id)),
    values: values ?? { kind: 'meeting' },
    ...errors,
  });

  app.get('/meetings/:id/fgc/reviews', { config: signedIn }, async (request, reply) =>
    reply.page(view('fgc-reviews'), {
      ...(await reviewsPage(request)),
      done: doneOf(request),
      told: toldOf(request),
    }),
  );

  app.post('/meetings/:id/fgc/reviews', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const body = request.body as Body;
    const form = validateForm(reviewSchema(ukToday(request.ctx.now)), body);
    const saved = form.ok ? await reviews.scheduleReview(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${fgcPath(id, 'reviews')}?done=booked`, 303);
    return reply
      .status(400)
      .page(view('fgc-reviews'), await reviewsPage(request, body, errorsOf(form, saved)));
  });

  const heldPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => {
    const record = await reviews.viewReview(request.ctx, paramsOf(request).id, reviewIdOf(request));
    return {
      ...record,
      values: values ?? {
        ...boxesFor('held', record.review.heldOn ?? ukToday(request.ctx.now)),
        notes: record.review.notes ?? '',
      },
      ...errors,
    };
  };

  app.get(
    '/meetings/:id/fgc/reviews/:reviewId/held',
    { config: signedIn },
    async (request, reply) => reply.page(view('fgc-review-held'), await heldPage(request)),
  );

  app.post(
    '/meetings/:id/fgc/reviews/:reviewId/held',
    { config: signedIn },
    async (request, reply) => {
      const id = paramsOf(request).id;
      const body = request.body as Body;
      const form = validateForm(reviewHeldSchema(ukToday(request.ctx.now)), body);
      const saved = form.ok
        ? await reviews.recordReviewHeld(request.ctx, id, reviewIdOf(request), form.data)
        : null;
      if (saved?.ok) return reply.redirect(`${fgcPath(id, 'reviews')}?done=held`, 303);
      return reply
        .status(400)
        .page(view('fgc-review-held'), await heldPage(request, body, errorsOf(form, saved)));
    },
  );

  app.get(
    '/meetings/:id/fgc/reviews/:reviewId/cancel',
    { config: signedIn },
    async (request, reply) =>
      reply.page(
        view('fgc-review-cancel'),
        await reviews.viewReview(request.ctx, paramsOf(request).id, reviewIdOf(request)),
      ),
  );

  app.post(
    '/meetings/:id/fgc/reviews/:reviewId/cancel',
    { config: signedIn },
    async (request, reply) => {
      const id = paramsOf(request).id;
      const saved = await reviews.cancelReview(request.ctx, id, reviewIdOf(request));
      if (saved.ok)
        return reply.redirect(
          `${fgcPath(id, 'reviews')}?done=cancelled${toldQuery(saved.told)}`,
          303,
        );
      const record = await reviews.viewReview(request.ctx, id, reviewIdOf(request));
      return reply
        .status(400)
        .page(view('fgc-review-cancel'), { ...record, ...errorsFor(saved.errors) });
    },
  );
}
