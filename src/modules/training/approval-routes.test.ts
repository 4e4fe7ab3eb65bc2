import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { trainingBookings } from './tables.js';

// The pages of line-manager approval: the admin's settings, the person's booking while it
// waits, and the manager's queue and decision.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('approval and settings pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;
  let admin: Person;
  let trainer: Person;
  let manager: Person;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };
  const requestOf = async (sessionId: string, p: Person) =>
    (
      await t.database.db
        .select()
        .from(trainingBookings)
        .where(and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, p.id)))
    )[0]!;

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
    admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    manager = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
    });
  });
  after(() => t.close());

  it('lets an admin change the training settings; bad input is refused and kept', async () => {
    const agent = await signedIn(admin);
    const page = await agent.get('/training/settings');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="no" checked/);
    assert.match(page.body, /name="offerHoldHours"[^>]*value="48"/);
    assert.match(page.body, /name="lateCancellationWorkingDays"[^>]*value="5"/);
    assert.match((await agent.get('/training')).body, /href="\/training\/settings"/);

    const bad = await agent.post('/training/settings', {
      approvalRequired: 'yes',
      offerHoldHours: '0',
      lateCancellationWorkingDays: 'five',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: Training settings/);
    assert.match(bad.body, /The hours an offered place is held must be 1 or more/);
    assert.match(bad.body, /The working days must be a number/);
    assert.match(bad.body, /value="five"/);
    assert.match(bad.body, /value="yes" checked/);

    const ok = await agent.post('/training/settings', {
      approvalRequired: 'yes',
      offerHoldHours: '24',
      lateCancellationWorkingDays: '3',
    });
    assert.equal(ok.statusCode, 303);
    const saved = await agent.get(ok.headers.location as string);
    assert.match(saved.body, /The training settings have been saved/);
    assert.match(saved.body, /name="offerHoldHours"[^>]*value="24"/);

    for (const p of [trainer, manager]) {
      const other = await signedIn(p);
      assert.equal((await other.get('/training/settings')).statusCode, 403);
    }
  });

  it('shows a booking waiting for approval on the session and in My training, with no second Book button', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      places: 1,
      course: { title: 'Waiting course' },
    });
    const p = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    const agent = await signedIn(p);
    const url = `/training/sessions/${sessionId}`;
    assert.match((await agent.get(url)).body, />\s*Book a place\s*</);
    const booked = await agent.post(`${url}/book`, {});
    assert.equal(booked.statusCode, 303);
    assert.equal(booked.headers.location, `${url}?done=awaiting_approval`);
    const page = await agent.get(`${url}?done=awaiting_approval`);
    assert.match(page.body, /Your manager has been asked to approve your booking/);
    assert.match(page.body, /It is waiting for your manager to approve it/);
    assert.doesNotMatch(page.body, /Book a place|Join the waitlist/);
    assert.doesNotMatch(page.body, /secret-room/, 'no joining link before a place');
    const mine = await agent.get('/training/mine');
    assert.match(mine.body, /Waiting for your manager/);
    assert.match(mine.body, /Waiting course/);

    const withdraw = await agent.get(`${url}/cancel-booking`);
    assert.match(withdraw.body, /Withdraw your request\?/);
    assert.doesNotMatch(withdraw.body, /offered to the next person/);
  });

  it('gives the manager a queue; they approve or decline with a reason, and the person is emailed', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Approved course' },
    });
    const [ann, bob] = [
      await makePerson(t.database.db, partnershipId, { teamIds: [teamId], name: 'Ann Asker' }),
      await makePerson(t.database.db, partnershipId, { teamIds: [teamId], name: 'Bob Asker' }),
    ];
    const url = `/training/sessions/${sessionId}`;
    for (const p of [ann, bob]) await (await signedIn(p)).post(`${url}/book`, {}, { from: url });

    const agent = await signedIn(manager);
    assert.match((await agent.get('/training')).body, /href="\/training\/approvals"/);
    const queue = await agent.get('/training/approvals');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Ann Asker/);
    assert.match(queue.body, /Bob Asker/);

    const annId = (await requestOf(sessionId, ann)).id;
    const detail = await agent.get(`/training/approvals/${annId}`);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Approved course/);
    const approved = await agent.post(`/training/approvals/${annId}/approve`, {});
    assert.equal(approved.statusCode, 303);
    assert.match(
      (await agent.get(approved.headers.location as string)).body,
      /Approved\. They have a place/,
    );
    assert.equal((await requestOf(sessionId, ann)).status, 'booked');
    const annMail = await t.database.db.select().from(outbox).where(eq(outbox.to, ann.email));
    assert.ok(annMail.some((m) => m.subject === 'Booked: Approved course'));
    const again = await agent.post(
      `/training/approvals/${annId}/approve`,
      {},
      { from: `/training/approvals/${annId}` },
    );
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This booking has already been decided/);

    const bobId = (await requestOf(sessionId, bob)).id;
    const noReason = await agent.post(
      `/training/approvals/${bobId}/decline`,
      { reason: '' },
      { from: `/training/approvals/${bobId}` },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why you are not approving it/);
    const declined = await agent.post(`/training/approvals/${bobId}/decline`, {
      reason: 'We are short-staffed that week',
    });
    assert.equal(declined.statusCode, 303);
    assert.equal((await requestOf(sessionId, bob)).status, 'declined');
    const [bobMail] = await t.database.db.select().from(outbox).where(eq(outbox.to, bob.email));
    assert.match(bobMail!.text, /Their reason: We are short-staffed that week/);
  });

  it('keeps the queue to managers, and each request to the managers of that person’s teams', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer));
    const p = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    const url = `/training/sessions/${sessionId}`;
    await (await signedIn(p)).post(`${url}/book`, {}, { from: url });
    const id = (await requestOf(sessionId, p)).id;

    const practitioner = await signedIn(await makePerson(t.database.db, partnershipId));
    assert.equal((await practitioner.get('/training/approvals')).statusCode, 403);
    assert.equal((await practitioner.get(`/training/approvals/${id}`)).statusCode, 403);

    const elsewhere = await signedIn(
      await makePerson(t.database.db, partnershipId, { roles: ['manager'] }),
    );
    assert.doesNotMatch((await elsewhere.get('/training/approvals')).body, new RegExp(id));
    assert.equal((await elsewhere.get(`/training/approvals/${id}`)).statusCode, 404);
    const post = await elsewhere.post(
      `/training/approvals/${id}/approve`,
      {},
      {
        from: '/training/approvals',
      },
    );
    assert.equal(post.statusCode, 404);
    assert.equal((await requestOf(sessionId, p)).status, 'awaiting_approval');
  });

  it('tells a waitlisted person how long a freed place is held, from the settings', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const boss = await signedIn(manager);
    const [first, second] = [
      await makePerson(t.database.db, partnershipId, { teamIds: [teamId] }),
      await makePerson(t.database.db, partnershipId, { teamIds: [teamId] }),
    ];
    const url = `/training/sessions/${sessionId}`;
    const res = await boss.post(
      `${url}/book-team`,
      { personIds: [first.id, second.id] },
      { from: `${url}/book-team` },
    );
    assert.equal(res.statusCode, 200);
    const page = await (await signedIn(second)).get(url);
    assert.match(page.body, /hold it for you for 24 hours/);
  });
});
