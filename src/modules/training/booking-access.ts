import { and, eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden, HttpError, notFound } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import { bookSession } from './bookings.js';
import * as store from './store.js';
import { myTeam } from './team-booking.js';

// Who may see and change someone else's bookings: those who run training (trainers and
// admins), and a manager for the people in their teams, as on the team-booking page. A service
// account (an API token) is held to the same rule by its roles and the teams its admin chose.

/** A person of the actor's partnership, or a 404: another partnership's people do not exist. */
export async function personOfPartnership(db: Db, partnershipId: string, personId: string) {
  const [person] = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), eq(people.id, personId)));
  if (!person) throw notFound();
  return person;
}

/** Whether this person is among those the actor books for (their team, or the token's teams). */
export async function inMyTeam(ctx: ServiceContext, personId: string) {
  return allows('manager', ctx.actor) && (await myTeam(ctx)).some((p) => p.id === personId);
}

/**
 * The person, if the actor may act on their bookings; a 404 for someone of another
 * partnership; otherwise a 403, recorded in the audit log as a refusal of `action`.
 */
export async function bookingsOpenTo(
  ctx: ServiceContext,
  personId: string,
  action: string,
  record: { type: string; id: string },
) {
  const { partnershipId, id } = ctx.actor as Member;
  const person = await personOfPartnership(ctx.db, partnershipId, personId);
  if (personId === id || allows('trainer', ctx.actor) || (await inMyTeam(ctx, personId))) {
    return person;
  }
  throw new HttpError(
    403,
    'Forbidden',
    'Only trainers, admins and the managers of this person’s teams can do this.',
    { action, recordType: record.type, recordId: record.id, outcome: 'denied' },
  );
}

/**
 * Books one person in the actor's teams, with every rule of a booking (prerequisites, capacity,
 * waitlist); someone outside those teams is a 403, someone of another partnership a 404.
 * Returns the booking as it now stands.
 */
export async function bookTeamMember(ctx: ServiceContext, sessionId: string, personId: string) {
  const { partnershipId } = ctx.actor as Member;
  await personOfPartnership(ctx.db, partnershipId, personId);
  if (!(await inMyTeam(ctx, personId))) throw forbidden('This person is not in one of your teams.');
  await bookSession(ctx, sessionId, personId);
  const live = await store.liveBooking(ctx.db, partnershipId, sessionId, personId);
  const booking = live && (await store.findBooking(ctx.db, partnershipId, live.id));
  // Only if it was cancelled in the moment between booking and reading it back.
  if (!booking) throw new HttpError(409, 'The booking was ended as soon as it was made.');
  return booking;
}
