import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { mailsTo } from '../../../test/support/ics.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession, cancelBooking } from './bookings.js';
import { expireOffers, sendTrainingReminders } from './jobs.js';
import { getSession, updateSession } from './sessions.js';
import { DEFAULT_OFFER_HOURS } from './settings.js';
import { trainingBookings } from './tables.js';

// The reminder and offer-expiry sweeps, run directly on the fake clock: running twice sends once.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('training jobs', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const as = (p: Awaited<ReturnType<typeof makePerson>>) => asPerson(t, p);
  const job = () => ({
    db: t.database.db,
    mail: t.mail,
    now: t.clock.now(),
    baseUrl: 'http://localhost',
  });
  const subjectsTo = async (email: string) => {
    await t.mail.deliverPending();
    return mailsTo(smtp.received, email).map((m) => m.subject ?? '');
  };

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

  it('reminds booked delegates 7 days and 1 day before, each once', async () => {
    const { sessionId } = await courseWithSession(as(trainer), {
      days: 10,
      course: { title: 'Reminded course' },
    });
    const delegate = await makePerson(t.database.db, partnershipId);
    const leaver = await makePerson(t.database.db, partnershipId);
    await bookSession(as(delegate), sessionId);
    await bookSession(as(leaver), sessionId);
    await cancelBooking(as(leaver), sessionId);

    assert.equal(await sendTrainingReminders(job()), 0, 'nothing due 10 days out');
    t.clock.advance(3 * DAY + HOUR);
    assert.equal(await sendTrainingReminders(job()), 1);
    assert.equal(await sendTrainingReminders(job()), 0, 'running again sends nothing');
    t.clock.advance(5 * DAY);
    assert.equal(await sendTrainingReminders(job()), 0);
    t.clock.advance(DAY);
    assert.equal(await sendTrainingReminders(job()), 1);
    assert.equal(await sendTrainingReminders(job()), 0);
    t.clock.advance(DAY);
    assert.equal(await sendTrainingReminders(job()), 0, 'nothing after the start');

    const subjects = await subjectsTo(delegate.email);
    assert.deepEqual(subjects.filter((s) => !s.startsWith('Booked')).sort(), [
      'In a week: Reminded course',
      'Tomorrow: Reminded course',
    ]);
    assert.ok(!(await subjectsTo(leaver.email)).some((s) => /In a week|Tomorrow/.test(s)));
  });

  it('reminds again before a session that has been moved', async () => {
    const { sessionId } = await courseWithSession(as(trainer), {
      days: 8,
      course: { title: 'Moved course' },
    });
    const delegate = await makePerson(t.database.db, partnershipId);
    await bookSession(as(delegate), sessionId);
    t.clock.advance(DAY + HOUR);
    assert.equal(await sendTrainingReminders(job()), 1, 'a week before');
    const s = await getSession(as(trainer), sessionId);
    const same = {
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      places: s.places,
      delivery: s.delivery,
      joiningLink: s.joiningLink,
      venue: s.venue,
      trainerIds: [trainer.id],
    };
    // A new room, the same time: the reminder already sent stands.
    await updateSession(as(trainer), sessionId, { ...same, venue: 'Room 2, the Civic Centre' });
    assert.equal(await sendTrainingReminders(job()), 0, 'not again for a new room');
    // Put back by four weeks: a week before the new date, the reminder is due again.
    const later = (d: Date) => new Date(d.getTime() + 28 * DAY);
    await updateSession(as(trainer), sessionId, {
      ...same,
      startsAt: later(s.startsAt),
      endsAt: later(s.endsAt),
    });
    assert.equal(await sendTrainingReminders(job()), 0, 'not yet');
    t.clock.advance(28 * DAY);
    assert.equal(await sendTrainingReminders(job()), 1, 'a week before the new date');
    const subjects = await subjectsTo(delegate.email);
    assert.equal(subjects.filter((x) => x === 'In a week: Moved course').length, 2);
  });

  it('expires a lapsed offer and passes the place to the next person waiting, once', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 1, days: 14 });
    const [holder, first, second] = [
      await makePerson(t.database.db, partnershipId),
      await makePerson(t.database.db, partnershipId),
      await makePerson(t.database.db, partnershipId),
    ];
    await bookSession(as(holder), sessionId);
    await bookSession(as(first), sessionId);
    await bookSession(as(second), sessionId);
    await cancelBooking(as(holder), sessionId);
    const statusOf = async (personId: string) =>
      (
        await t.database.db
          .select()
          .from(trainingBookings)
          .where(eq(trainingBookings.sessionId, sessionId))
      ).find((b) => b.personId === personId)!.status;
    assert.equal(await statusOf(first.id), 'offered');

    assert.equal(await expireOffers(job()), 0, 'the offer still stands');
    t.clock.advance(DEFAULT_OFFER_HOURS * HOUR + 1);
    await expireOffers(job());
    await expireOffers(job());
    assert.equal(await statusOf(first.id), 'expired');
    assert.equal(await statusOf(second.id), 'offered');
    const offers = (await subjectsTo(second.email)).filter((s) => s.startsWith('A place is free'));
    assert.equal(offers.length, 1, 'the next person is offered the place once');
  });
});
