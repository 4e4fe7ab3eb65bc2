import { boxesFor } from '../../platform/dates/date-input.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsOf, validateForm, type FormErrors } from '../../platform/http/forms.js';
import { checkWording, wantsWordingCheck } from '../plain-language/as-written.js';
import * as fgc from './fgc.js';
import * as fgcMeeting from './fgc-meeting.js';
import {
  decisionSchema,
  familyPlanSchema,
  familyTimeSchema,
  informationSchema,
} from './fgc-schemas.js';
import { fgcPath, type Body } from './fgc-paths.js';
import { familyTimeLasted } from './fgc-tasks.js';
import { doneOf, paramsOf, signedIn, view } from './paths.js';
import { FAMILY_PLAN, versionOf } from './outcome-version.js';

// The conference day: what each professional shares, private family time, the family's plan
// and the referrer's answer to it. The family hears what professionals share and reads its own
// plan, so both forms offer "Check the wording" (advice only: a check saves nothing).

const INFORMATION_WORDING = {
  whatWeKnow: 'What they know about the family',
  worries: 'Their worries',
  resources: 'Help they can offer',
  bottomLines: 'Bottom lines',
};
const PLAN_WORDING = { plan: 'The family’s plan' };

export async function fgcMeetingRoutes(app: FastifyInstance) {
  app.get('/meetings/:id/fgc/information', { config: signedIn }, async (request, reply) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return reply.page(view('fgc-information'), { ...record, done: doneOf(request) });
  });

  const informationPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => {
    const { id, participantId } = paramsOf(request);
    const record = await fgc.viewFgc(request.ctx, id);
    const professional = record.professionals.find((p) => p.id === participantId);
    const i = professional?.information;
    return {
      ...record,
      professional,
      values: values ?? {
        whatWeKnow: i?.whatWeKnow ?? '',
        worries: i?.worries ?? '',
        resources: i?.resources ?? '',
        bottomLines: i?.bottomLines ?? '',
      },
      ...errors,
    };
  };

  app.get(
    '/meetings/:id/fgc/information/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const page = await informationPage(request);
      if (!page.professional) return reply.callNotFound();
      // Once the professionals have left for private family time, there is nothing to fill in.
      const closed = Boolean(page.conference?.familyTimeStartedAt);
      return reply.page(view('fgc-information-form'), { ...page, closed });
    },
  );

  app.post(
    '/meetings/:id/fgc/information/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      const body = request.body as Body;
      if (wantsWordingCheck(body)) {
        const page = await informationPage(request, body);
        if (!page.professional) return reply.callNotFound();
        const wording = await checkWording(request.ctx, body, INFORMATION_WORDING);
        return reply.page(view('fgc-information-form'), { ...page, wording });
      }
      const form = validateForm(informationSchema, body);
      const saved = form.ok
        ? await fgcMeeting.saveInformation(request.ctx, id, participantId, form.data)
        : null;
      if (saved?.ok) return reply.redirect(`${fgcPath(id, 'information')}?done=saved`, 303);
      const page = await informationPage(request, body, errorsOf(form, saved));
      if (!page.professional) return reply.callNotFound();
      return reply.status(400).page(view('fgc-information-form'), page);
    },
  );

  app.get('/meetings/:id/fgc/family-time', { config: signedIn }, async (request, reply) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return reply.page(view('fgc-family-time'), {
      ...record,
      lasted: familyTimeLasted(record),
      done: doneOf(request),
    });
  });

  app.post('/meetings/:id/fgc/family-time', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const form = validateForm(familyTimeSchema, request.body);
    const saved = form.ok
      ? await fgcMeeting.recordFamilyTime(request.ctx, id, form.data.step)
      : null;
    if (saved?.ok && form.ok)
      return reply.redirect(`${fgcPath(id, 'family-time')}?done=${form.data.step}`, 303);
    const record = await fgc.viewFgc(request.ctx, id);
    return reply.status(400).page(view('fgc-family-time'), {
      ...record,
      lasted: familyTimeLasted(record),
      ...errorsOf(form, saved),
    });
  });

  const planPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => {
    const record = await fgc.viewFgc(request.ctx, paramsOf(request).id);
    return {
      ...record,
      tab: 'outcome',
      values: values ?? { plan: record.meeting.outcome ?? '' },
      ...versionOf(
        record.meeting,
        FAMILY_PLAN,
        values && { words: values.plan, version: values.version as string | undefined },
        errors,
      ),
    };
  };

  app.get('/meetings/:id/fgc/plan', { config: signedIn }, async (request, reply) =>
    reply.page(view('fgc-plan'), { ...(await planPage(request)), done: doneOf(request) }),
  );

  app.post('/meetings/:id/fgc/plan', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const body = request.body as Body;
    if (wantsWordingCheck(body)) {
      const wording = await checkWording(request.ctx, body, PLAN_WORDING);
      return reply.page(view('fgc-plan'), { ...(await planPage(request, body)), wording });
    }
    const form = validateForm(familyPlanSchema, body);
    const saved = form.ok ? await fgcMeeting.presentPlan(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${fgcPath(id, 'plan')}?done=saved`, 303);
    return reply
      .status(400)
      .page(view('fgc-plan'), await planPage(request, body, errorsOf(form, saved)));
  });

  const agreementPage = async (request: FastifyRequest, values?: Body, errors?: FormErrors) => ({
    ...(await fgc.viewFgc(request.ctx, paramsOf(request).id)),
    values: values ?? boxesFor('decided', ukToday(request.ctx.now)),
    ...errors,
  });

  app.get('/meetings/:id/fgc/agreement', { config: signedIn }, async (request, reply) =>
    reply.page(view('fgc-agreement'), await agreementPage(request)),
  );

  app.post('/meetings/:id/fgc/agreement', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const body = request.body as Body;
    const form = validateForm(decisionSchema(ukToday(request.ctx.now)), body);
    const saved = form.ok ? await fgcMeeting.recordDecision(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${fgcPath(id)}?done=agreement`, 303);
    return reply
      .status(400)
      .page(view('fgc-agreement'), await agreementPage(request, body, errorsOf(form, saved)));
  });
}
