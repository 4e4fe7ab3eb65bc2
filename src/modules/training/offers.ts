import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDateTime } from '../../platform/views/env.js';
import { offerHoldHours } from './settings.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses } from './tables.js';

/**
 * Gives a session's free places to the people waiting, first come first served, and emails
 * each one in the same transaction. Offers that have lapsed pass on first. The caller holds
 * the session's row lock.
 */
export async function offerFreePlaces(tx: Db, ctx: ServiceContext, session: store.Session) {
  const partnershipId = (ctx.actor as Member).partnershipId;
  const lapsed = await tx
    .update(trainingBookings)
    .set({ status: 'expired', updatedAt: ctx.now })
    .where(
      and(
        eq(trainingBookings.sessionId, session.id),
        eq(trainingBookings.status, 'offered'),
        lte(trainingBookings.offerExpiresAt, ctx.now),
      ),
    )
    .returning({ id: trainingBookings.id });
  for (const b of lapsed) {
    await audit(tx, ctx, {
      action: 'training-booking.offer-expired',
      recordType: 'training-booking',
      recordId: b.id,
    });
  }
  if (session.status !== 'scheduled' || session.startsAt <= ctx.now) return;

  const held = (await store.placeCounts(tx, partnershipId, [session.id])).get(session.id)!.held;
  const free = session.places - held;
  if (free <= 0) return;
  const next = await tx
    .select({ id: trainingBookings.id, email: people.email, name: people.name })
    .from(trainingBookings)
    .innerJoin(people, eq(people.id, trainingBookings.personId))
    .where(
      and(eq(trainingBookings.sessionId, session.id), eq(trainingBookings.status, 'waitlisted')),
    )
    .orderBy(asc(trainingBookings.createdAt), asc(trainingBookings.id))
    .limit(free);
  if (!next.length) return;
  const [course] = await tx
    .select({ id: trainingCourses.id, title: trainingCourses.title })
    .from(trainingCourses)
    .where(eq(trainingCourses.id, session.courseId));
  // Held for as long as the partnership's settings say (48 hours unless changed), but never past
  // half the time left before the start: a place freed late still reaches the people after.
  const hours = await offerHoldHours(tx, partnershipId);
  const halfway = ctx.now.getTime() + (session.startsAt.getTime() - ctx.now.getTime()) / 2;
  const expiresAt = new Date(Math.min(ctx.now.getTime() + hours * 3_600_000, halfway));
  await tx
    .update(trainingBookings)
    .set({ status: 'offered', offerExpiresAt: expiresAt, updatedAt: ctx.now })
    .where(
      inArray(
        trainingBookings.id,
        next.map((b) => b.id),
      ),
    );
  for (const person of next) {
    await ctx.mail.queue(tx, {
      partnershipId,
      to: person.email,
      subject: `A place is free: ${course!.title}`,
      text: [
        `Dear ${person.name},`,
        '',
        `A place has come free on ${course!.title} on ${ukDateTime(session.startsAt)}, and it is yours if you want it.`,
        `We will hold it for you until ${ukDateTime(expiresAt)}. After that it goes to the next person waiting.`,
        '',
        `Accept or decline the place here: ${ctx.baseUrl}/training/sessions/${session.id}`,
      ].join('\n'),
    });
    await audit(tx, ctx, {
      action: 'training-booking.offered',
      recordType: 'training-booking',
      recordId: person.id,
    });
  }
}
