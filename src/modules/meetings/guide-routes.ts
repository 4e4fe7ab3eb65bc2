import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/http/errors.js';
import { errorListOf, validateForm } from '../../platform/http/forms.js';
import * as guide from './guide.js';
import { meetingPath, paramsOf, signedIn, view } from './paths.js';
import { answersSchema } from './schemas.js';

// The facilitation guide, one question per screen. Every Next and Previous is a form post that
// saves the screen's answers first, so it works without JavaScript and a dropped connection
// loses at most one screen. guide.js (loaded only here) adds autosave to the server and to
// the browser's storage while people talk.

const script = readFile(new URL('./views/guide.js', import.meta.url), 'utf8');

const questionOf = (request: FastifyRequest) => {
  const q = Number((request.query as { q?: string } | undefined)?.q);
  return Number.isInteger(q) && q > 0 ? q : undefined;
};

/** The autosave's requests: a small JSON answer instead of a redirect. */
const isAutosave = (request: FastifyRequest) => request.headers['x-autosave'] === '1';

export async function guideRoutes(app: FastifyInstance) {
  // Signed-in only, like every page that loads it; not a public asset.
  app.get('/meetings/guide.js', { config: signedIn }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await script),
  );

  app.get('/meetings/:id/guide', { config: signedIn }, async (request, reply) => {
    const screen = await guide.openGuide(request.ctx, paramsOf(request).id, questionOf(request));
    return reply.page(view('guide'), { ...screen, tab: 'guide', values: {} });
  });

  app.post('/meetings/:id/guide', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    const form = validateForm(answersSchema, request.body);
    if (!form.ok) {
      if (isAutosave(request)) return reply.status(400).send({ saved: false, errors: form.errors });
      const q = Number((request.body as { q?: string }).q) || undefined;
      const screen = await guide.openGuide(request.ctx, id, q);
      const typed = request.body as Record<string, unknown>;
      return reply.status(400).page(view('guide'), {
        ...screen,
        participants: screen.participants.map((p) => ({
          ...p,
          answer: typeof typed[`answer-${p.id}`] === 'string' ? typed[`answer-${p.id}`] : p.answer,
        })),
        tab: 'guide',
        ...form,
      });
    }
    let saved;
    try {
      saved = await guide.saveAnswers(request.ctx, id, form.data);
    } catch (e) {
      if (!(e instanceof HttpError) || e.statusCode !== 409 || isAutosave(request)) throw e;
      const screen = await guide.openGuide(request.ctx, id, form.data.position);
      const errors = { guide: e.message };
      // Consent to record was refused: the words typed are not kept, not even on the page.
      if (screen.meeting.consentToRecord === false)
        return reply
          .status(409)
          .page(view('guide'), { ...screen, tab: 'guide', errors, errorList: errorListOf(errors) });
      // Private family time began while the screen was open: the words typed are shown again,
      // with the reason, to be saved once it ends, rather than lost on an error page.
      const typed = new Map(form.data.answers.map((a) => [a.participantId, a.answer]));
      return reply.status(409).page(view('guide'), {
        ...screen,
        closed: null,
        participants: screen.participants.map((p) => ({
          ...p,
          answer: typed.get(p.id) ?? p.answer,
        })),
        tab: 'guide',
        errors,
        errorList: errorListOf(errors),
      });
    }
    if (isAutosave(request)) return reply.send({ saved: true, at: request.ctx.now.toISOString() });
    if (form.data.go === 'finish')
      return reply.redirect(`${meetingPath(saved.id, 'outcome')}?done=guide`, 303);
    return reply.redirect(`${meetingPath(saved.id, 'guide')}?q=${saved.position}`, 303);
  });
}
