import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { type Attendance, trainingBookings, trainingSessions } from './tables.js';

// After the register is taken, the delegate finds their certificate, action plan and feedback
// form on the session page and in My training, and their action plans are listed there.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('after a session: the delegate’s links', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Person;
  let sessionId: string;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };
  const delegate = async (attendance: Attendance) => {
    const p = await makePerson(t.database.db, partnershipId);
    await bookSession(asPerson(t, p), sessionId);
    const [b] = await t.database.db
      .update(trainingBookings)
      .set({ attendance })
      .where(and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, p.id)))
      .returning();
    return { person: p, bookingId: b!.id, agent: await signedIn(p) };
  };

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    ({ sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Restorative basics' },
    }));
  });
  after(() => t.close());

  it('links the certificate, the action plan and the feedback form from the session page and My training', async () => {
    const { agent, bookingId } = await delegate('late');
    const url = `/training/sessions/${sessionId}`;
    const page = await agent.get(url);
    assert.match(page.body, /you have completed Restorative basics/);
    assert.ok(page.body.includes(`href="/training/certificates/${bookingId}"`));
    assert.match(
      page.body,
      new RegExp(`href="/training/action-plans/${bookingId}">Write your action plan`),
    );
    assert.ok(page.body.includes(`href="${url}/feedback"`));
    assert.doesNotMatch(page.body, /Cancel my booking/);

    const mine = await agent.get('/training/mine');
    assert.match(
      mine.body,
      new RegExp(`href="/training/action-plans/${bookingId}">Write your action plan`),
    );
    assert.match(mine.body, /After each course you attend, you write your own action plan/);

    const written = await agent.post(
      `/training/action-plans/${bookingId}`,
      {
        doDifferently: 'Ask the restorative questions in supervision',
        withWhom: 'My team',
        byWhen: '2027-02-28',
      },
      { from: `/training/action-plans/${bookingId}` },
    );
    assert.equal(written.statusCode, 303);
    assert.equal(written.headers.location, '/training/mine?done=plan');
    const plans = await agent.get('/training/mine?done=plan');
    assert.match(plans.body, /govuk-notification-banner--success/);
    assert.match(plans.body, /Your action plan has been saved/);
    assert.match(plans.body, /My action plans/);
    assert.match(plans.body, /Ask the restorative questions in supervision/);
    assert.match(plans.body, /With My team, by 28 February 2027/);
    assert.match(
      plans.body,
      new RegExp(`href="/training/action-plans/${bookingId}">Your action plan`),
    );
    assert.match((await agent.get(url)).body, /See or change your action plan/);

    await agent.post(`${url}/feedback`, { usefulness: '5' }, { from: `${url}/feedback` });
    assert.match((await agent.get(url)).body, /Thank you for your feedback on this session/);
  });

  it('gives someone who left early their plan and feedback but no certificate, and someone absent neither', async () => {
    const early = await delegate('left_early');
    const page = await early.agent.get(`/training/sessions/${sessionId}`);
    assert.match(
      page.body,
      /You left this session early, so it does not complete Restorative basics/,
    );
    assert.ok(!page.body.includes(`/training/certificates/${early.bookingId}`));
    assert.ok(page.body.includes(`/training/action-plans/${early.bookingId}`));
    const mine = await early.agent.get('/training/mine');
    assert.match(mine.body, /Sessions you left early/);
    assert.ok(mine.body.includes(`/training/action-plans/${early.bookingId}`));

    const absent = await delegate('absent');
    const absentPage = await absent.agent.get(`/training/sessions/${sessionId}`);
    assert.match(absentPage.body, /You were marked absent from this session/);
    assert.ok(!absentPage.body.includes(`/training/action-plans/${absent.bookingId}`));
  });

  it('leaves out places and the promise of a joining link once the session has started', async () => {
    const url = `/training/sessions/${sessionId}`;
    const onlooker = await signedIn(await makePerson(t.database.db, partnershipId));
    const before = (await onlooker.get(url)).body;
    assert.match(before, /Places left/);
    assert.match(before, /The joining link is shown here once you are booked/);
    await t.database.db
      .update(trainingSessions)
      .set({ startsAt: new Date(t.clock.now().getTime() - 3_600_000) })
      .where(eq(trainingSessions.id, sessionId));
    const started = (await onlooker.get(url)).body;
    assert.doesNotMatch(started, /Places left/);
    assert.doesNotMatch(started, /once you are booked/);
    assert.match(started, /This session has started, so it can no longer be booked/);
  });

  it('links the feedback results for trainers, where they run sessions and in the catalogue', async () => {
    const agent = await signedIn(trainer);
    assert.match(
      (await agent.get(`/training/sessions/${sessionId}`)).body,
      /href="\/training\/feedback"/,
    );
    const catalogue = await agent.get('/training');
    assert.match(catalogue.body, /href="\/training\/feedback"/);
    assert.match(catalogue.body, /href="\/training\/cascade"/);
    const practitioner = await signedIn(await makePerson(t.database.db, partnershipId));
    assert.doesNotMatch((await practitioner.get('/training')).body, /href="\/training\/feedback"/);
  });
});
