import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { errorsFor, type FormErrors } from '../../platform/http/forms.js';
import { forbidden, HttpError, notFound } from '../../platform/http/errors.js';
import { organisations, people } from '../../platform/tenancy/tables.js';
import { registerField, type RegisterMarks } from './schemas.js';
import * as store from './store.js';
import { attendances, type Attendance, trainingBookings } from './tables.js';

// The trainer's register for one session: who attended, came late, left early or was absent.
// Only the session's own trainers and the partnership's admins may see or mark it.

export const attendanceNames: Record<Attendance, string> = {
  attended: 'Attended',
  late: 'Arrived late',
  left_early: 'Left early',
  absent: 'Absent',
};

/**
 * Attendance that completes a course (prerequisites, "Completed", the certificate). Arriving
 * late still means the person took part; leaving early means they missed part of it.
 */
export const COMPLETES: readonly Attendance[] = ['attended', 'late'];

type Tx = Db;

/** The session, if the actor runs it or is an admin: 404 outside the partnership, 403 otherwise. */
async function sessionRunBy(tx: Tx, ctx: ServiceContext, sessionId: string) {
  const actor = ctx.actor as Member;
  const session = await store.findSession(tx, actor.partnershipId, sessionId);
  if (!session) throw notFound();
  const course = await store.findCourse(tx, actor.partnershipId, session.courseId);
  if (!course) throw notFound();
  const trainers = await store.trainersOf(tx, actor.partnershipId, [sessionId]);
  // A service account is no one person who could be among the trainers: a trainer token stands
  // for the partnership's training team, as an admin's does.
  const trainerToken = actor.kind === 'service' && hasRole(actor, 'trainer');
  if (!hasRole(actor, 'admin') && !trainerToken && !trainers.some((t) => t.id === actor.id)) {
    throw forbidden('Only the trainers of this session and admins can use its register.');
  }
  return { session, course, trainers };
}

/** Booked delegates, plus anyone already marked (a booking cancelled after being marked stays). */
async function delegatesOf(tx: Tx, partnershipId: string, sessionId: string) {
  return tx
    .select({
      bookingId: trainingBookings.id,
      personId: people.id,
      name: people.name,
      organisation: organisations.name,
      attendance: trainingBookings.attendance,
    })
    .from(trainingBookings)
    .innerJoin(people, eq(people.id, trainingBookings.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(
      and(
        eq(trainingBookings.partnershipId, partnershipId),
        eq(trainingBookings.sessionId, sessionId),
        or(eq(trainingBookings.status, 'booked'), isNotNull(trainingBookings.attendance)),
      ),
    )
    .orderBy(asc(people.name));
}

export async function openRegister(
  ctx: ServiceContext,
  sessionId: string,
  action: 'viewed' | 'printed' = 'viewed',
) {
  const { partnershipId } = ctx.actor as Member;
  return ctx.db.transaction(async (tx) => {
    const found = await sessionRunBy(tx, ctx, sessionId);
    const delegates = await delegatesOf(tx, partnershipId, sessionId);
    await audit(tx, ctx, {
      action: `training-register.${action}`,
      recordType: 'training-session',
      recordId: sessionId,
    });
    // The register is taken from the start of the session (saveRegister refuses it before).
    return { ...found, delegates, started: found.session.startsAt <= ctx.now };
  });
}

export class RegisterProblem extends Error {
  constructor(
    /** For the page: each message under its row's radios. */
    readonly form: FormErrors,
    /** For the API: booking id to what is wrong with its mark. */
    readonly byBooking: Record<string, string> = {},
  ) {
    super('The register has mistakes');
  }
}

export const fieldOf = registerField;

/**
 * Saves the register. Every delegate needs a mark; if any is missing or unknown, or a mark is
 * for someone not on the register, nothing is saved. Each changed mark is audited against its
 * booking.
 */
export async function saveRegister(ctx: ServiceContext, sessionId: string, input: RegisterMarks) {
  const { partnershipId } = ctx.actor as Member;
  await ctx.db.transaction(async (tx) => {
    const { session } = await sessionRunBy(tx, ctx, sessionId);
    if (session.status === 'cancelled') throw notFound();
    // Marks before the day would count as completions (and open later courses) for good.
    if (session.startsAt > ctx.now)
      throw new HttpError(
        409,
        'This session has not started yet: take the register once it starts.',
      );
    const delegates = await delegatesOf(tx, partnershipId, sessionId);
    const errors: Record<string, string> = {};
    const marks = new Map<string, Attendance>();
    for (const d of delegates) {
      const value = input.get(d.bookingId);
      if (typeof value === 'string' && (attendances as readonly string[]).includes(value)) {
        marks.set(d.bookingId, value as Attendance);
      } else {
        errors[d.bookingId] = `Choose whether ${d.name} attended`;
      }
    }
    for (const bookingId of input.keys()) {
      if (!delegates.some((d) => d.bookingId === bookingId)) {
        errors[bookingId] = 'This booking is not on the register for this session';
      }
    }
    if (Object.keys(errors).length) {
      const byField: Record<string, string> = {};
      for (const [id, message] of Object.entries(errors)) byField[fieldOf(id)] = message;
      throw new RegisterProblem(errorsFor(byField), errors);
    }
    const changed = delegates.filter((d) => marks.get(d.bookingId) !== d.attendance);
    for (const value of attendances) {
      const ids = changed.filter((d) => marks.get(d.bookingId) === value).map((d) => d.bookingId);
      if (!ids.length) continue;
      await tx
        .update(trainingBookings)
        .set({ attendance: value, updatedAt: ctx.now })
        .where(
          and(eq(trainingBookings.partnershipId, partnershipId), inArray(trainingBookings.id, ids)),
        );
    }
    for (const d of changed) {
      await audit(tx, ctx, {
        action: 'training-booking.attendance-recorded',
        recordType: 'training-booking',
        recordId: d.bookingId,
      });
    }
  });
}
