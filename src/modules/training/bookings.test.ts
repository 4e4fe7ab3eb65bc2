import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession, markAttended } from '../../../test/support/training.js';
import { acceptOffer, bookSession, cancelBooking } from './bookings.js';
import { HttpError } from '../../platform/http/errors.js';
import { retireCourse } from './courses.js';
import { myTraining } from './mine.js';
import { BookingRefused, FormProblem } from './problems.js';
import { cancelSession, getSession, updateSession } from './sessions.js';
import { trainingBookings } from './tables.js';

const HOUR = 3_600_000;

describe('booking a training session', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const person = () => makePerson(t.database.db, partnershipId);
  const as = (p: Awaited<ReturnType<typeof makePerson>>) => asPerson(t, p);
  const bookingsOf = (sessionId: string) =>
    t.database.db.select().from(trainingBookings).where(eq(trainingBookings.sessionId, sessionId));

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('refuses a course whose prerequisite is missing, naming it, and books once it is done', async () => {
    const intro = await courseWithSession(as(trainer), { course: { title: 'Introduction' } });
    const dev = await courseWithSession(as(trainer), {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
    const delegate = await person();
    await assert.rejects(bookSession(as(delegate), dev.sessionId), (e: unknown) => {
      assert.ok(e instanceof BookingRefused);
      assert.equal(e.reason, 'Before you can book Development, you need to complete Introduction.');
      assert.deepEqual(e.missing, [{ id: intro.courseId, title: 'Introduction' }]);
      return true;
    });
    assert.equal((await bookingsOf(dev.sessionId)).length, 0);
    const titles = (list: { title: string }[]) => list.map((c) => c.title);
    assert.ok(!titles((await myTraining(as(delegate))).canBook).includes('Development'));

    assert.equal(await bookSession(as(delegate), intro.sessionId), 'booked');
    await markAttended(t, intro.sessionId, delegate.id);
    const mine = await myTraining(as(delegate));
    assert.deepEqual(
      mine.done.map((d) => d.courseTitle),
      ['Introduction'],
    );
    assert.ok(titles(mine.canBook).includes('Development'));
    assert.ok(!titles(mine.canBook).includes('Introduction'));
    assert.equal(await bookSession(as(delegate), dev.sessionId), 'booked');

    // A course others still need is not retired: they could no longer be booked.
    await assert.rejects(
      retireCourse(as(trainer), intro.courseId),
      (e: unknown) =>
        e instanceof HttpError && e.statusCode === 409 && /Development/.test(e.message),
    );
  });

  it('never overbooks: 50 simultaneous bookings for 20 places give 20 booked and 30 waiting', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 20 });
    const people = [];
    for (let i = 0; i < 50; i++) people.push(await person());
    const outcomes = await Promise.all(people.map((p) => bookSession(as(p), sessionId)));
    assert.equal(outcomes.filter((o) => o === 'booked').length, 20);
    assert.equal(outcomes.filter((o) => o === 'waitlisted').length, 30);
    const rows = await bookingsOf(sessionId);
    assert.equal(rows.length, 50, 'none is lost');
    assert.equal(rows.filter((r) => r.status === 'booked').length, 20);
    assert.equal(rows.filter((r) => r.status === 'waitlisted').length, 30);
    assert.equal(new Set(rows.map((r) => r.personId)).size, 50);
    const session = await getSession(as(trainer), sessionId);
    assert.equal(session.free, 0);
    assert.equal(session.waiting, 30);
  });

  it('makes double booking impossible, even when both requests arrive together', async () => {
    const { sessionId } = await courseWithSession(as(trainer));
    const delegate = await person();
    const results = await Promise.allSettled([
      bookSession(as(delegate), sessionId),
      bookSession(as(delegate), sessionId),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected')!;
    assert.ok(refused.reason instanceof BookingRefused);
    assert.equal(refused.reason.reason, 'You are already booked on this session.');
    await assert.rejects(bookSession(as(delegate), sessionId), /already booked/);
    assert.equal((await bookingsOf(sessionId)).length, 1);
  });

  it('refuses a cancelled session and one that has started, saying why', async () => {
    const cancelled = await courseWithSession(as(trainer));
    await cancelSession(as(trainer), cancelled.sessionId);
    await assert.rejects(
      bookSession(as(await person()), cancelled.sessionId),
      /This session has been cancelled, so it cannot be booked\./,
    );
    const soon = await courseWithSession(as(trainer), { days: 1 });
    t.clock.advance(25 * HOUR);
    try {
      await assert.rejects(
        bookSession(as(await person()), soon.sessionId),
        /This session has already started, so it cannot be booked\./,
      );
    } finally {
      t.clock.advance(-25 * HOUR);
    }
  });

  it('offers a freed place to the first person waiting, emails them, and books them when they accept', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 2 });
    const [a, b, c, d] = [await person(), await person(), await person(), await person()];
    for (const p of [a, b, c, d]) await bookSession(as(p), sessionId);
    await cancelBooking(as(a), sessionId);

    const rows = await bookingsOf(sessionId);
    const offered = rows.find((r) => r.personId === c.id)!;
    assert.equal(offered.status, 'offered');
    assert.equal(offered.offerExpiresAt!.getTime(), t.clock.now().getTime() + 48 * HOUR);
    assert.equal(rows.find((r) => r.personId === d.id)!.status, 'waitlisted');
    assert.equal(rows.find((r) => r.personId === a.id)!.status, 'cancelled');
    const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, c.email));
    assert.equal(mail.length, 1);
    assert.match(mail[0]!.subject, /A place is free/);
    assert.match(mail[0]!.text, new RegExp(`/training/sessions/${sessionId}`));

    // Nobody else can take the held place meanwhile.
    assert.equal(await bookSession(as(await person()), sessionId), 'waitlisted');
    await acceptOffer(as(c), sessionId);
    const accepted = (await bookingsOf(sessionId)).find((r) => r.personId === c.id)!;
    assert.equal(accepted.status, 'booked');

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.recordId, accepted.id), like(auditEvents.action, 'training-booking.%')),
      );
    assert.deepEqual(audited.map((e) => e.action).sort(), [
      'training-booking.accepted',
      'training-booking.offered',
      'training-booking.waitlisted',
    ]);
  });

  it('holds a place freed the day before for half the time left, so it can still pass on', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 1, days: 1 });
    const [a, b] = [await person(), await person()];
    for (const p of [a, b]) await bookSession(as(p), sessionId);
    await cancelBooking(as(a), sessionId);
    const offered = (await bookingsOf(sessionId)).find((r) => r.personId === b.id)!;
    assert.equal(offered.status, 'offered');
    assert.equal(offered.offerExpiresAt!.getTime(), t.clock.now().getTime() + 12 * HOUR);
  });

  it('passes an offer on once it has lapsed', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 1, days: 10 });
    const [a, b, c] = [await person(), await person(), await person()];
    for (const p of [a, b, c]) await bookSession(as(p), sessionId);
    await cancelBooking(as(a), sessionId);
    t.clock.advance(49 * HOUR);
    try {
      await assert.rejects(acceptOffer(as(b), sessionId), /no place on offer/);
      const rows = await bookingsOf(sessionId);
      assert.equal(rows.find((r) => r.personId === b.id)!.status, 'expired');
      assert.equal(rows.find((r) => r.personId === c.id)!.status, 'offered');
    } finally {
      t.clock.advance(-49 * HOUR);
    }
  });

  it('refuses to cut places below those already booked, and explains why', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { places: 3 });
    for (let i = 0; i < 3; i++) await bookSession(as(await person()), sessionId);
    const session = await getSession(as(trainer), sessionId);
    const input = {
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      places: 2,
      delivery: session.delivery,
      joiningLink: session.joiningLink,
      venue: session.venue,
      trainerIds: [trainer.id],
    };
    await assert.rejects(updateSession(as(trainer), sessionId, input), (e: unknown) => {
      assert.ok(e instanceof FormProblem);
      assert.match(e.form.errors.places!, /3 places are already booked or offered/);
      return true;
    });
    assert.equal((await getSession(as(trainer), sessionId)).places, 3);
    await updateSession(as(trainer), sessionId, { ...input, places: 5 });
    assert.equal((await getSession(as(trainer), sessionId)).places, 5);
  });

  it('keeps partnerships apart: another partnership’s session is not found', async () => {
    const { sessionId } = await courseWithSession(as(trainer));
    const other = (await makePartnership(t.database.db)).partnership.id;
    const outsider = await makePerson(t.database.db, other);
    await assert.rejects(bookSession(as(outsider), sessionId), { statusCode: 404 });
    await assert.rejects(getSession(as(outsider), sessionId), { statusCode: 404 });
  });
});
