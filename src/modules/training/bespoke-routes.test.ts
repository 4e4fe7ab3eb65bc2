import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { asPerson, courseInput } from '../../../test/support/training.js';
import { requestBespoke } from './bespoke.js';
import { createCourse } from './courses.js';

// The bespoke course pages: the manager's request and their list, the trainers' list, and
// accepting or declining one; then the closed session as the team and as others see it.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('bespoke course pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;
  let admin: Person;
  let boss: Person;
  let member: Person;
  let outsider: Person;
  let bossAgent: Agent;
  let adminAgent: Agent;
  let courseId: string;
  // The request sent through the form, and one made directly: the first is accepted, the other declined.
  let sentId: string;
  let otherId: string;
  const signedIn = async (p: Person) => {
    const a = new Agent(t.app);
    await a.signIn(p.email, PASSWORD);
    return a;
  };
  const request = {
    peopleCount: '12',
    needs: 'Our family support team wants to use circles in team meetings.',
    'date1-day': '20',
    'date1-month': '1',
    'date1-year': '2027',
  };
  const accept = {
    'start-day': '20',
    'start-month': '1',
    'start-year': '2027',
    startTime: '1pm',
    endTime: '4pm',
    places: '12',
    delivery: 'online',
    joiningLink: 'https://video.example/team-room',
    venue: '',
  };

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
    admin = await makePerson(t.database.db, partnershipId, { roles: ['admin', 'trainer'] });
    boss = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
    });
    member = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    outsider = await makePerson(t.database.db, partnershipId);
    courseId = await createCourse(
      asPerson(t, admin),
      courseInput({ title: 'Bespoke team course', kind: 'bespoke', frequency: 'on_request' }),
    );
    bossAgent = await signedIn(boss);
    adminAgent = await signedIn(admin);
  });
  after(() => t.close());

  it('a manager finds the request form, is told what to fix, and sends the request', async () => {
    const training = await bossAgent.get('/training');
    assert.match(training.body, /href="\/training\/bespoke"/);
    const course = await bossAgent.get(`/training/courses/${courseId}`);
    assert.match(course.body, /href="\/training\/bespoke\/new"/);
    const form = await bossAgent.get('/training/bespoke/new');
    assert.equal(form.statusCode, 200);
    // Their one team is chosen for them.
    assert.match(form.body, new RegExp(`value="${teamId}" checked`));

    const bad = await bossAgent.post('/training/bespoke', {
      teamId,
      ...request,
      peopleCount: '25',
      needs: '',
      'date1-day': '32',
      'date2-day': '5',
      'date2-month': '2',
      'date2-year': '2020',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: Ask for a bespoke course/);
    assert.match(bad.body, /The number of people must be 20 or fewer/);
    assert.match(bad.body, /Enter what the team needs from the course/);
    assert.match(bad.body, /The date that would suit you best must be a real date/);
    assert.match(bad.body, /value="25"/);
    assert.match(bad.body, /value="32"/);

    const past = await bossAgent.post('/training/bespoke', {
      teamId,
      ...request,
      'date1-year': '2026',
      'date1-month': '11',
    });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /The date that would suit you best must be in the future/);

    // 50 people and a date gone by: both mistakes at once, linked to their fields, kept.
    const both = await bossAgent.post('/training/bespoke', {
      teamId,
      ...request,
      peopleCount: '50',
      'date1-day': '20',
      'date1-month': '11',
      'date1-year': '2026',
    });
    assert.equal(both.statusCode, 400);
    const summary = /govuk-error-summary[\s\S]*?<\/ul>/.exec(both.body)?.[0] ?? '';
    assert.match(summary, /href="#peopleCount">The number of people must be 20 or fewer/);
    assert.match(
      summary,
      /href="#date1-day">The date that would suit you best must be in the future/,
    );
    assert.match(both.body, /value="50"/);
    assert.match(both.body, /name="date1-day" type="text" value="20"/);
    assert.match(both.body, /name="date1-month" type="text" value="11"/);

    const ok = await bossAgent.post('/training/bespoke', { teamId, ...request });
    assert.equal(ok.statusCode, 303);
    sentId = /requests\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1]!;
    const page = await bossAgent.get(ok.headers.location as string);
    assert.match(page.body, /Your request has been sent/);
    assert.match(page.body, /Waiting for a decision/);
    assert.match(page.body, /20 January 2027/);
    assert.doesNotMatch(page.body, /Accept and schedule/);
    const mine = await bossAgent.get('/training/bespoke');
    assert.match(mine.body, /Waiting for a decision/);
  });

  it('only managers ask, only trainers and admins decide, and others cannot open a request', async () => {
    const plain = await signedIn(member);
    assert.equal((await plain.get('/training/bespoke/new')).statusCode, 403);
    assert.equal((await plain.get('/training/bespoke/requests')).statusCode, 403);
    const id = (otherId = await requestBespoke(asPerson(t, boss), {
      teamId,
      peopleCount: 5,
      needs: 'x',
      preferredDates: ['2027-03-01'],
    }));
    assert.equal((await plain.get(`/training/bespoke/requests/${id}`)).statusCode, 404);
    assert.equal((await bossAgent.get(`/training/bespoke/requests/${id}/accept`)).statusCode, 403);
    const before = await snapshot(t.database.query, ['rate_limits', 'sessions', 'audit_events']);
    const refused = await bossAgent.post(`/training/bespoke/requests/${id}/decline`, {
      reason: 'I changed my mind',
    });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(
      await snapshot(t.database.query, ['rate_limits', 'sessions', 'audit_events']),
      before,
    );

    const other = (await makePartnership(t.database.db)).partnership.id;
    const theirAdmin = await makePerson(t.database.db, other, { roles: ['admin'] });
    const theirs = await signedIn(theirAdmin);
    assert.equal((await theirs.get(`/training/bespoke/requests/${id}`)).statusCode, 404);
    const list = await theirs.get('/training/bespoke/requests?status=all');
    assert.doesNotMatch(list.body, new RegExp(id));
  });

  it('an admin declines with a reason, or accepts and schedules a closed session', async () => {
    const list = await adminAgent.get('/training/bespoke/requests');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/training/bespoke/requests/${sentId}"`));
    assert.match(list.body, new RegExp(`href="/training/bespoke/requests/${otherId}"`));
    const [toAccept, toDecline] = [sentId, otherId];

    const noReason = await adminAgent.post(
      `/training/bespoke/requests/${toDecline}/decline`,
      { reason: ' ' },
      { from: `/training/bespoke/requests/${toDecline}/decline` },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter the reason, so the manager knows why/);
    const declined = await adminAgent.post(`/training/bespoke/requests/${toDecline}/decline`, {
      reason: 'Please book the Introduction first.',
    });
    assert.equal(declined.statusCode, 303);
    const shown = await bossAgent.get(`/training/bespoke/requests/${toDecline}`);
    assert.match(shown.body, /Declined/);
    assert.match(shown.body, /Please book the Introduction first\./);

    const form = await adminAgent.get(`/training/bespoke/requests/${toAccept}/accept`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="start-day"[^>]*value="20"/);
    const tooMany = await adminAgent.post(`/training/bespoke/requests/${toAccept}/accept`, {
      ...accept,
      courseId,
      places: '21',
      trainerIds: admin.id,
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /choose 20 places or fewer/);
    assert.match(tooMany.body, /value="21"/);
    const ok = await adminAgent.post(`/training/bespoke/requests/${toAccept}/accept`, {
      ...accept,
      courseId,
      trainerIds: admin.id,
    });
    assert.equal(ok.statusCode, 303);
    const page = await bossAgent.get(`/training/bespoke/requests/${toAccept}`);
    assert.match(page.body, /Accepted/);
    const sessionId = /href="\/training\/sessions\/([0-9a-f-]{36})"/.exec(page.body)![1]!;
    assert.match(page.body, /20 January 2027 at 1:00pm/);
    // Once decided, the accept form sends you back to the request.
    const again = await adminAgent.get(`/training/bespoke/requests/${toAccept}/accept`);
    assert.equal(again.statusCode, 303);

    // The team sees and books it; anyone else neither sees it listed nor can book it.
    const memberAgent = await signedIn(member);
    const outsiderAgent = await signedIn(outsider);
    assert.match(
      (await memberAgent.get(`/training/courses/${courseId}`)).body,
      new RegExp(sessionId),
    );
    assert.doesNotMatch(
      (await outsiderAgent.get(`/training/courses/${courseId}`)).body,
      new RegExp(sessionId),
    );
    const url = `/training/sessions/${sessionId}`;
    const outsiderView = await outsiderAgent.get(url);
    assert.match(outsiderView.body, /Only people in that team can book it/);
    assert.doesNotMatch(outsiderView.body, /Book a place/);
    const refused = await outsiderAgent.post(`${url}/book`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /so only people in that team can book it/);
    const booked = await memberAgent.post(`${url}/book`, {}, { from: url });
    assert.equal(booked.statusCode, 303);
    assert.match((await memberAgent.get(url)).body, /You are booked on this session/);
  });
});
