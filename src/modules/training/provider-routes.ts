import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Member } from '../../platform/access/actor.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { validateForm } from '../../platform/http/forms.js';
import { idParam } from './labels.js';
import { providerOf, providerSchema, setProvider } from './providers.js';
import { getSession } from './sessions.js';

// A trainer or admin records whether a session was delivered by an external provider.

const trainer = { policy: 'trainer' as const };

type Session = Awaited<ReturnType<typeof getSession>>;

const render = (reply: FastifyReply, session: Session, values: unknown, form?: FormErrors) =>
  reply.status(form ? 400 : 200).page('training/views/session-provider.njk', {
    session,
    values: values ?? {},
    ...form,
  });

export async function providerRoutes(app: FastifyInstance) {
  app.get('/training/sessions/:id/provider', { config: trainer }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    const provider = await providerOf(
      request.ctx.db,
      (request.actor as Member).partnershipId,
      session.id,
    );
    return render(reply, session, {
      deliveredBy: provider ? 'external' : 'local',
      provider: provider ?? '',
    });
  });

  app.post('/training/sessions/:id/provider', { config: trainer }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    const form = validateForm(providerSchema, request.body);
    if (!form.ok) return render(reply, session, request.body, form);
    await setProvider(request.ctx, session.id, form.data);
    return reply.redirect(`/training/sessions/${session.id}?saved=1`, 303);
  });
}
