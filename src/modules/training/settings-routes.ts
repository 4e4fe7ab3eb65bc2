import type { FastifyInstance, FastifyReply } from 'fastify';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { mySettings, saveSettings, settingsSchema, type TrainingSettings } from './settings.js';

// The partnership's training settings: line-manager approval, how long an offered place is
// held, and how close to a session a cancellation counts as late.

const admin = { policy: 'partnershipAdmin' as const };
const view = 'training/views/settings.njk';

const formValues = (s: TrainingSettings) => ({
  approvalRequired: s.approvalRequired ? 'yes' : 'no',
  offerHoldHours: String(s.offerHoldHours),
  lateCancellationWorkingDays: String(s.lateCancellationWorkingDays),
});

const render = (
  reply: FastifyReply,
  values: unknown,
  locals: Partial<FormErrors> & { saved?: boolean } = {},
) => reply.page(view, { values: values ?? {}, ...locals });

export async function settingsRoutes(app: FastifyInstance) {
  app.get('/training/settings', { config: admin }, async (request, reply) => {
    const { saved } = request.query as { saved?: string };
    return render(reply, formValues(await mySettings(request.ctx)), { saved: saved === '1' });
  });

  app.post('/training/settings', { config: admin }, async (request, reply) => {
    const form = validateForm(settingsSchema, request.body);
    if (!form.ok) return render(reply.status(400), request.body, form);
    await saveSettings(request.ctx, form.data);
    return reply.redirect('/training/settings?saved=1', 303);
  });
}
