import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { validateForm } from '../../platform/http/forms.js';
import { bookSession, cancelBooking } from './bookings.js';
import { saveSettings, settingsOf, settingsSchema } from './settings.js';
import { trainingBookings } from './tables.js';
import { bookTeam } from './team-booking.js';
import { trainingCancellations } from './tables-completion.js';

// A partnership's training settings are what booking uses: approval, how long an offer is
// held, and when a cancellation is late.

const HOUR = 3_600_000;
type Person = Awaited<ReturnType<typeof makePerson>>;

describe('training settings', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(); // Saturday 21 November 2026, 10:00
  });
  after(() => t.close());

  const partnership = async () => {
    const made = await makePartnership(t.database.db);
    const p = made.partnership.id;
    return {
      id: p,
      teamId: made.team.id,
      admin: await makePerson(t.database.db, p, { roles: ['admin'] }),
      trainer: await makePerson(t.database.db, p, { roles: ['trainer'] }),
      person: (teamIds: string[] = []) => makePerson(t.database.db, p, { teamIds }),
    };
  };
  const bookingOf = async (sessionId: string, p: Person) =>
    (
      await t.database.db
        .select()
        .from(trainingBookings)
        .where(and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, p.id)))
    )[0]!;

  it('starts from the defaults: no approval, 48 hours, 5 working days', async () => {
    const p = await partnership();
    assert.deepEqual(await settingsOf(t.database.db, p.id), {
      approvalRequired: false,
      offerHoldHours: 48,
      lateCancellationWorkingDays: 5,
    });
  });

  it('holds an offered place for the partnership’s hours, and times late cancellation by its working days', async () => {
    const p = await partnership();
    await saveSettings(asPerson(t, p.admin), {
      approvalRequired: false,
      offerHoldHours: 24,
      lateCancellationWorkingDays: 3,
    });
    // The session is on Monday 30 November.
    const { sessionId } = await courseWithSession(asPerson(t, p.trainer), { places: 1, days: 9 });
    const [first, second] = [await p.person(), await p.person()];
    await bookSession(asPerson(t, first), sessionId);
    await bookSession(asPerson(t, second), sessionId);
    t.clock.advance(3 * 24 * HOUR); // Tuesday 24 November: 3 working days' notice
    try {
      await cancelBooking(asPerson(t, first), sessionId);
      const offered = await bookingOf(sessionId, second);
      assert.equal(offered.status, 'offered');
      assert.equal(offered.offerExpiresAt!.getTime(), t.clock.now().getTime() + 24 * HOUR);
      const [notice] = await t.database.db
        .select()
        .from(trainingCancellations)
        .where(eq(trainingCancellations.bookingId, (await bookingOf(sessionId, first)).id));
      assert.deepEqual(
        { late: notice!.late, days: notice!.workingDaysNotice },
        { late: false, days: 3 },
        'late only with fewer than 3 days, not the default 5',
      );
    } finally {
      t.clock.advance(-3 * 24 * HOUR);
    }
  });

  it('asks for a manager’s approval once switched on, and only for self-bookings', async () => {
    const p = await partnership();
    await saveSettings(asPerson(t, p.admin), {
      approvalRequired: true,
      offerHoldHours: 48,
      lateCancellationWorkingDays: 5,
    });
    assert.equal((await settingsOf(t.database.db, p.id)).approvalRequired, true);
    const { sessionId } = await courseWithSession(asPerson(t, p.trainer));
    const boss = await makePerson(t.database.db, p.id, { roles: ['manager'], teamIds: [p.teamId] });
    assert.equal(
      await bookSession(asPerson(t, await p.person([p.teamId])), sessionId),
      'awaiting_approval',
    );
    const member = await p.person([p.teamId]);
    const [booked] = await bookTeam(asPerson(t, boss), sessionId, [member.id]);
    assert.equal(booked!.outcome, 'booked', 'a manager booking their team needs no approval');
  });

  it('checks the form: yes or no, and whole numbers in range', () => {
    const bad = validateForm(settingsSchema, {
      offerHoldHours: 'two days',
      lateCancellationWorkingDays: '31',
    });
    assert.ok(!bad.ok);
    assert.match(bad.errors.approvalRequired!, /Choose whether bookings need/);
    assert.match(bad.errors.offerHoldHours!, /must be a number/);
    assert.match(bad.errors.lateCancellationWorkingDays!, /30 or fewer/);
    const good = validateForm(settingsSchema, {
      approvalRequired: 'yes',
      offerHoldHours: '72',
      lateCancellationWorkingDays: '0',
    });
    assert.ok(good.ok);
    assert.deepEqual(good.data, {
      approvalRequired: true,
      offerHoldHours: 72,
      lateCancellationWorkingDays: 0,
    });
  });
});
