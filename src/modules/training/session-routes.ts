import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMember, type Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import { notFound } from '../../platform/http/errors.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { getCourse } from './courses.js';
import { choiceItems, deliveryNames, durationText, idParam } from './labels.js';
import { FormProblem } from './problems.js';
import { sessionFormValues, sessionSchema } from './schemas.js';
import {
  cancelSession,
  getSession,
  scheduleSession,
  seesJoiningLink,
  trainerChoices,
  updateSession,
} from './sessions.js';
import { offerHoldHours } from './settings.js';
import { sessionExtras } from './after-session.js';
import { lastCompleted } from './completion.js';

const trainer = { policy: 'trainer' as const };
const signedIn = { policy: 'signedIn' as const };

export async function sessionRoutes(app: FastifyInstance) {
  app.get('/training/courses/:id/sessions/new', { config: trainer }, async (request, reply) => {
    const course = await getCourse(request.ctx, idParam(request));
    if (course.retiredAt) throw notFound();
    return renderForm(
      request,
      reply,
      { course, sessionId: null },
      {
        places: course.usualPlaces ?? '',
        delivery: course.delivery,
        venue: course.venue ?? '',
        joiningLink: course.joiningLink ?? '',
        trainerIds: [(request.actor as Member).id],
      },
    );
  });

  app.post('/training/courses/:id/sessions', { config: trainer }, async (request, reply) => {
    const course = await getCourse(request.ctx, idParam(request));
    if (course.retiredAt) throw notFound();
    const form = validateForm(sessionSchema({ now: request.ctx.now }), request.body);
    const target = { course, sessionId: null };
    if (!form.ok) return renderForm(request, reply, target, request.body, form);
    try {
      const id = await scheduleSession(request.ctx, course.id, form.data);
      return reply.redirect(`/training/sessions/${id}?saved=1`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, target, request.body, e.form);
      throw e;
    }
  });

  app.get('/training/sessions/:id', { config: signedIn }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    const isTrainer = allows('trainer', request.actor);
    const { saved, done } = request.query as { saved?: string; done?: string };
    // Bookable: scheduled, still to come, and its course still offered.
    const open = session.status === 'scheduled' && !session.started && !session.course.retiredAt;
    const canBook = !session.booking && open && (!session.closed || session.closed.member);
    const { actor } = request;
    return reply.page('training/views/session.njk', {
      session,
      course: { ...session.course, duration: durationText(session.course.durationMinutes) },
      deliveryName: deliveryNames[session.delivery],
      isTrainer,
      showLink: seesJoiningLink(request.actor, session),
      open,
      canBook,
      // Said before booking a course done already: a refresher is allowed, a mistake is not.
      completedAt:
        canBook && isMember(actor) && actor.kind === 'person'
          ? await lastCompleted(request.ctx.db, actor.partnershipId, actor.id, session.course.id)
          : null,
      // Managers book several people in their teams at once (team-booking-routes.ts).
      canBookTeam: open && allows('manager', request.actor),
      offerHours: await offerHoldHours(request.ctx.db, (request.actor as Member).partnershipId),
      ...(await sessionExtras(request.ctx, session)),
      saved: saved === '1',
      done,
    });
  });

  app.get('/training/sessions/:id/edit', { config: trainer }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    return renderForm(
      request,
      reply,
      { course: session.course, sessionId: session.id },
      sessionFormValues({ ...session, trainerIds: session.trainers.map((t) => t.id) }),
    );
  });

  app.post('/training/sessions/:id', { config: trainer }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    const target = { course: session.course, sessionId: session.id };
    const rule = { now: request.ctx.now, current: session.startsAt };
    const form = validateForm(sessionSchema(rule), request.body);
    if (!form.ok) return renderForm(request, reply, target, request.body, form);
    try {
      await updateSession(request.ctx, session.id, form.data);
      return reply.redirect(`/training/sessions/${session.id}?saved=1`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, target, request.body, e.form);
      throw e;
    }
  });

  app.get('/training/sessions/:id/cancel', { config: trainer }, async (request, reply) => {
    const session = await getSession(request.ctx, idParam(request));
    if (session.status === 'cancelled')
      return reply.redirect(`/training/sessions/${session.id}`, 303);
    return reply.page('training/views/session-cancel.njk', { session });
  });

  app.post('/training/sessions/:id/cancel', { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    await cancelSession(request.ctx, id);
    return reply.redirect(`/training/sessions/${id}?done=session-cancelled`, 303);
  });
}

async function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  target: { course: { id: string; title: string }; sessionId: string | null },
  values: unknown,
  form?: FormErrors,
) {
  const v = (values ?? {}) as Record<string, unknown>;
  const trainers = Object.fromEntries(
    (await trainerChoices(request.ctx)).map((t) => [t.id, t.name]),
  );
  if (form) reply.status(400);
  return reply.page('training/views/session-form.njk', {
    ...target,
    values: v,
    ...form,
    deliveryItems: choiceItems(deliveryNames, v.delivery),
    trainerItems: choiceItems(trainers, v.trainerIds),
  });
}
