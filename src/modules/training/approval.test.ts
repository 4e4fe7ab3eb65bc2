import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { outbox } from '../../platform/mail/tables.js';
import { approveBooking, declineBooking, setApprovalRequired } from './approval.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';
import { trainingBookingApprovals } from './tables-booking.js';

// Optional line-manager approval: off by default; when on, a self-booking holds no place until
// a manager in one of the person's teams approves it.

describe('line-manager approval', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
  });
  after(() => t.close());

  it('is off by default, and when on holds no place until the manager approves or declines', async () => {
    const db = t.database.db;
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    const manager = await makePerson(db, partnershipId, { roles: ['manager'], teamIds: [teamId] });
    const otherManager = await makePerson(db, partnershipId, { roles: ['manager'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const early = await makePerson(db, partnershipId, { teamIds: [teamId] });
    assert.equal(await bookSession(asPerson(t, early), sessionId), 'booked', 'off by default');

    await setApprovalRequired(asPerson(t, admin), true);
    const [a, b] = [
      await makePerson(db, partnershipId, { teamIds: [teamId] }),
      await makePerson(db, partnershipId, { teamIds: [teamId] }),
    ];
    assert.equal(await bookSession(asPerson(t, a), sessionId), 'awaiting_approval');
    assert.equal(await bookSession(asPerson(t, b), sessionId), 'awaiting_approval');
    const rowOf = async (personId: string) =>
      (
        await db.select().from(trainingBookings).where(eq(trainingBookings.sessionId, sessionId))
      ).find((r) => r.personId === personId)!;

    await assert.rejects(
      approveBooking(asPerson(t, otherManager), (await rowOf(a.id)).id),
      /Not found|not found/i,
    );
    assert.equal(await approveBooking(asPerson(t, manager), (await rowOf(a.id)).id), 'waitlisted');
    await declineBooking(asPerson(t, manager), (await rowOf(b.id)).id, 'Not this quarter');
    assert.equal((await rowOf(b.id)).status, 'declined');
    const [decision] = await db
      .select()
      .from(trainingBookingApprovals)
      .where(eq(trainingBookingApprovals.bookingId, (await rowOf(b.id)).id));
    assert.equal(decision!.reason, 'Not this quarter');
    const mails = await db.select().from(outbox);
    assert.ok(mails.some((m) => m.to === a.email && /waitlist/.test(m.text)));
    assert.ok(mails.some((m) => m.to === b.email && /Not this quarter/.test(m.text)));
  });
});
