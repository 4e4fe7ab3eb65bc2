import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { sendFollowUps } from './action-plans.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';
import { trainingActionPlans } from './tables-completion.js';

describe('personal action plans', () => {
  let t: TestApp;
  let delegate: Awaited<ReturnType<typeof makePerson>>;
  let bookingId: string;

  before(async () => {
    t = await startTestApp();
    const p = (await makePartnership(t.database.db)).partnership.id;
    const trainer = await makePerson(t.database.db, p, { roles: ['trainer'] });
    delegate = await makePerson(t.database.db, p);
    const { sessionId } = await courseWithSession(asPerson(t, trainer));
    await bookSession(asPerson(t, delegate), sessionId);
    const [b] = await t.database.db
      .update(trainingBookings)
      .set({ attendance: 'attended' })
      .where(
        and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, delegate.id)),
      )
      .returning();
    bookingId = b!.id;
  });
  after(() => t.close());

  it('is written after attending, asked about once six weeks later, and the answer is kept', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(delegate.email, PASSWORD);
    const url = `/training/action-plans/${bookingId}`;
    const bad = await agent.post(
      url,
      { doDifferently: 'Use restorative questions', withWhom: '', byWhen: '' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Use restorative questions/);
    assert.match(bad.body, /Enter who you will do it with/);
    const impossible = await agent.post(
      url,
      { doDifferently: 'Use restorative questions', withWhom: 'My team', byWhen: '2027-02-30' },
      { from: url },
    );
    assert.equal(impossible.statusCode, 400);
    assert.match(impossible.body, /When you will do it by must be a real date, like 27\/3\/2027/);
    // Asked in a text box: a date picker would send nothing at all for 31/2/2027.
    assert.match((await agent.get(url)).body, /id="byWhen" name="byWhen" type="text"/);
    const typed = await agent.post(
      url,
      { doDifferently: 'Use restorative questions', withWhom: 'My team', byWhen: '31/2/2027' },
      { from: url },
    );
    assert.equal(typed.statusCode, 400);
    assert.match(typed.body, /href="#byWhen">When you will do it by must be a real date/);
    assert.match(typed.body, /value="31\/2\/2027"/);
    // Typed the British way, where the browser shows no date picker.
    const ok = await agent.post(url, {
      doDifferently: 'Use restorative questions',
      withWhom: 'My team',
      byWhen: '31/1/2027',
    });
    assert.equal(ok.statusCode, 303);
    // The saved date is shown as it was typed, as the hint shows it.
    assert.match((await agent.get(url)).body, /name="byWhen" type="text"[^>]*value="31\/1\/2027"/);

    // How it went is asked six weeks on, not before.
    const early = await agent.post(`${url}/how-it-went`, { howItWent: 'Too soon' }, { from: url });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /We will ask how it went 6 weeks after you wrote your plan/);
    assert.match(early.body, /Too soon/, 'what was typed is kept');

    const job = { db: t.database.db, mail: t.mail, baseUrl: 'http://localhost' };
    assert.equal(await sendFollowUps({ ...job, now: t.clock.now() }), 0);
    t.clock.advance(42 * 86_400_000);
    assert.equal(await sendFollowUps({ ...job, now: t.clock.now() }), 1);
    assert.equal(await sendFollowUps({ ...job, now: t.clock.now() }), 0);
    const mails = await t.database.db.select().from(outbox).where(eq(outbox.to, delegate.email));
    assert.equal(mails.filter((m) => m.subject === 'How did your action plan go?').length, 1);

    // Six weeks on, the delegate signs in afresh (the earlier session has long expired).
    await agent.signIn(delegate.email, PASSWORD);
    assert.equal(
      (await agent.post(`${url}/how-it-went`, { howItWent: 'Circles every week' }, { from: url }))
        .statusCode,
      303,
    );
    const [plan] = await t.database.db.select().from(trainingActionPlans);
    assert.equal(plan!.howItWent, 'Circles every week');
    // The plan now stays as it was written, beside how it went.
    const rewrite = await agent.post(
      url,
      { doDifferently: 'Something else', withWhom: 'My team', byWhen: '2027-01-31' },
      { from: url },
    );
    assert.equal(rewrite.statusCode, 409);
    assert.match(rewrite.body, /stays as you wrote it/);
    const [kept] = await t.database.db.select().from(trainingActionPlans);
    assert.equal(kept!.doDifferently, 'Use restorative questions');
  });

  it('is not open to anyone else (404)', async () => {
    const other = await makePerson(t.database.db, delegate.partnershipId, { roles: ['admin'] });
    const agent = new Agent(t.app);
    await agent.signIn(other.email, PASSWORD);
    assert.equal((await agent.get(`/training/action-plans/${bookingId}`)).statusCode, 404);
  });
});
