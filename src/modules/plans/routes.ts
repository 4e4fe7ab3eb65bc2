import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { checkWording, wantsWordingCheck } from '../plain-language/as-written.js';
import { checkPlainLanguage } from '../plain-language/service.js';
import * as actions from './actions.js';
import { planPdf } from './pdf.js';
import {
  actionFormSchema,
  entryEditSchema,
  entrySchema,
  planSchema,
  reviewFormSchema,
  statusLabels,
  statusSchema,
} from './schemas.js';
import * as service from './service.js';
import { actionStatuses } from './tables.js';
import { slugOf } from '../../platform/http/file-names.js';

// The plan pages. Signed-in people only; which plans each person sees is the family's rule
// (openFamily), applied by every service call. Ids are passed on unchecked: the services refuse
// (and audit) what cannot be opened.

const signedIn = { policy: 'signedIn' as const };
const view = (name: string) => `plans/views/${name}.njk`;
const params = (r: FastifyRequest) =>
  r.params as { id?: string; planId: string; entryId: string; actionId: string; reviewId: string };
const query = (r: FastifyRequest) => (r.query ?? {}) as Record<string, string | undefined>;
export const planPath = (id: string) => `/plans/${id}`;
const statuses = actionStatuses.map((value) => ({ value, text: statusLabels[value] }));

