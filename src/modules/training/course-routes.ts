import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../../platform/access/policies.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { pageNumber, pagination, searchOf, showing } from '../../platform/http/paging.js';
import {
  courseChoices,
  coursesNeeding,
  CourseStillNeeded,
  createCourse,
  getCourse,
  listCourses,
  PER_PAGE,
  restoreCourse,
  retireCourse,
  updateCourse,
} from './courses.js';
import {
  choiceItems,
  deliveryNames,
  durationText,
  frequencyNames,
  idParam,
  kindNames,
  layerNames,
  roleNames,
} from './labels.js';
import { FormProblem } from './problems.js';
import { courseSchema } from './schemas.js';
import { listSessions, upcomingSessionsOfCourse } from './session-lists.js';
import { toolsFor } from './tools.js';

const trainer = { policy: 'trainer' as const };
const signedIn = { policy: 'signedIn' as const };

export async function courseRoutes(app: FastifyInstance) {
  app.get('/training', { config: signedIn }, async (request, reply) => {
    const query = request.query as { q?: string; page?: string; retired?: string };
    const isTrainer = allows('trainer', request.actor);
    const retired = isTrainer && query.retired === '1';
    const q = searchOf(request);
    const result = await listCourses(request.ctx, {
      q,
      retired,
      page: pageNumber(request),
    });
    const listed = {
      items: result.courses,
      total: result.total,
      page: result.page,
      pageCount: result.pages,
      pageSize: PER_PAGE,
    };
    return reply.page('training/views/catalogue.njk', {
      ...result,
      courses: result.courses.map((c) => ({
        ...c,
        duration: durationText(c.durationMinutes),
        runs: frequencyNames[c.frequency],
        kindName: kindNames[c.kind],
      })),
      q,
      retired,
      isTrainer,
      isManager: allows('manager', request.actor),
      tools: toolsFor(request.actor),
      pagination: pagination('/training', { q, retired: retired ? '1' : undefined }, listed),
    });
  });

  app.get('/training/courses/new', { config: trainer }, async (request, reply) =>
    renderForm(request, reply, null, {
      delivery: 'online',
      frequency: 'monthly',
      kind: 'standard',
    }),
  );

  app.post('/training/courses', { config: trainer }, async (request, reply) => {
    const form = validateForm(courseSchema, request.body);
    if (!form.ok) return renderForm(request, reply, null, request.body, form);
    try {
      const id = await createCourse(request.ctx, form.data);
      return reply.redirect(`/training/courses/${id}?saved=1`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, null, request.body, e.form);
      throw e;
    }
  });

  app.get('/training/courses/:id', { config: signedIn }, async (request, reply) => {
    const course = await getCourse(request.ctx, idParam(request));
    const isTrainer = allows('trainer', request.actor);
    const sessions = await upcomingSessionsOfCourse(request.ctx, course.id);
    // Those who run training reach a session that has ended, to take or correct its register.
    const past = isTrainer
      ? await listSessions(request.ctx, {
          courseId: course.id,
          when: 'past',
          page: pageNumber(request),
        })
      : null;
    const { saved, scheduled } = request.query as { saved?: string; scheduled?: string };
    return reply.page('training/views/course.njk', {
      course: {
        ...course,
        duration: durationText(course.durationMinutes),
        runs: frequencyNames[course.frequency],
        kindName: kindNames[course.kind],
        deliveryName: deliveryNames[course.delivery],
        layers: course.audienceLayers.map((l) => layerNames[l]),
        roles: course.audienceRoles.map((r) => roleNames[r]),
      },
      sessions,
      past,
      pastShowing: past && showing(past),
      pastPagination: past && pagination(`/training/courses/${course.id}`, {}, past),
      isTrainer,
      isManager: allows('manager', request.actor),
      saved: saved === '1',
      scheduled: /^\d{1,2}$/.test(scheduled ?? '') ? Number(scheduled) : 0,
    });
  });

  app.get('/training/courses/:id/edit', { config: trainer }, async (request, reply) => {
    const course = await getCourse(request.ctx, idParam(request));
    return renderForm(request, reply, course.id, {
      ...course,
      learningOutcomes: course.learningOutcomes.join('\n'),
      durationMinutes: course.durationMinutes ?? '',
      usualPlaces: course.usualPlaces ?? '',
      prerequisiteIds: course.prerequisites.map((p) => p.id),
    });
  });

  app.post('/training/courses/:id', { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    await getCourse(request.ctx, id); // another partnership's course is a 404 before anything else
    const form = validateForm(courseSchema, request.body);
    if (!form.ok) return renderForm(request, reply, id, request.body, form);
    try {
      await updateCourse(request.ctx, id, form.data);
      return reply.redirect(`/training/courses/${id}?saved=1`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, id, request.body, e.form);
      throw e;
    }
  });

  // The confirmation says beforehand when other courses still need this one, and links to them.
  app.get('/training/courses/:id/retire', { config: trainer }, async (request, reply) => {
    const course = await getCourse(request.ctx, idParam(request));
    const needed = await coursesNeeding(request.ctx, course.id);
    return reply.page('training/views/course-retire.njk', { course, needed });
  });

  app.post('/training/courses/:id/retire', { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    try {
      await retireCourse(request.ctx, id);
    } catch (e) {
      // A course made to need it since the page was shown: the same page, saying which.
      if (!(e instanceof CourseStillNeeded)) throw e;
      const course = await getCourse(request.ctx, id);
      reply.status(409);
      return reply.page('training/views/course-retire.njk', { course, needed: e.needed });
    }
    return reply.redirect(`/training/courses/${id}`, 303);
  });

  app.post('/training/courses/:id/restore', { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    await restoreCourse(request.ctx, id);
    return reply.redirect(`/training/courses/${id}`, 303);
  });
}

async function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  courseId: string | null,
  values: unknown,
  form?: FormErrors,
) {
  const v = (values ?? {}) as Record<string, unknown>;
  const others = (await courseChoices(request.ctx)).filter((c) => c.id !== courseId);
  const prerequisites = Object.fromEntries(others.map((c) => [c.id, c.title]));
  if (form) reply.status(400);
  return reply.page('training/views/course-form.njk', {
    courseId,
    values: v,
    ...form,
    layerItems: choiceItems(layerNames, v.audienceLayers),
    roleItems: choiceItems(roleNames, v.audienceRoles),
    prerequisiteItems: choiceItems(prerequisites, v.prerequisiteIds),
    deliveryItems: choiceItems(deliveryNames, v.delivery),
    frequencyItems: choiceItems(frequencyNames, v.frequency),
    kindItems: choiceItems(kindNames, v.kind),
  });
}
