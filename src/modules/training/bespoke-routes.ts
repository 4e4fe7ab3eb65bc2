import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { pagination, showing } from '../../platform/http/paging.js';
import {
  acceptRequest,
  courseChoices,
  declineRequest,
  getRequest,
  listRequests,
  myRequests,
  requestBespoke,
  teamChoices,
} from './bespoke.js';
import { bespokeRequestSchema, declineSchema, requestListQuery } from './bespoke-schemas.js';
import { choiceItems, deliveryNames, idParam } from './labels.js';
import { FormProblem } from './problems.js';
import { sessionSchema } from './schemas.js';
import { trainerChoices } from './sessions.js';
import { BESPOKE_MAX_PEOPLE, type BespokeStatus } from './tables-bespoke.js';

const manager = { policy: 'manager' as const };
const trainer = { policy: 'trainer' as const };
const signedIn = { policy: 'signedIn' as const };
const view = (name: string) => `training/views/${name}.njk`;

export const statusNames: Record<BespokeStatus, string> = {
  requested: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
};
const statusLocals = { statusNames, maxPeople: BESPOKE_MAX_PEOPLE };

type Body = Record<string, unknown>;
const pageParam = (request: FastifyRequest) => requestListQuery.parse(request.query ?? {}).page;

export async function bespokeRoutes(app: FastifyInstance) {
  app.get('/training/bespoke', { config: manager }, async (request, reply) => {
    const page = await myRequests(request.ctx, pageParam(request));
    return reply.page(view('bespoke-mine'), {
      ...statusLocals,
      page,
      showing: showing(page),
      pagination: pagination('/training/bespoke', {}, page),
    });
  });

  app.get('/training/bespoke/new', { config: manager }, async (request, reply) =>
    renderRequestForm(request, reply, {}),
  );

  app.post('/training/bespoke', { config: manager }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const form = validateForm(bespokeRequestSchema(ukToday(request.ctx.now)), body);
    if (!form.ok) return renderRequestForm(request, reply, body, form);
    try {
      const id = await requestBespoke(request.ctx, form.data);
      return reply.redirect(`/training/bespoke/requests/${id}?sent=1`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderRequestForm(request, reply, body, e.form);
      throw e;
    }
  });

  app.get('/training/bespoke/requests', { config: trainer }, async (request, reply) => {
    const query = requestListQuery.parse(request.query ?? {});
    const page = await listRequests(request.ctx, query.status, query.page);
    return reply.page(view('bespoke-requests'), {
      ...statusLocals,
      query,
      page,
      showing: showing(page),
      pagination: pagination('/training/bespoke/requests', { status: query.status }, page),
    });
  });

  app.get('/training/bespoke/requests/:id', { config: signedIn }, async (request, reply) => {
    const bespoke = await getRequest(request.ctx, idParam(request));
    const { sent, done } = request.query as { sent?: string; done?: string };
    return reply.page(view('bespoke-request'), {
      ...statusLocals,
      bespoke,
      isTrainer: allows('trainer', request.actor),
      sent: sent === '1',
      done,
    });
  });

  app.get('/training/bespoke/requests/:id/accept', { config: trainer }, async (request, reply) => {
    const bespoke = await getRequest(request.ctx, idParam(request));
    if (bespoke.status !== 'requested') return reply.redirect(requestUrl(bespoke.id), 303);
    const courses = await courseChoices(request.ctx);
    const [year, month, day] = (bespoke.preferredDates[0] ?? '').split('-').map(Number);
    return renderAcceptForm(request, reply, bespoke, {
      courseId: courses.length === 1 ? courses[0]!.id : undefined,
      'start-day': day ? String(day) : '',
      'start-month': month ? String(month) : '',
      'start-year': year ? String(year) : '',
      places: String(Math.min(bespoke.peopleCount, BESPOKE_MAX_PEOPLE)),
      delivery: 'online',
      trainerIds: [(request.actor as Member).id],
    });
  });

  app.post('/training/bespoke/requests/:id/accept', { config: trainer }, async (request, reply) => {
    const bespoke = await getRequest(request.ctx, idParam(request));
    const body = (request.body ?? {}) as Body;
    const form = validateForm(sessionSchema({ now: request.ctx.now }), body);
    if (!form.ok) return renderAcceptForm(request, reply, bespoke, body, form);
    try {
      await acceptRequest(
        request.ctx,
        bespoke.id,
        typeof body.courseId === 'string' ? body.courseId : '',
        form.data,
      );
      return reply.redirect(`${requestUrl(bespoke.id)}?done=accepted`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderAcceptForm(request, reply, bespoke, body, e.form);
      throw e;
    }
  });

  app.get('/training/bespoke/requests/:id/decline', { config: trainer }, async (request, reply) => {
    const bespoke = await getRequest(request.ctx, idParam(request));
    if (bespoke.status !== 'requested') return reply.redirect(requestUrl(bespoke.id), 303);
    return reply.page(view('bespoke-decline'), { bespoke, values: {} });
  });

  app.post(
    '/training/bespoke/requests/:id/decline',
    { config: trainer },
    async (request, reply) => {
      const bespoke = await getRequest(request.ctx, idParam(request));
      const form = validateForm(declineSchema, request.body);
      if (!form.ok) {
        reply.status(400);
        return reply.page(view('bespoke-decline'), { bespoke, values: request.body, ...form });
      }
      await declineRequest(request.ctx, bespoke.id, form.data.reason);
      return reply.redirect(`${requestUrl(bespoke.id)}?done=declined`, 303);
    },
  );
}

const requestUrl = (id: string) => `/training/bespoke/requests/${id}`;

async function renderRequestForm(
  request: FastifyRequest,
  reply: FastifyReply,
  values: Body,
  form?: FormErrors,
) {
  const teams = await teamChoices(request.ctx);
  if (form) reply.status(400);
  return reply.page(view('bespoke-form'), {
    values,
    ...form,
    maxPeople: BESPOKE_MAX_PEOPLE,
    teamItems: teams.map((t) => ({
      value: t.id,
      text: t.name,
      // One team needs no choosing.
      checked: values.teamId === t.id || teams.length === 1,
    })),
  });
}

async function renderAcceptForm(
  request: FastifyRequest,
  reply: FastifyReply,
  bespoke: { id: string; teamName: string },
  values: Body,
  form?: FormErrors,
) {
  const [courses, trainers] = await Promise.all([
    courseChoices(request.ctx),
    trainerChoices(request.ctx),
  ]);
  if (form) reply.status(400);
  return reply.page(view('bespoke-accept'), {
    bespoke,
    values,
    ...form,
    courses,
    courseItems: choiceItems(
      Object.fromEntries(courses.map((c) => [c.id, c.title])),
      values.courseId,
    ),
    deliveryItems: choiceItems(deliveryNames, values.delivery),
    trainerItems: choiceItems(
      Object.fromEntries(trainers.map((t) => [t.id, t.name])),
      values.trainerIds,
    ),
    placesHint: `${BESPOKE_MAX_PEOPLE} or fewer`,
  });
}
