import { invitationWording, lastsText } from './invitation-wording.js';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../platform/http/errors.js';
import { validateForm } from '../../platform/http/forms.js';
import * as invitations from './invitations.js';
import { doneOf, meetingPath, paramsOf, signedIn, view } from './paths.js';
import { invitationSchema } from './schemas.js';
import * as service from './service.js';

// Invitations: an email with a calendar file, or a letter to print, for each participant.
export async function invitationRoutes(app: FastifyInstance) {
  app.get('/meetings/:id/invitations', { config: signedIn }, async (request, reply) => {
    const record = await service.viewMeeting(request.ctx, paramsOf(request).id);
    return reply.page(view('invitations'), {
      ...record,
      sent: record.invitations,
      cannotInvite: invitations.cannotInvite(record.meeting, {
        now: request.ctx.now,
        facilitatorActive: record.facilitatorActive,
      }),
      tab: 'invitations',
      done: doneOf(request),
    });
  });

  app.get(
    '/meetings/:id/invitations/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      const found = await invitations.invitationFor(request.ctx, id, participantId);
      return reply.page(view('invitation-form'), {
        ...found,
        cannotInvite: invitations.cannotInvite(found.meeting, {
          now: request.ctx.now,
          facilitatorActive: found.facilitator.active,
        }),
        values: { method: found.knownEmail ? 'email' : '', email: found.knownEmail },
      });
    },
  );

  app.post(
    '/meetings/:id/invitations/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      const form = validateForm(invitationSchema, request.body);
      if (!form.ok) {
        const found = await invitations.invitationFor(request.ctx, id, participantId);
        return reply.status(400).page(view('invitation-form'), {
          ...found,
          cannotInvite: invitations.cannotInvite(found.meeting, {
            now: request.ctx.now,
            facilitatorActive: found.facilitator.active,
          }),
          values: request.body,
          ...form,
        });
      }
      await invitations.sendInvitation(request.ctx, id, participantId, form.data);
      if (form.data.method === 'letter')
        return reply.redirect(`${meetingPath(id, 'invitations')}/${participantId}/letter`, 303);
      return reply.redirect(`${meetingPath(id, 'invitations')}?done=sent`, 303);
    },
  );

  app.get(
    '/meetings/:id/invitations/:participantId/letter',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      const found = await invitations.invitationFor(request.ctx, id, participantId);
      // A letter is printed to send, like an email: not for a meeting no one can be invited to.
      const refusal = invitations.cannotInvite(found.meeting, {
        now: request.ctx.now,
        facilitatorActive: found.facilitator.active,
      });
      if (refusal) throw new HttpError(409, refusal);
      return reply.page(view('letter'), {
        ...found,
        when: invitations.whenText(new Date(found.meeting.startsAt)),
        lasts: lastsText(found.meeting.kind),
        whatHappens: invitationWording[found.meeting.kind].whatHappens,
        written: request.ctx.now,
      });
    },
  );
}
