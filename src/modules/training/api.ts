import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles, trainingLayers } from '../../platform/tenancy/tables.js';
import { getCourse, listCourses } from './courses.js';
import { sessionsOfCourse } from './sessions.js';
import type { Course } from './store.js';
import { courseKinds, deliveries, frequencies, sessionStatuses } from './tables.js';

// The course catalogue and its sessions as JSON, read through the same services as the pages.
// Booking through the API comes with the slice that lets a manager book for a team.

const courseResponse = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  learningOutcomes: z.array(z.string()),
  durationMinutes: z.number().int().nullable(),
  delivery: z.enum(deliveries),
  venue: z.string().nullable(),
  audienceLayers: z.array(z.enum(trainingLayers)),
  audienceRoles: z.array(z.enum(roles)),
  audienceNote: z.string().nullable(),
  usualPlaces: z.number().int().nullable(),
  frequency: z.enum(frequencies),
  kind: z.enum(courseKinds),
  retiredAt: z.string().nullable(),
});

const sessionResponse = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  places: z.number().int(),
  placesLeft: z.number().int(),
  waiting: z.number().int(),
  delivery: z.enum(deliveries),
  venue: z.string().nullable(),
  status: z.enum(sessionStatuses),
  trainers: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

// The joining link is left out: it is for the people booked on a session.
const courseJson = (c: Course) => ({
  id: c.id,
  title: c.title,
  summary: c.summary,
  learningOutcomes: c.learningOutcomes,
  durationMinutes: c.durationMinutes,
  delivery: c.delivery,
  venue: c.venue,
  audienceLayers: c.audienceLayers,
  audienceRoles: c.audienceRoles,
  audienceNote: c.audienceNote,
  usualPlaces: c.usualPlaces,
  frequency: c.frequency,
  kind: c.kind,
  retiredAt: c.retiredAt?.toISOString() ?? null,
});

export async function trainingApi(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/training/courses',
    {
      config: { policy: 'member' },
      schema: {
        summary: 'The courses on offer (or retired ones), 25 to a page',
        querystring: z.object({
          q: z.string().max(200).optional(),
          page: z.coerce.number().int().min(1).optional(),
          retired: z.enum(['true', 'false']).optional(),
        }),
        response: {
          200: z.object({
            courses: z.array(courseResponse),
            total: z.number().int(),
            page: z.number().int(),
            pages: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const result = await listCourses(request.ctx, {
        q: request.query.q,
        page: request.query.page,
        retired: request.query.retired === 'true',
      });
      return { ...result, courses: result.courses.map(courseJson) };
    },
  );

  app.get(
    '/training/courses/:id',
    {
      config: { policy: 'member' },
      schema: {
        summary: 'One course, what must be completed first, and its sessions',
        params: z.object({ id: z.uuid() }),
        response: {
          200: courseResponse.extend({
            prerequisites: z.array(z.object({ id: z.uuid(), title: z.string() })),
            sessions: z.array(sessionResponse),
          }),
        },
      },
    },
    async (request) => {
      const course = await getCourse(request.ctx, request.params.id);
      const sessions = await sessionsOfCourse(request.ctx, course.id);
      return {
        ...courseJson(course),
        prerequisites: course.prerequisites,
        sessions: sessions.map((s) => ({
          id: s.id,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          places: s.places,
          placesLeft: s.free,
          waiting: s.waiting,
          delivery: s.delivery,
          venue: s.venue,
          status: s.status,
          trainers: s.trainers.map((t) => ({ id: t.id, name: t.name })),
        })),
      };
    },
  );
}
