import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOut, problemOut, problems } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { courseDetailOut, courseJson, courseOut, pageQuery } from './api-out.js';
import {
  createCourse,
  getCourse,
  listCourses,
  PER_PAGE,
  restoreCourse,
  retireCourse,
  updateCourse,
} from './courses.js';
import { courseSchema } from './schemas.js';

// The course catalogue: everyone reads it; trainers' and admins' tokens keep it, with the
// course form's own schema (prerequisites included) and the same checks.

const member = { policy: 'member' as const };
const trainer = { policy: 'trainer' as const };
const idParams = z.object({ id: z.uuid() });

const courseQuery = z.object({
  q: z.string().max(200).optional(),
  retired: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Retired courses instead of those on offer (trainers and admins)' }),
  ...pageQuery,
});

async function courseNow(ctx: ServiceContext, id: string) {
  const course = await getCourse(ctx, id);
  return { ...courseJson(ctx.actor, course), prerequisites: course.prerequisites };
}

export async function trainingCourseApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/training/courses',
    {
      config: member,
      schema: {
        summary: 'The courses on offer (or retired ones), by title, searchable',
        querystring: courseQuery,
        response: { 200: pageOut(courseOut), ...problems },
      },
    },
    async (request) => {
      const { q, page, retired } = request.query;
      const found = await listCourses(request.ctx, { q, page, retired: retired === 'true' });
      return {
        items: found.courses.map((c) => courseJson(request.actor, c)),
        page: found.page,
        pageSize: PER_PAGE,
        pageCount: found.pages,
        total: found.total,
      };
    },
  );

  api.post(
    '/training/courses',
    {
      config: trainer,
      schema: {
        summary: 'Add a course to the catalogue, with the courses to complete first',
        body: courseSchema,
        response: { 201: courseDetailOut, ...problems },
      },
    },
    async (request, reply) => {
      const id = await createCourse(request.ctx, request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/training/courses/${id}`)
        .send(await courseNow(request.ctx, id));
    },
  );

  api.get(
    '/training/courses/:id',
    {
      config: member,
      schema: {
        summary: 'One course, with what must be completed before it',
        params: idParams,
        response: { 200: courseDetailOut, ...problems },
      },
    },
    async (request) => courseNow(request.ctx, request.params.id),
  );

  api.put(
    '/training/courses/:id',
    {
      config: trainer,
      schema: {
        summary: 'Change a course: every field, as the course form sends them',
        params: idParams,
        body: courseSchema,
        response: { 200: courseDetailOut, ...problems },
      },
    },
    async (request) => {
      await updateCourse(request.ctx, request.params.id, request.body);
      return courseNow(request.ctx, request.params.id);
    },
  );

  api.post(
    '/training/courses/:id/retire',
    {
      config: trainer,
      schema: {
        summary: 'Stop offering a course; it and its history are kept',
        params: idParams,
        response: { 200: courseDetailOut, ...problems, 409: problemOut },
      },
    },
    async (request) => {
      await retireCourse(request.ctx, request.params.id);
      return courseNow(request.ctx, request.params.id);
    },
  );

  api.post(
    '/training/courses/:id/restore',
    {
      config: trainer,
      schema: {
        summary: 'Offer a retired course again',
        params: idParams,
        response: { 200: courseDetailOut, ...problems },
      },
    },
    async (request) => {
      await restoreCourse(request.ctx, request.params.id);
      return courseNow(request.ctx, request.params.id);
    },
  );
}