export async function planPageRoutes(app: FastifyInstance) {
  app.get('/families/:id/plans', { config: signedIn }, async (request, reply) => {
    const data = await service.listPlans(request.ctx, params(request).id!);
    return reply.page(view('plans'), { ...data, section: 'plans', done: query(request).done });
  });

  app.get('/families/:id/plans/new', { config: signedIn }, async (request, reply) => {
    const { family, meeting } = await service.newPlanForm(
      request.ctx,
      params(request).id!,
      query(request).meeting,
    );
    const values = meeting
      ? { title: meeting.title, meetingId: meeting.meetingId, outcome: meeting.outcome ?? '' }
      : {};
    return reply.page(view('plan-new'), { family, meeting, values });
  });

  app.post('/families/:id/plans/new', { config: signedIn }, async (request, reply) => {
    const familyId = params(request).id!;
    // Shown again, the form still says which meeting the plan starts from.
    const from = (request.body as { meetingId?: unknown } | undefined)?.meetingId;
    const again = () =>
      service.newPlanForm(
        request.ctx,
        familyId,
        typeof from === 'string' && from ? from : undefined,
      );
    if (wantsWordingCheck(request.body)) {
      const { family, meeting } = await again();
      const wording = await checkWording(request.ctx, request.body, { outcome: 'What was agreed' });
      return reply.page(view('plan-new'), { family, meeting, values: request.body, wording });
    }
    const form = validateForm(planSchema, request.body);
    if (!form.ok) {
      const { family, meeting } = await again();
      return reply
        .status(400)
        .page(view('plan-new'), { family, meeting, values: request.body, ...form });
    }
    const saved = await service.createPlan(request.ctx, familyId, form.data);
    if (!saved.ok) throw new Error('unexpected');
    return reply.redirect(`${planPath(saved.id)}?done=created`, 303);
  });

  app.get('/plans/:planId', { config: signedIn }, async (request, reply) => {
    const data = await service.viewPlan(request.ctx, params(request).planId);
    // Advice on the words just saved: shown after saving, never instead of saving.
    const checked = data.sections
      .flatMap((s) => s.entries)
      .find((e) => e.id === query(request).checked);
    const advice = checked
      ? await checkPlainLanguage(request.ctx.db, data.plan.partnershipId, checked.text)
      : null;
    return reply.page(view('plan'), { ...data, advice, statusLabels, done: query(request).done });
  });

  app.get('/plans/:planId/plan.pdf', { config: signedIn }, async (request, reply) => {
    const { pdf, title } = await planPdf(request.ctx, params(request).planId);
    const name = `${slugOf(title) || 'our-plan'}.pdf`; // each plan its own file, by its name
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get('/plans/:planId/history', { config: signedIn }, async (request, reply) => {
    const history = await service.planHistory(request.ctx, params(request).planId);
    // The plan links to a part's newest change (#its id): newest first, so its first one here.
    const seen = new Set<string>();
    const changes = history.changes.map((c) => {
      const anchor = !seen.has(c.recordId);
      seen.add(c.recordId);
      return { ...c, anchor };
    });
    return reply.page(view('history'), { ...history, changes });
  });

  // Words in a section, attributed to whoever said them.
  const entryPage = async (request: FastifyRequest, extra: Record<string, unknown>) => {
    const data = await service.viewPlan(request.ctx, params(request).planId);
    return {
      plan: data.plan,
      family: data.family,
      parties: data.parties,
      sections: data.currentSections,
      ...extra,
    };
  };
  app.get('/plans/:planId/entries/new', { config: signedIn }, async (request, reply) =>
    reply.page(
      view('entry-new'),
      await entryPage(request, { values: { sectionId: query(request).section } }),
    ),
  );
  app.post('/plans/:planId/entries/new', { config: signedIn }, async (request, reply) => {
    if (wantsWordingCheck(request.body))
      return reply.page(
        view('entry-new'),
        await entryPage(request, {
          values: request.body,
          wording: await checkWording(request.ctx, request.body, { text: 'Their words' }),
        }),
      );
    const form = validateForm(entrySchema, request.body);
    const saved = form.ok
      ? await service.addEntry(request.ctx, params(request).planId, form.data)
      : form;
    if (!saved.ok)
      return reply
        .status(400)
        .page(
          view('entry-new'),
          await entryPage(request, { values: request.body, ...errorsOf(saved) }),
        );
    return reply.redirect(
      `${planPath(params(request).planId)}?done=entry-added&checked=${saved.id}#plain-language-advice`,
      303,
    );
  });

  app.get('/plans/:planId/entries/:entryId/edit', { config: signedIn }, async (request, reply) => {
    const data = await service.entryForEdit(
      request.ctx,
      params(request).planId,
      params(request).entryId,
    );
    return reply.page(view('entry-edit'), {
      ...data,
      values: { text: data.entry.text, version: data.entry.version },
    });
  });
  app.post('/plans/:planId/entries/:entryId/edit', { config: signedIn }, async (request, reply) => {
    const { planId, entryId } = params(request);
    if (wantsWordingCheck(request.body))
      return reply.page(view('entry-edit'), {
        ...(await service.entryForEdit(request.ctx, planId, entryId)),
        values: request.body,
        wording: await checkWording(request.ctx, request.body, { text: 'The words' }),
      });
    const form = validateForm(entryEditSchema, request.body);
    const saved = form.ok ? await service.editEntry(request.ctx, planId, entryId, form.data) : form;
    if (saved.ok && saved.unchanged)
      return reply.redirect(`${planPath(planId)}?done=entry-unchanged`, 303);
    if (saved.ok)
      return reply.redirect(
        `${planPath(planId)}?done=entry-changed&checked=${entryId}#plain-language-advice`,
        303,
      );
    const data = await service.entryForEdit(request.ctx, planId, entryId);
    if ('conflict' in saved)
      return reply.status(409).page(view('entry-conflict'), {
        ...data,
        conflict: saved.conflict,
        values: { ...saved.conflict.yours, version: saved.conflict.theirs.version },
      });
    return reply
      .status(400)
      .page(view('entry-edit'), { ...data, values: request.body, ...errorsOf(saved) });
  });

  app.get('/plans/:planId/retire', { config: signedIn }, async (request, reply) =>
    reply.page(
      view('plan-retire'),
      await service.planForRetire(request.ctx, params(request).planId),
    ),
  );
  app.post('/plans/:planId/retire', { config: signedIn }, async (request, reply) => {
    const familyId = await service.retirePlan(request.ctx, params(request).planId);
    return reply.redirect(`/families/${familyId}/plans?done=retired`, 303);
  });

  await app.register(actionPageRoutes);
}

type Refused = {
  ok: false;
  errors: Record<string, string>;
  errorList?: { text: string; href: string }[];
};
const errorsOf = (s: Refused | { ok: false; conflict: unknown }) => {
  const errors = 'errors' in s ? s.errors : {};
  return {
    errors,
    errorList: Object.entries(errors).map(([f, text]) => ({ text, href: `#${f}` })),
  };
};

async function actionPageRoutes(app: FastifyInstance) {
  const actionPage = async (request: FastifyRequest, extra: Record<string, unknown>) => {
    const data = await service.viewPlan(request.ctx, params(request).planId);
    return { plan: data.plan, family: data.family, parties: data.parties, ...extra };
  };
  app.get('/plans/:planId/actions/new', { config: signedIn }, async (request, reply) =>
    reply.page(view('action-new'), await actionPage(request, { values: {} })),
  );
  app.post('/plans/:planId/actions/new', { config: signedIn }, async (request, reply) => {
    if (wantsWordingCheck(request.body))
      return reply.page(
        view('action-new'),
        await actionPage(request, {
          values: request.body,
          wording: await checkWording(request.ctx, request.body, {
            what: 'What needs to happen?',
            supportNeeded: 'What support do they need?',
            howWeWillKnow: 'How will we know it is better?',
          }),
        }),
      );
    const form = validateForm(actionFormSchema(ukToday(request.ctx.now)), request.body);
    const saved = form.ok
      ? await actions.addAction(request.ctx, params(request).planId, form.data)
      : form;
    if (!saved.ok)
      return reply
        .status(400)
        .page(
          view('action-new'),
          await actionPage(request, { values: request.body, ...errorsOf(saved) }),
        );
    return reply.redirect(`${planPath(params(request).planId)}?done=action-added`, 303);
  });

  app.get(
    '/plans/:planId/actions/:actionId/status',
    { config: signedIn },
    async (request, reply) => {
      const data = await actions.actionForStatus(
        request.ctx,
        params(request).planId,
        params(request).actionId,
      );
      return reply.page(view('action-status'), {
        ...data,
        statuses,
        statusLabels,
        values: { status: data.action.status, version: data.action.version },
      });
    },
  );
  app.post(
    '/plans/:planId/actions/:actionId/status',
    { config: signedIn },
    async (request, reply) => {
      const { planId, actionId } = params(request);
      const form = validateForm(statusSchema, request.body);
      const saved = form.ok
        ? await actions.updateStatus(request.ctx, actionId, form.data, planId)
        : null;
      if (saved?.ok) return reply.redirect(`${planPath(planId)}?done=status-changed`, 303);
      const data = await actions.actionForStatus(request.ctx, planId, actionId);
      if (saved && !saved.ok)
        return reply.status(409).page(view('action-status'), {
          ...data,
          statuses,
          statusLabels,
          conflict: saved.conflict,
          values: { status: saved.conflict.yours.status, version: saved.conflict.theirs.version },
        });
      return reply.status(400).page(view('action-status'), {
        ...data,
        statuses,
        statusLabels,
        values: request.body,
        ...(form.ok ? {} : form),
      });
    },
  );

  app.get('/plans/:planId/actions/:actionId/retire', { config: signedIn }, async (request, reply) =>
    reply.page(
      view('action-retire'),
      await actions.actionForStatus(request.ctx, params(request).planId, params(request).actionId),
    ),
  );
  app.post(
    '/plans/:planId/actions/:actionId/retire',
    { config: signedIn },
    async (request, reply) => {
      await actions.retireAction(request.ctx, params(request).planId, params(request).actionId);
      return reply.redirect(`${planPath(params(request).planId)}?done=action-retired`, 303);
    },
  );

  app.get('/plans/:planId/reviews/new', { config: signedIn }, async (request, reply) =>
    reply.page(view('review-new'), await actionPage(request, { values: {} })),
  );
  app.post('/plans/:planId/reviews/new', { config: signedIn }, async (request, reply) => {
    const refused = async (errors: object) =>
      reply
        .status(400)
        .page(view('review-new'), await actionPage(request, { values: request.body, ...errors }));
    const form = validateForm(reviewFormSchema(ukToday(request.ctx.now)), request.body);
    if (!form.ok) return refused(form);
    const saved = await actions.addReview(request.ctx, params(request).planId, form.data.dueOn);
    if (!saved.ok) return refused(errorsFor(saved.errors));
    return reply.redirect(`${planPath(params(request).planId)}?done=review-added`, 303);
  });
  app.post(
    '/plans/:planId/reviews/:reviewId/held',
    { config: signedIn },
    async (request, reply) => {
      await actions.reviewHeld(request.ctx, params(request).planId, params(request).reviewId);
      return reply.redirect(`${planPath(params(request).planId)}?done=review-held`, 303);
    },
  );
}
