import { boxesFor } from '../../platform/dates/date-input.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, errorsOf, validateForm, type FormErrors } from '../../platform/http/forms.js';
import * as fgc from './fgc.js';
import * as referral from './fgc-referral.js';
import { stageLabels } from './fgc-stages.js';
import { familyTimeLasted, taskItems } from './fgc-tasks.js';
import { coordinatorSchema, newFgcSchema, referralSchema } from './fgc-schemas.js';
import { fgcMeetingRoutes } from './fgc-meeting-routes.js';
import { fgcReviewRoutes } from './fgc-review-routes.js';
import { fgcPath, type Body } from './fgc-paths.js';
import { doneOf, paramsOf, signedIn, toldOf, toldQuery, view } from './paths.js';
import type { FgcConference } from './tables-fgc.js';

// A family group conference's pages: its stages (a GOV.UK task list) with what is overdue,
// the referral and the family's consent, the coordinator and preparation. The conference day
// and the reviews are in fgc-meeting-routes.ts and fgc-review-routes.ts.
//
// "Arrange a meeting" sends a conference to /families/:id/meetings/new/fgc: this static route
// wins over the shared /new/:kind form, so a conference starts with its referral.

function referralFormValues(c: FgcConference | null) {
  if (!c) return { referrerType: '', consent: '' };
  return {
    referrerType: c.referrerPersonId ? 'person' : 'external',
    referrerPersonId: c.referrerPersonId ?? '',
    referrerName: c.referrerName ?? '',
    referrerOrganisation: c.referrerOrganisation ?? '',
    reason: c.referralReason,
    ...boxesFor('referred', c.referredOn),
    consent: c.consent ?? 'not_asked',
    ...boxesFor('consentOn', c.consentOn),
  };
}

export async function fgcRoutes(app: FastifyInstance) {
  const newPage = async (request: FastifyRequest, values: Body, errors?: FormErrors) => ({
    ...(await referral.newFgcChoices(request.ctx, paramsOf(request).id)),
    values,
    ...errors,
  });

  app.get('/families/:id/meetings/new/fgc', { config: signedIn }, async (request, reply) =>
    reply.page(
      view('fgc-new'),
      await newPage(request, {
        title: 'Family group conference',
        referrerType: 'person',
        referrerPersonId: request.ctx.actor.id,
        ...boxesFor('referred', ukToday(request.ctx.now)),
        consent: 'not_asked',
      }),
    ),
  );

  app.post('/families/:id/meetings/new/fgc', { config: signedIn }, async (request, reply) => {
    const body = request.body as Body;
    const form = validateForm(newFgcSchema(ukToday(request.ctx.now)), body);
    const saved = form.ok
      ? await referral.createFgc(request.ctx, paramsOf(request).id, form.data)
      : null;
    if (saved?.ok) return reply.redirect(`${fgcPath(saved.id)}?done=created`, 303);
    const errors = errorsOf(form, saved);
    return reply.status(400).page(view('fgc-new'), await newPage(request, body, errors));
  });

  app.get('/meetings/:id/fgc', { config: signedIn }, async (request, reply) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return reply.page(view('fgc'), {
      ...record,
      tasks: taskItems(record),
      familyTimeLasted: familyTimeLasted(record),
      stageLabels,
      tab: 'details',
      done: doneOf(request),
      told: toldOf(request),
    });
  });

  const referralPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return {
      ...record,
      people: await referral.peopleChoices(request.ctx),
      values: values ?? referralFormValues(record.conference),
      ...errors,
    };
  };

  app.get('/meetings/:id/fgc/referral', { config: signedIn }, async (request, reply) =>
    reply.page(view('fgc-referral'), await referralPage(request)),
  );

  app.post('/meetings/:id/fgc/referral', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const body = request.body as Body;
    const form = validateForm(referralSchema(ukToday(request.ctx.now)), body);
    const saved = form.ok ? await referral.saveReferral(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${fgcPath(id)}?done=referral`, 303);
    const errors = errorsOf(form, saved);
    return reply.status(400).page(view('fgc-referral'), await referralPage(request, body, errors));
  });

  const coordinatorPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return {
      ...record,
      people: await referral.peopleChoices(request.ctx),
      values: values ?? { coordinatorId: record.conference?.coordinatorId ?? '' },
      ...errors,
    };
  };

  app.get('/meetings/:id/fgc/coordinator', { config: signedIn }, async (request, reply) =>
    reply.page(view('fgc-coordinator'), await coordinatorPage(request)),
  );

  app.post('/meetings/:id/fgc/coordinator', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const body = request.body as Body;
    const form = validateForm(coordinatorSchema, body);
    const saved = form.ok ? await fgc.assignCoordinator(request.ctx, id, form.data) : null;
    if (saved?.ok)
      return reply.redirect(`${fgcPath(id)}?done=coordinator${toldQuery(saved.told)}`, 303);
    const errors = errorsOf(form, saved);
    return reply
      .status(400)
      .page(view('fgc-coordinator'), await coordinatorPage(request, body, errors));
  });

  app.get('/meetings/:id/fgc/preparation', { config: signedIn }, async (request, reply) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return reply.page(view('fgc-preparation'), { ...record, done: doneOf(request) });
  });

  app.post('/meetings/:id/fgc/preparation', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const saved = await fgc.confirmPreparation(request.ctx, id);
    if (saved.ok) return reply.redirect(`${fgcPath(id)}?done=preparation`, 303);
    const record = await fgc.viewFgc(request.ctx, id);
    return reply
      .status(400)
      .page(view('fgc-preparation'), { ...record, ...errorsFor(saved.errors) });
  });

  await app.register(fgcMeetingRoutes);
  await app.register(fgcReviewRoutes);
}
