import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemOut, problems } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { openRegister, saveRegister } from './attendance.js';
import { registerApiSchema } from './schemas.js';
import { attendances } from './tables.js';

// The trainer's attendance register: who attended, came late, left early or was absent. As on
// the page, every delegate needs a mark or nothing is saved; attending completes the course.
// Only the session's trainers and admins use it (a token: trainers' and admins').

const trainer = { policy: 'trainer' as const };
const idParams = z.object({ id: z.uuid() });

const registerOut = z.object({
  sessionId: z.uuid(),
  courseId: z.uuid(),
  startsAt: z.string(),
  delegates: z.array(
    z.object({
      bookingId: z.uuid(),
      personId: z.uuid(),
      name: z.string(),
      organisation: z.string().nullable(),
      attendance: z.enum(attendances).nullable(),
    }),
  ),
});

/** The register as it stands: reading it is audited, as on the page. */
async function registerNow(ctx: ServiceContext, sessionId: string) {
  const r = await openRegister(ctx, sessionId);
  return {
    sessionId: r.session.id,
    courseId: r.course.id,
    startsAt: r.session.startsAt.toISOString(),
    delegates: r.delegates,
  };
}

export async function trainingAttendanceApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/training/sessions/:id/register',
    {
      config: trainer,
      schema: {
        summary: 'A session’s register: its booked delegates and their marks',
        params: idParams,
        response: { 200: registerOut, ...problems },
      },
    },
    async (request) => registerNow(request.ctx, request.params.id),
  );

  api.put(
    '/training/sessions/:id/register',
    {
      config: trainer,
      schema: {
        summary: 'Record the register: a mark for every delegate, or nothing is saved',
        params: idParams,
        body: registerApiSchema,
        response: { 200: registerOut, ...problems, 409: problemOut },
      },
    },
    async (request) => {
      await saveRegister(request.ctx, request.params.id, request.body);
      return registerNow(request.ctx, request.params.id);
    },
  );
}
