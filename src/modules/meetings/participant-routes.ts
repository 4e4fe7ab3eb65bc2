import { beforeTheDay } from './meeting-day.js';
import { boxesFor } from '../../platform/dates/date-input.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorsFor, errorsOf, type FormErrors, validateForm } from '../../platform/http/forms.js';
import { checkWording, wantsWordingCheck } from '../plain-language/as-written.js';
import {
  doneOf,
  meetingPath,
  paramsOf,
  removalQuery,
  removalToldOf,
  signedIn,
  view,
} from './paths.js';
import { outcomeSchema, participantSchema, preparationSchema } from './schemas.js';
import { AGREED, versionOf } from './outcome-version.js';
import { removeParticipant, viewRemoval } from './participant-removal.js';
import * as service from './service.js';

// Who takes part (added, or taken off with a confirmation page), how each person was prepared,
// and what the meeting agreed.

/** A conference's role is chosen from the partnership's names (radios), not typed. */
function roleChosen(e: FormErrors): FormErrors {
  if (!e.errors.role?.startsWith('Enter')) return e;
  const text = 'Choose their role in the conference';
  return {
    errors: { ...e.errors, role: text },
    errorList: e.errorList.map((item) => (item.href === '#role' ? { ...item, text } : item)),
  };
}

export async function participantRoutes(app: FastifyInstance) {
  app.get('/meetings/:id/participants', { config: signedIn }, async (request, reply) => {
    const choices = await service.participantChoices(request.ctx, paramsOf(request).id);
    return reply.page(view('participants'), {
      ...choices,
      tab: 'participants',
      values: {},
      done: doneOf(request),
      told: removalToldOf(request),
    });
  });

  app.post('/meetings/:id/participants', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const form = validateForm(participantSchema, request.body);
    const saved = form.ok ? await service.addParticipant(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${meetingPath(id, 'participants')}?done=added`, 303);
    const errors = form.ok ? errorsFor(saved!.ok ? {} : saved!.errors) : form;
    const choices = await service.participantChoices(request.ctx, id);
    return reply.status(400).page(view('participants'), {
      ...choices,
      tab: 'participants',
      values: request.body,
      ...(choices.conferenceRoles ? roleChosen(errors) : errors),
    });
  });

  app.get(
    '/meetings/:id/participants/:participantId/remove',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      return reply.page(
        view('participant-remove'),
        await viewRemoval(request.ctx, id, participantId),
      );
    },
  );

  app.post(
    '/meetings/:id/participants/:participantId/remove',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      // Emailed unless the practitioner answers no (a form without the question, as before, emails).
      const email = (request.body as { email?: string } | undefined)?.email !== 'no';
      const saved = await removeParticipant(request.ctx, id, participantId, email);
      if (saved.ok)
        return reply.redirect(
          `${meetingPath(id, 'participants')}?done=removed${removalQuery(saved.told)}`,
          303,
        );
      const record = await viewRemoval(request.ctx, id, participantId);
      return reply
        .status(400)
        .page(view('participant-remove'), { ...record, ...errorsFor(saved.errors) });
    },
  );

  app.get('/meetings/:id/preparation', { config: signedIn }, async (request, reply) => {
    const record = await service.viewMeeting(request.ctx, paramsOf(request).id);
    return reply.page(view('preparation'), {
      ...record,
      tab: 'preparation',
      done: doneOf(request),
    });
  });

  const prepPage = async (request: Parameters<typeof paramsOf>[0]) => {
    const { id, participantId } = paramsOf(request);
    const record = await service.viewMeeting(request.ctx, id);
    const participant = record.participants.find((p) => p.id === participantId);
    return { record, participant };
  };

  app.get(
    '/meetings/:id/preparation/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const { record, participant } = await prepPage(request);
      if (!participant) return reply.callNotFound();
      const needs = [
        participant.needsInterpreter && 'interpreter',
        participant.needsAccess && 'access',
        participant.needsChildcare && 'childcare',
        participant.safetyConcerns && 'safety',
      ].filter(Boolean);
      return reply.page(view('preparation-form'), {
        ...record,
        participant,
        values: {
          ...boxesFor('contacted', participant.contactedOn),
          ...boxesFor('prepared', participant.preparedOn),
          needs,
          needsNotes: participant.needsNotes ?? '',
        },
      });
    },
  );

  app.post(
    '/meetings/:id/preparation/:participantId',
    { config: signedIn },
    async (request, reply) => {
      const { id, participantId } = paramsOf(request);
      const form = validateForm(preparationSchema(ukToday(request.ctx.now)), request.body);
      if (form.ok) {
        await service.savePreparation(request.ctx, id, participantId, form.data);
        return reply.redirect(`${meetingPath(id, 'preparation')}?done=saved`, 303);
      }
      const { record, participant } = await prepPage(request);
      if (!participant) return reply.callNotFound();
      const body = request.body as Record<string, unknown>;
      return reply.status(400).page(view('preparation-form'), {
        ...record,
        participant,
        values: { ...body, needs: [body.needs ?? []].flat() },
        ...form,
      });
    },
  );

  /** The outcome's page: the words as saved, or as typed, and the words saved since if any. */
  const outcomePage = async (
    request: FastifyRequest,
    typed?: { outcome?: unknown; version?: string },
    shown?: Partial<FormErrors>,
  ) => {
    const record = await service.viewMeeting(request.ctx, paramsOf(request).id);
    return {
      ...record,
      tab: 'outcome',
      beforeTheDay: beforeTheDay(record.meeting, request.ctx.now),
      values: typed ?? { outcome: record.meeting.outcome ?? '' },
      ...versionOf(
        record.meeting,
        AGREED,
        typed && { words: typed.outcome, version: typed.version },
        shown,
      ),
    };
  };

  app.get('/meetings/:id/outcome', { config: signedIn }, async (request, reply) => {
    const page = await outcomePage(request);
    // A family group conference's outcome is the family's plan, on its own page (and rules).
    if (page.meeting.kind === 'fgc')
      return reply.redirect(`/meetings/${page.meeting.id}/fgc/plan`, 303);
    return reply.page(view('outcome'), { ...page, done: doneOf(request) });
  });

  app.post('/meetings/:id/outcome', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const typed = request.body as { outcome?: unknown; version?: string };
    if (wantsWordingCheck(request.body)) {
      const wording = await checkWording(request.ctx, request.body, {
        outcome: 'What did everyone agree?',
      });
      return reply.page(view('outcome'), { ...(await outcomePage(request, typed)), wording });
    }
    const form = validateForm(outcomeSchema, request.body);
    const saved = form.ok ? await service.saveOutcome(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${meetingPath(id, 'outcome')}?done=saved`, 303);
    return reply
      .status(400)
      .page(view('outcome'), await outcomePage(request, typed, errorsOf(form, saved)));
  });
}
