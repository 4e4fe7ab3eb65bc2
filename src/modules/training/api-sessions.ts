import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso, mapPage, pageOut, problemOut, problems } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { pageQuery, sessionDetailOut, sessionJson, sessionListOut } from './api-out.js';
import { getCourse } from './courses.js';
import { sessionApiSchema } from './schemas.js';
import { seriesApiSchema } from './series-schemas.js';
import { planSeries, scheduleSeries } from './series.js';
import { listSessions, sessionTimes } from './session-lists.js';
import { cancelSession, getSession, scheduleSession, updateSession } from './sessions.js';

// Sessions: the dates to come (and past ones), one session, and, for trainers' and admins'
// tokens, scheduling, changing and cancelling them. The same services as the pages: places
// never drop below those taken, booked delegates get an updated invitation when a session
// moves, and everyone booked or waiting is emailed when it is cancelled.

const member = { policy: 'member' as const };
const trainer = { policy: 'trainer' as const };
const idParams = z.object({ id: z.uuid() });

const when = z
  .enum(sessionTimes)
  .default('upcoming')
  .meta({ description: 'Sessions still to come (soonest first) or past ones (latest first)' });

/** A session as it now stands, with the course it belongs to. */
async function sessionNow(ctx: ServiceContext, id: string) {
  const s = await getSession(ctx, id);
  return {
    ...sessionJson(ctx.actor, s, s.booking),
    course: { id: s.course.id, title: s.course.title },
  };
}

type Listed = Awaited<ReturnType<typeof listSessions>>['items'][number];
const listJson = (ctx: ServiceContext) => (s: Listed) => ({
  ...sessionJson(ctx.actor, s),
  courseTitle: s.courseTitle,
});

export async function trainingSessionApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/training/sessions',
    {
      config: member,
      schema: {
        summary: 'Sessions of every course, still to come or past, with their free places',
        querystring: z.object({ when, courseId: z.uuid().optional(), ...pageQuery }),
        response: { 200: pageOut(sessionListOut), ...problems },
      },
    },
    async (request) => {
      const { courseId, ...opts } = request.query;
      // Another partnership's course is not found, rather than an empty list.
      if (courseId) await getCourse(request.ctx, courseId);
      return mapPage(await listSessions(request.ctx, { ...opts, courseId }), listJson(request.ctx));
    },
  );

  api.get(
    '/training/courses/:id/sessions',
    {
      config: member,
      schema: {
        summary: 'The sessions of one course, still to come or past',
        params: idParams,
        querystring: z.object({ when, ...pageQuery }),
        response: { 200: pageOut(sessionListOut), ...problems },
      },
    },
    async (request) => {
      const course = await getCourse(request.ctx, request.params.id);
      const page = await listSessions(request.ctx, { ...request.query, courseId: course.id });
      return mapPage(page, listJson(request.ctx));
    },
  );

  api.post(
    '/training/courses/:id/sessions',
    {
      config: trainer,
      schema: {
        summary: 'Schedule a session of a course, with its places and trainers',
        description: 'A session whose start has passed is refused: no one could book it.',
        params: idParams,
        body: sessionApiSchema,
        response: { 201: sessionDetailOut, ...problems },
      },
    },
    async (request, reply) => {
      const id = await scheduleSession(request.ctx, request.params.id, request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/training/sessions/${id}`)
        .send(await sessionNow(request.ctx, id));
    },
  );

  api.post(
    '/training/courses/:id/sessions/series',
    {
      config: trainer,
      schema: {
        summary: 'Schedule a repeating series, such as the second Tuesday of every month',
        description:
          'All the sessions or none: a series whose first date has passed, or with a time the ' +
          'clocks skip, is refused. Each session is then changed or cancelled on its own.',
        params: idParams,
        body: seriesApiSchema,
        response: {
          201: z.object({
            description: z.string(),
            sessions: z.array(z.object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string() })),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const plan = planSeries(request.ctx, request.body);
      const ids = await scheduleSeries(request.ctx, request.params.id, request.body);
      return reply.status(201).send({
        description: plan.description,
        sessions: plan.sessions.map((s, i) => ({
          id: ids[i]!,
          startsAt: iso(s.startsAt),
          endsAt: iso(s.endsAt),
        })),
      });
    },
  );

  api.get(
    '/training/sessions/:id',
    {
      config: member,
      schema: {
        summary: 'One session: when, where, its places and trainers',
        params: idParams,
        response: { 200: sessionDetailOut, ...problems },
      },
    },
    async (request) => sessionNow(request.ctx, request.params.id),
  );

  api.put(
    '/training/sessions/:id',
    {
      config: trainer,
      schema: {
        summary: 'Change a session; its places cannot go below those already taken',
        description:
          'A session cannot be moved to a start that has passed. One under way can still be ' +
          'changed if its startsAt is sent as it is.',
        params: idParams,
        body: sessionApiSchema,
        response: { 200: sessionDetailOut, ...problems },
      },
    },
    async (request) => {
      await updateSession(request.ctx, request.params.id, request.body);
      return sessionNow(request.ctx, request.params.id);
    },
  );

  api.post(
    '/training/sessions/:id/cancel',
    {
      config: trainer,
      schema: {
        summary: 'Cancel a session: its bookings end and everyone on it or waiting is emailed',
        params: idParams,
        response: { 200: sessionDetailOut, ...problems, 409: problemOut },
      },
    },
    async (request) => {
      await cancelSession(request.ctx, request.params.id);
      return sessionNow(request.ctx, request.params.id);
    },
  );
}
