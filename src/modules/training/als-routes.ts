import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../../platform/access/policies.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { pageNumber, pagination, searchOf, showing } from '../../platform/http/paging.js';
import { cohortChoices, createCohort, getCohort, listCohorts, updateCohort } from './als.js';
import { statusNames } from './als-dates.js';
import { alsMemberRoutes } from './als-member-routes.js';
import {
  cohortDetailsSchema,
  cohortSchema,
  DEFAULT_MIN_ATTENDED,
  DEFAULT_PLACES,
  SESSIONS,
} from './als-schemas.js';
import { alsSessionRoutes } from './als-session-routes.js';
import { attendanceNames } from './attendance.js';
import { idParam } from './labels.js';
import { FormProblem } from './problems.js';

// Action learning sets: the list, a new set, a set's page and its details.

const trainer = { policy: 'trainer' as const };
const facilitator = { policy: 'facilitator' as const };
export const ALS_PATH = '/training/action-learning';

export async function alsRoutes(app: FastifyInstance) {
  app.get(ALS_PATH, { config: facilitator }, async (request, reply) => {
    const q = searchOf(request, 100);
    const page = await listCohorts(request.ctx, { q, page: pageNumber(request) });
    return reply.page('training/views/als-list.njk', {
      ...page,
      items: page.items.map((c) => ({ ...c, statusName: statusNames[c.status] })),
      q,
      showing: showing(page),
      pagination: pagination(ALS_PATH, { q }, page),
      canManage: allows('trainer', request.actor),
    });
  });

  app.get(`${ALS_PATH}/new`, { config: trainer }, async (request, reply) => {
    const { courses } = await cohortChoices(request.ctx);
    return renderForm(request, reply, null, {
      courseId: courses.length === 1 ? courses[0]!.id : '',
      places: String(courses[0]?.usualPlaces ?? DEFAULT_PLACES),
      minAttended: String(DEFAULT_MIN_ATTENDED),
      startTime: '10:00',
    });
  });

  app.post(ALS_PATH, { config: trainer }, async (request, reply) => {
    const form = validateForm(cohortSchema, request.body);
    if (!form.ok) return renderForm(request, reply, null, request.body, form);
    try {
      const id = await createCohort(request.ctx, form.data);
      return reply.redirect(`${ALS_PATH}/${id}?done=created`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, null, request.body, e.form);
      throw e;
    }
  });

  app.get(`${ALS_PATH}/:id`, { config: facilitator }, async (request, reply) => {
    const set = await getCohort(request.ctx, idParam(request));
    const { done } = request.query as { done?: string };
    return reply.page('training/views/als-cohort.njk', {
      ...set,
      statusName: statusNames[set.status],
      attendanceNames,
      completedCount: set.members.filter((m) => m.completed).length,
      full: set.members.length >= set.cohort.places,
      done,
    });
  });

  app.get(`${ALS_PATH}/:id/edit`, { config: trainer }, async (request, reply) => {
    const { cohort } = await getCohort(request.ctx, idParam(request));
    return renderForm(request, reply, cohort.id, {
      name: cohort.name,
      facilitatorId: cohort.facilitatorId,
      places: String(cohort.places),
      minAttended: String(cohort.minAttended),
      venue: cohort.venue ?? '',
    });
  });

  app.post(`${ALS_PATH}/:id`, { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    await getCohort(request.ctx, id); // another partnership's set is a 404 before anything else
    const form = validateForm(cohortDetailsSchema, request.body);
    if (!form.ok) return renderForm(request, reply, id, request.body, form);
    try {
      await updateCohort(request.ctx, id, form.data);
      return reply.redirect(`${ALS_PATH}/${id}?done=saved`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, id, request.body, e.form);
      throw e;
    }
  });

  await app.register(alsMemberRoutes);
  await app.register(alsSessionRoutes);
}

async function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  cohortId: string | null,
  values: unknown,
  form?: FormErrors,
) {
  const v = (values ?? {}) as Record<string, unknown>;
  const { courses, facilitators } = await cohortChoices(request.ctx);
  if (form) reply.status(400);
  return reply.page('training/views/als-form.njk', {
    cohortId,
    values: v,
    ...form,
    sessions: SESSIONS,
    courseItems: courses.map((c) => ({
      value: c.id,
      text: c.title,
      checked: v.courseId === c.id,
    })),
    facilitatorItems: [
      { value: '', text: 'Choose the facilitator' },
      ...facilitators.map((f) => ({
        value: f.id,
        text: f.name,
        selected: v.facilitatorId === f.id,
      })),
    ],
  });
}
