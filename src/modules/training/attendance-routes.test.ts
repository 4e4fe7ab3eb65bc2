import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';

describe('the attendance register and sign-in sheet', () => {
  let t: TestApp;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let otherTrainer: Awaited<ReturnType<typeof makePerson>>;
  let ann: Awaited<ReturnType<typeof makePerson>>;
  let bob: Awaited<ReturnType<typeof makePerson>>;
  let orgName: string;
  let sessionId: string;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };
  const bookingOf = async (personId: string) => {
    const [b] = await t.database.db
      .select()
      .from(trainingBookings)
      .where(
        and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, personId)),
      );
    return b!;
  };

  before(async () => {
    t = await startTestApp();
    const { partnership, organisation } = await makePartnership(t.database.db);
    orgName = organisation.name;
    const p = partnership.id;
    trainer = await makePerson(t.database.db, p, { roles: ['trainer'], name: 'Tess Trainer' });
    otherTrainer = await makePerson(t.database.db, p, { roles: ['trainer'] });
    ann = await makePerson(t.database.db, p, {
      name: 'Ann Abbot',
      organisationId: organisation.id,
    });
    bob = await makePerson(t.database.db, p, { name: 'Bob =Brown' });
    ({ sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Restorative basics' },
    }));
    await bookSession(asPerson(t, ann), sessionId);
    await bookSession(asPerson(t, bob), sessionId);
  });
  after(() => t.close());

  it('refuses the register before the session starts: marks would count as completions', async () => {
    const agent = await signedIn(trainer);
    const page = await agent.get(`/training/sessions/${sessionId}/register`);
    assert.match(
      page.body,
      /This session has not started yet\. Take the register once the session starts, on 28 November 2026 at 10:00am\./,
    );
    assert.doesNotMatch(page.body, /Save the register/);
    const early = await agent.post(
      `/training/sessions/${sessionId}/register`,
      { [`a-${(await bookingOf(ann.id)).id}`]: 'attended' },
      { from: `/training/sessions/${sessionId}/register` },
    );
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /has not started yet/);
    assert.equal((await bookingOf(ann.id)).attendance, null);

    // On its day, before it starts at 10:00am, the page says the time the register opens.
    t.clock.advance(7 * 86_400_000 - 2 * 3_600_000);
    const thatMorning = await (
      await signedIn(trainer)
    ).get(`/training/sessions/${sessionId}/register`);
    assert.match(
      thatMorning.body,
      /This session has not started yet\. Take the register once the session starts, at 10:00am\./,
    );
    assert.doesNotMatch(thatMorning.body, /on the day|Save the register/);
    t.clock.advance(3 * 3_600_000); // the day, an hour in
  });

  it('the session’s trainer marks each delegate; a missing mark is refused and the choices are kept', async () => {
    const agent = await signedIn(trainer);
    const page = await agent.get(`/training/sessions/${sessionId}/register`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ann Abbot/);
    assert.ok(page.body.includes(orgName));
    const a = (await bookingOf(ann.id)).id;
    const b = (await bookingOf(bob.id)).id;

    const bad = await agent.post(`/training/sessions/${sessionId}/register`, {
      [`a-${a}`]: 'late',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Choose whether Bob =Brown attended/);
    assert.match(bad.body, new RegExp(`href="#a-${b}"`));
    assert.match(bad.body, new RegExp(`value="late" checked`));
    assert.equal((await bookingOf(ann.id)).attendance, null);

    const odd = await agent.post(`/training/sessions/${sessionId}/register`, {
      [`a-${a}`]: 'late',
      [`a-${b}`]: 'asleep',
    });
    assert.equal(odd.statusCode, 400);

    const ok = await agent.post(`/training/sessions/${sessionId}/register`, {
      [`a-${a}`]: 'late',
      [`a-${b}`]: 'absent',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await bookingOf(ann.id)).attendance, 'late');
    assert.equal((await bookingOf(bob.id)).attendance, 'absent');
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'training-booking.attendance-recorded'));
    assert.deepEqual(audits.map((r) => r.recordId).sort(), [a, b].sort());
    assert.ok(audits.every((r) => r.actorId === trainer.id));

    const again = await agent.get(`/training/sessions/${sessionId}/register?saved=1`);
    assert.match(again.body, /The register has been saved/);
  });

  it('prints a sign-in sheet with the date, trainers, names, organisations and a signature column', async () => {
    const agent = await signedIn(trainer);
    const res = await agent.get(`/training/sessions/${sessionId}/sign-in-sheet`);
    assert.equal(res.statusCode, 200);
    for (const text of ['Restorative basics', 'Tess Trainer', 'Ann Abbot', orgName, 'Signature'])
      assert.ok(res.body.includes(text), text);
    assert.match(res.body, /\d{1,2} [A-Z][a-z]+ 20\d\d/);
    const [row] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'training-register.printed'));
    assert.equal(row?.recordId, sessionId);
  });

  it('refuses delegates and trainers of other sessions (403), and other partnerships (404)', async () => {
    const delegate = await signedIn(ann);
    assert.equal((await delegate.get(`/training/sessions/${sessionId}/register`)).statusCode, 403);
    const other = await signedIn(otherTrainer);
    assert.equal((await other.get(`/training/sessions/${sessionId}/register`)).statusCode, 403);
    assert.equal(
      (await other.get(`/training/sessions/${sessionId}/sign-in-sheet`)).statusCode,
      403,
    );
    const own = await (await signedIn(trainer)).get(`/training/sessions/${sessionId}/register`);
    assert.equal(own.statusCode, 200);
    const res = await other.post(
      `/training/sessions/${sessionId}/register`,
      {},
      { from: '/training' },
    );
    assert.equal(res.statusCode, 403);

    const elsewhere = (await makePartnership(t.database.db)).partnership.id;
    const admin = await makePerson(t.database.db, elsewhere, { roles: ['admin'] });
    const stranger = await signedIn(admin);
    assert.equal((await stranger.get(`/training/sessions/${sessionId}/register`)).statusCode, 404);
    assert.equal(
      (await stranger.get(`/training/sessions/${sessionId}/sign-in-sheet`)).statusCode,
      404,
    );
  });

  it('lets an admin of the partnership take the register', async () => {
    const admin = await makePerson(t.database.db, ann.partnershipId, { roles: ['admin'] });
    const agent = await signedIn(admin);
    assert.equal((await agent.get(`/training/sessions/${sessionId}/register`)).statusCode, 200);
  });
});
