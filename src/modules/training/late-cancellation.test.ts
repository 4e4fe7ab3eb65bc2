import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession, cancelBooking } from './bookings.js';
import { lateness, workingDaysBetween } from './late-cancellation.js';
import { trainingBookings } from './tables.js';
import { trainingCancellations, trainingSettings } from './tables-completion.js';

const at = (iso: string) => new Date(iso);

describe('late cancellation: working days before the session', () => {
  it('skips a weekend: Monday to the next Monday is 4 working days, late; the Friday before is 5', () => {
    const start = at('2026-11-30T10:00:00Z');
    assert.deepEqual(lateness(at('2026-11-23T09:00:00Z'), start, 5), {
      workingDaysNotice: 4,
      late: true,
    });
    assert.deepEqual(lateness(at('2026-11-20T16:00:00Z'), start, 5), {
      workingDaysNotice: 5,
      late: false,
    });
  });

  it('skips Christmas, the Boxing Day substitute and New Year’s Day', () => {
    const start = at('2027-01-04T10:00:00Z'); // Monday after New Year
    // 22, 23, 24 December and 29, 30, 31 December: 25th, 28th (substitute) and 1st are holidays.
    assert.equal(workingDaysBetween(at('2026-12-21T12:00:00Z'), start), 6);
    // Without the bank holidays 23 December would give 7 days; with them it gives 4: late.
    assert.deepEqual(lateness(at('2026-12-23T12:00:00Z'), start, 5), {
      workingDaysNotice: 4,
      late: true,
    });
  });

  it('skips Good Friday and Easter Monday', () => {
    const start = at('2027-04-01T09:00:00+01:00'); // Thursday after Easter 2027
    assert.deepEqual(lateness(at('2027-03-25T10:00:00Z'), start, 5), {
      workingDaysNotice: 2,
      late: true,
    });
    assert.deepEqual(lateness(at('2027-03-22T10:00:00Z'), start, 5), {
      workingDaysNotice: 5,
      late: false,
    });
  });

  it('counts UK dates, not UTC: 23:30 on a summer Sunday in London is already Monday', () => {
    const start = at('2027-06-14T09:00:00+01:00'); // Monday
    // 2027-06-06T23:30Z is Monday 7 June 00:30 in London: Tue..Fri = 4 days.
    assert.equal(workingDaysBetween(at('2027-06-06T23:30:00Z'), start), 4);
  });
});

describe('late cancellation: recorded when a delegate cancels', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const person = () => makePerson(t.database.db, partnershipId);
  const recordOf = async (sessionId: string, personId: string) => {
    const rows = await t.database.db
      .select({ late: trainingCancellations.late, notice: trainingCancellations.workingDaysNotice })
      .from(trainingCancellations)
      .innerJoin(trainingBookings, eq(trainingBookings.id, trainingCancellations.bookingId))
      .where(
        and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, personId)),
      );
    return rows.length ? rows : null;
  };

  before(async () => {
    t = await startTestApp(); // the clock starts on Saturday 21 November 2026, 10:00
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('marks a cancellation on the Monday before a Monday session late, and one on the Saturday before not', async () => {
    const early = await person();
    const late = await person();
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { days: 9 }); // Mon 30 Nov
    await bookSession(asPerson(t, early), sessionId);
    await bookSession(asPerson(t, late), sessionId);
    await cancelBooking(asPerson(t, early), sessionId);
    assert.deepEqual(await recordOf(sessionId, early.id), [{ late: false, notice: 5 }]);

    t.clock.advance(2 * 86_400_000); // Monday 23 November
    await cancelBooking(asPerson(t, late), sessionId);
    assert.deepEqual(await recordOf(sessionId, late.id), [{ late: true, notice: 4 }]);
  });

  it('uses the partnership’s own number of working days, and ignores leaving a waitlist', async () => {
    const p2 = (await makePartnership(t.database.db)).partnership.id;
    await t.database.db
      .insert(trainingSettings)
      .values({ partnershipId: p2, lateCancellationWorkingDays: 3 });
    const trainer2 = await makePerson(t.database.db, p2, { roles: ['trainer'] });
    const delegate = await makePerson(t.database.db, p2);
    const waiting = await makePerson(t.database.db, p2);
    const { sessionId } = await courseWithSession(asPerson(t, trainer2), { days: 6, places: 1 });
    await bookSession(asPerson(t, delegate), sessionId);
    assert.equal(await bookSession(asPerson(t, waiting), sessionId), 'waitlisted');
    await cancelBooking(asPerson(t, waiting), sessionId);
    assert.equal(await recordOf(sessionId, waiting.id), null);
    await cancelBooking(asPerson(t, delegate), sessionId);
    // Friday 27 November: 4 working days' notice, late by the default of 5 but not by 3.
    assert.deepEqual(await recordOf(sessionId, delegate.id), [{ late: false, notice: 4 }]);
  });
});
