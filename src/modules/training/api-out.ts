import { z } from 'zod';
import type { Actor } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import { iso, isoOrNull, problemOut } from '../../platform/http/api.js';
import { roles, trainingLayers } from '../../platform/tenancy/tables.js';
import { seesJoiningLink } from './sessions.js';
import type { Booking, Course, Session } from './store.js';
import {
  attendances,
  bookingStatuses,
  courseKinds,
  deliveries,
  frequencies,
  sessionStatuses,
} from './tables.js';

// What the training API answers with, and how the services' rows become it.

const named = z.object({ id: z.uuid(), name: z.string() });

export const courseOut = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  learningOutcomes: z.array(z.string()),
  durationMinutes: z.number().int().nullable(),
  delivery: z.enum(deliveries),
  joiningLink: z.string().nullable().meta({
    description: 'The usual joining link: for trainers and admins only, otherwise null',
  }),
  venue: z.string().nullable(),
  audienceLayers: z.array(z.enum(trainingLayers)),
  audienceRoles: z.array(z.enum(roles)),
  audienceNote: z.string().nullable(),
  usualPlaces: z.number().int().nullable(),
  frequency: z.enum(frequencies),
  kind: z.enum(courseKinds),
  retiredAt: z.string().nullable(),
});
export const courseDetailOut = courseOut.extend({
  prerequisites: z
    .array(z.object({ id: z.uuid(), title: z.string() }))
    .meta({ description: 'Courses to complete before this one can be booked' }),
});

export const courseJson = (actor: Actor, c: Course): z.infer<typeof courseOut> => ({
  id: c.id,
  title: c.title,
  summary: c.summary,
  learningOutcomes: c.learningOutcomes,
  durationMinutes: c.durationMinutes,
  delivery: c.delivery,
  // Those who keep the catalogue set it; sessions show theirs only to the people booked.
  joiningLink: allows('trainer', actor) ? c.joiningLink : null,
  venue: c.venue,
  audienceLayers: c.audienceLayers,
  audienceRoles: c.audienceRoles,
  audienceNote: c.audienceNote,
  usualPlaces: c.usualPlaces,
  frequency: c.frequency,
  kind: c.kind,
  retiredAt: isoOrNull(c.retiredAt),
});

export const sessionOut = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  places: z.number().int(),
  placesLeft: z.number().int(),
  waiting: z.number().int().meta({ description: 'People on the waitlist' }),
  delivery: z.enum(deliveries),
  venue: z.string().nullable(),
  joiningLink: z.string().nullable().meta({
    description: 'For the people booked and those running it; for a token, trainers and admins',
  }),
  status: z.enum(sessionStatuses),
  started: z.boolean(),
  teamId: z.uuid().nullable().meta({ description: 'A closed (bespoke) session’s team' }),
  trainers: z.array(named),
});
export const sessionListOut = sessionOut.extend({ courseTitle: z.string() });
export const sessionDetailOut = sessionOut.extend({
  course: z.object({ id: z.uuid(), title: z.string() }),
});

type SessionRow = Session & {
  free: number;
  waiting: number;
  started: boolean;
  trainers: { id: string; name: string }[];
};

export const sessionJson = (
  actor: Actor,
  s: SessionRow,
  booking: { status: string } | null = null,
): z.infer<typeof sessionOut> => ({
  id: s.id,
  courseId: s.courseId,
  startsAt: iso(s.startsAt),
  endsAt: iso(s.endsAt),
  places: s.places,
  placesLeft: s.free,
  waiting: s.waiting,
  delivery: s.delivery,
  venue: s.venue,
  joiningLink: seesJoiningLink(actor, { booking, trainers: s.trainers }) ? s.joiningLink : null,
  status: s.status,
  started: s.started,
  teamId: s.teamId,
  trainers: s.trainers.map((t) => ({ id: t.id, name: t.name })),
});

export const bookingOut = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  personId: z.uuid(),
  status: z.enum(bookingStatuses),
  attendance: z.enum(attendances).nullable(),
  offerExpiresAt: z.string().nullable(),
  position: z.number().int().nullable().meta({ description: 'Place on the waitlist, from 1' }),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});

export const bookingJson = (
  b: Pick<
    Booking,
    | 'id'
    | 'sessionId'
    | 'personId'
    | 'status'
    | 'attendance'
    | 'offerExpiresAt'
    | 'createdAt'
    | 'cancelledAt'
  > & { position?: number },
): z.infer<typeof bookingOut> => ({
  id: b.id,
  sessionId: b.sessionId,
  personId: b.personId,
  status: b.status,
  attendance: b.attendance,
  offerExpiresAt: isoOrNull(b.offerExpiresAt),
  position: b.status === 'waitlisted' && b.position !== undefined ? b.position : null,
  createdAt: iso(b.createdAt),
  cancelledAt: isoOrNull(b.cancelledAt),
});

export const missingOut = z
  .array(z.object({ id: z.uuid(), title: z.string() }))
  .meta({ description: 'Courses the person must complete first' });

/** A refused booking: why in `detail`, and any courses to complete first in `missing`. */
export const refusedOut = problemOut.extend({ missing: missingOut.optional() });

/** `?page=`, as on the pages: a page past the end is simply empty. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).optional(),
};
