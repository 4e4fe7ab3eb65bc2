import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { calendarOf, mailsTo } from '../../../test/support/ics.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { acceptOffer, bookSession, cancelBooking } from './bookings.js';
import { updateSession } from './sessions.js';

// Booking confirmations reach a real SMTP server with a calendar invitation that reads back.

describe('booking confirmation emails', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const as = (p: Awaited<ReturnType<typeof makePerson>>) => asPerson(t, p);

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('emails the booked delegate an .ics request with the session in UTC', async () => {
    const { sessionId } = await courseWithSession(as(trainer), {
      course: { title: 'Restorative practice: an introduction' },
    });
    const delegate = await makePerson(t.database.db, partnershipId);
    assert.equal(await bookSession(as(delegate), sessionId), 'booked');
    await t.mail.deliverPending();
    const mails = mailsTo(smtp.received, delegate.email);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject ?? '', /Booked: Restorative practice/);
    const ics = calendarOf(mails[0]!);
    assert.match(ics.contentType, /^text\/calendar/);
    assert.equal(ics.lines[0], 'BEGIN:VCALENDAR');
    assert.equal(ics.lines.at(-1), 'END:VCALENDAR');
    assert.equal(ics.value('METHOD'), 'METHOD:REQUEST');
    // The test clock is 2026-11-21 10:00Z; the session is a week later.
    assert.match(ics.value('DTSTART')!, /:20261128T100000Z$/);
    assert.match(ics.value('DTEND')!, /:20261128T130000Z$/);
    assert.equal(ics.value('SUMMARY'), 'SUMMARY:Restorative practice: an introduction');
    assert.equal(ics.value('UID'), `UID:training-session-${sessionId}@doing-with`);
    assert.equal(ics.value('SEQUENCE'), 'SEQUENCE:0');
    assert.match(ics.value('ATTENDEE')!, new RegExp(`mailto:${delegate.email}$`, 'i'));
    assert.match(ics.value('ORGANIZER')!, /mailto:/i);
  });

  it('sends no confirmation to the waitlist, and one when an offered place is taken', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 1 });
    const first = await makePerson(t.database.db, partnershipId);
    const second = await makePerson(t.database.db, partnershipId);
    await bookSession(as(first), sessionId);
    assert.equal(await bookSession(as(second), sessionId), 'waitlisted');
    await cancelBooking(as(first), sessionId);
    await acceptOffer(as(second), sessionId);
    await t.mail.deliverPending();
    const subjects = mailsTo(smtp.received, second.email).map((m) => m.subject);
    assert.equal(subjects.filter((s) => s?.startsWith('Booked:')).length, 1);
    assert.equal(subjects.filter((s) => s?.startsWith('A place is free')).length, 1);
  });

  it('emails every booked delegate an updated .ics (same UID, SEQUENCE+1) when the time moves', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { course: { title: 'Moved' } });
    const booked = await makePerson(t.database.db, partnershipId);
    await bookSession(as(booked), sessionId);
    const startsAt = new Date(t.clock.now().getTime() + 8 * 86_400_000);
    const input = {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      places: 20,
      delivery: 'online' as const,
      joiningLink: 'https://video.example/secret-room',
      venue: null,
      trainerIds: [trainer.id],
    };
    await updateSession(as(trainer), sessionId, input);
    await updateSession(as(trainer), sessionId, { ...input, places: 25 }); // not a move: no email
    await updateSession(as(trainer), sessionId, {
      ...input,
      joiningLink: 'https://video.example/new-room',
    });
    await t.mail.deliverPending();
    const changed = mailsTo(smtp.received, booked.email).filter((m) =>
      m.subject?.startsWith('Changed: Moved'),
    );
    assert.equal(changed.length, 2);
    const [first, second] = changed
      .map(calendarOf)
      .sort((a, b) => a.value('SEQUENCE')!.localeCompare(b.value('SEQUENCE')!));
    assert.equal(first!.value('UID'), `UID:training-session-${sessionId}@doing-with`);
    assert.equal(second!.value('UID'), first!.value('UID'));
    assert.equal(first!.value('SEQUENCE'), 'SEQUENCE:1');
    assert.equal(second!.value('SEQUENCE'), 'SEQUENCE:2');
    assert.equal(first!.value('METHOD'), 'METHOD:REQUEST');
    assert.match(first!.value('DTSTART')!, /:20261129T100000Z$/);
    assert.match(second!.value('LOCATION')!, /new-room/);
  });
});
