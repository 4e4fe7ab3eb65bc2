import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso, mapPage, pageOut, problems } from '../../platform/http/api.js';
import { bookingJson, bookingOut, missingOut, pageQuery, refusedOut } from './api-out.js';
import { bookTeamMember } from './booking-access.js';
import {
  bookingsOfPerson,
  cancelBookingOf,
  openStatuses,
  sessionBookings,
} from './booking-lists.js';
import { bookingSchema, teamBookingSchema } from './schemas.js';
import { getSession } from './sessions.js';
import { bookTeam } from './team-booking.js';

// Bookings through the API. A manager's token books the people in its teams, as a manager does
// on the team-booking page: each booking goes through every rule (prerequisites, capacity, the
// waitlist, closed sessions) and a refusal says why. Those who run training see a session's
// bookings and waitlist; trainers, admins and the person's managers see and cancel a person's
// bookings. Accepting an offered place is the person's own decision, so it is not here.

const member = { policy: 'member' as const };
const trainer = { policy: 'trainer' as const };
const manager = { policy: 'manager' as const };
const idParams = z.object({ id: z.uuid() });
const refusals = { ...problems, 409: refusedOut };

const sessionBookingOut = bookingOut.extend({ name: z.string(), email: z.string() });
const personBookingOut = bookingOut.extend({
  startsAt: z.string(),
  courseId: z.uuid(),
  courseTitle: z.string(),
});
const teamResultOut = z.object({
  personId: z.string(),
  name: z.string(),
  outcome: z.enum(['booked', 'waitlisted', 'awaiting_approval', 'refused']),
  reason: z.string().optional(),
  missing: missingOut.optional(),
});

export async function trainingBookingApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/training/sessions/:id/bookings',
    {
      config: trainer,
      schema: {
        summary: 'A session’s bookings: booked, offered, awaiting approval, then the waitlist',
        params: idParams,
        querystring: z.object({ status: z.enum(openStatuses).optional(), ...pageQuery }),
        response: { 200: pageOut(sessionBookingOut), ...problems },
      },
    },
    async (request) =>
      mapPage(await sessionBookings(request.ctx, request.params.id, request.query), (b) => ({
        ...bookingJson(b),
        name: b.name,
        email: b.email,
      })),
  );

  api.post(
    '/training/sessions/:id/bookings',
    {
      config: manager,
      schema: {
        summary: 'Book one person in the token’s teams: a place, or the waitlist when full',
        params: idParams,
        body: bookingSchema,
        response: { 201: bookingOut, ...refusals },
      },
    },
    async (request, reply) => {
      const session = await getSession(request.ctx, request.params.id);
      const booking = await bookTeamMember(request.ctx, session.id, request.body.personId);
      return reply.status(201).send(bookingJson(booking));
    },
  );

  api.post(
    '/training/sessions/:id/team-bookings',
    {
      config: manager,
      schema: {
        summary: 'Book several people in the token’s teams at once; says what happened to each',
        params: idParams,
        body: teamBookingSchema,
        response: { 200: z.object({ results: z.array(teamResultOut) }), ...problems },
      },
    },
    async (request) => {
      const session = await getSession(request.ctx, request.params.id);
      return { results: await bookTeam(request.ctx, session.id, request.body.personIds) };
    },
  );

  api.post(
    '/training/bookings/:id/cancel',
    {
      config: member,
      schema: {
        summary: 'Cancel a booking for its person (trainers, admins, their managers)',
        description:
          'A booked place given up within the partnership’s late-cancellation period counts as ' +
          'late; the place is offered to the next person waiting.',
        params: idParams,
        response: {
          200: z.object({
            id: z.uuid(),
            status: z.enum(['cancelled', 'declined']),
            lateCancellation: z.boolean(),
          }),
          ...refusals,
        },
      },
    },
    async (request) => {
      const ended = await cancelBookingOf(request.ctx, request.params.id);
      return { id: ended.bookingId, status: ended.status, lateCancellation: ended.late };
    },
  );

  api.get(
    '/training/people/:id/bookings',
    {
      config: member,
      schema: {
        summary: 'A person’s bookings, latest first (trainers, admins, their managers)',
        params: idParams,
        querystring: z.object(pageQuery),
        response: { 200: pageOut(personBookingOut), ...problems },
      },
    },
    async (request) => {
      const found = await bookingsOfPerson(request.ctx, request.params.id, request.query.page);
      return mapPage(found, (b) => ({
        ...bookingJson(b),
        startsAt: iso(b.startsAt),
        courseId: b.courseId,
        courseTitle: b.courseTitle,
      }));
    },
  );
}
