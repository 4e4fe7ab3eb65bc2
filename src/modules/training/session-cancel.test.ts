import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { calendarOf, mailsTo } from '../../../test/support/ics.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { eq } from 'drizzle-orm';
import { HttpError } from '../../platform/http/errors.js';
import { bookSession, cancelBooking } from './bookings.js';
import { cancelSession } from './sessions.js';
import { trainingBookings } from './tables.js';

// A cancelled session reaches a real SMTP server: the booked delegate's email carries a
// METHOD:CANCEL for the invitation's UID, with a higher SEQUENCE, so calendars remove it.

describe('the session-cancelled email', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let partnershipId: string;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('cancels the booked delegate’s calendar entry, and tells the person waiting without one', async () => {
    const trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      places: 1,
      course: { title: 'Called off' },
    });
    const booked = await makePerson(t.database.db, partnershipId);
    const waiting = await makePerson(t.database.db, partnershipId);
    await bookSession(asPerson(t, booked), sessionId);
    await bookSession(asPerson(t, waiting), sessionId);
    await cancelSession(asPerson(t, trainer), sessionId);
    await t.mail.deliverPending();

    const toBooked = mailsTo(smtp.received, booked.email);
    const invite = calendarOf(toBooked.find((m) => m.subject === 'Booked: Called off')!);
    const cancelled = toBooked.find((m) => m.subject === 'Cancelled: Called off')!;
    assert.match(cancelled.text ?? '', /takes it out of your calendar/);
    const ics = calendarOf(cancelled);
    assert.match(ics.contentType, /^text\/calendar/);
    assert.equal(ics.value('METHOD'), 'METHOD:CANCEL');
    assert.equal(ics.value('STATUS'), 'STATUS:CANCELLED');
    assert.equal(ics.value('UID'), invite.value('UID'));
    assert.equal(ics.value('UID'), `UID:training-session-${sessionId}@doing-with`);
    const sequence = (c: typeof ics) => Number(c.value('SEQUENCE')!.split(':')[1]);
    assert.ok(sequence(ics) > sequence(invite), 'a later SEQUENCE than the invitation');

    const toWaiting = mailsTo(smtp.received, waiting.email);
    const told = toWaiting.find((m) => m.subject === 'Cancelled: Called off')!;
    assert.match(told.text ?? '', /you were waiting for a place on has been cancelled/);
    assert.equal(told.attachments.length, 0);
  });

  it('keeps a session that has started, and its bookings: neither can be cancelled then', async () => {
    const trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      days: 1,
      course: { title: 'Under way' },
    });
    const delegate = await makePerson(t.database.db, partnershipId);
    assert.equal(await bookSession(asPerson(t, delegate), sessionId), 'booked');
    t.clock.advance(25 * 3_600_000); // an hour after it started
    const started = (e: unknown) => e instanceof HttpError && e.statusCode === 409;
    await assert.rejects(cancelBooking(asPerson(t, delegate), sessionId), started);
    await assert.rejects(cancelSession(asPerson(t, trainer), sessionId), started);
    const [booking] = await t.database.db
      .select()
      .from(trainingBookings)
      .where(eq(trainingBookings.personId, delegate.id));
    assert.equal(booking!.status, 'booked');
  });
});
