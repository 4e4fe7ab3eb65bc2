import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { asPerson, courseInput } from '../../../test/support/training.js';
import { createCourse } from './courses.js';
import { trainingSessions } from './tables.js';

// The repeating-sessions pages: the rule, the dates shown before anything is made, then one save.

describe('scheduling repeating sessions through the pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let courseId: string;
  let agent: Agent;
  const form = () => ({
    repeat: 'every_two_months',
    ordinal: 'last',
    weekday: 'wednesday',
    'from-month': '1',
    'from-year': '2027',
    count: '3',
    startTime: '9:30am',
    endTime: '12pm',
    places: '18',
    delivery: 'in_person',
    venue: 'Civic Offices, Room 4',
    joiningLink: '',
    trainerIds: trainer.id,
  });

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, {
      roles: ['trainer'],
      name: 'Tess Trainer',
    });
    courseId = await createCourse(asPerson(t, trainer), courseInput({ title: 'Circles' }));
    agent = new Agent(t.app);
    await agent.signIn(trainer.email, PASSWORD);
  });
  after(() => t.close());

  const base = () => `/training/courses/${courseId}/sessions/series`;

  it('is linked from the course page and the single-session form', async () => {
    const course = await agent.get(`/training/courses/${courseId}`);
    assert.match(course.body, new RegExp(`href="${base()}/new"`));
    const single = await agent.get(`/training/courses/${courseId}/sessions/new`);
    assert.match(single.body, new RegExp(`href="${base()}/new"`));
    const page = await agent.get(`${base()}/new`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Schedule repeating sessions/);
  });

  it('refuses bad answers with messages, keeping what was typed', async () => {
    const res = await agent.post(
      `${base()}/check`,
      { ...form(), ordinal: '', 'from-month': '13', count: '40', endTime: '9am', venue: '' },
      { from: `${base()}/new` },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Schedule repeating sessions/);
    assert.match(res.body, /Choose which week of the month/);
    assert.match(res.body, /Enter the month of the first session/);
    assert.match(res.body, /The number of sessions must be 24 or fewer/);
    assert.match(res.body, /The end time must be after the start time/);
    assert.match(res.body, /Enter the venue/);
    assert.match(res.body, /value="40"/);
    assert.match(res.body, /value="13"/);

    const past = await agent.post(`${base()}/check`, { ...form(), 'from-year': '2025' });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /which has passed/);
  });

  it('shows every date before creating anything, then creates them all at once', async () => {
    const quiet = ['rate_limits', 'sessions', 'audit_events'];
    const before = await snapshot(t.database.query, quiet);
    const check = await agent.post(`${base()}/check`, form(), { from: `${base()}/new` });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check the sessions before you create them/);
    assert.match(check.body, /The last Wednesday of every two months, 09:30 to 12:00 UK time/);
    // January and March are in GMT, May in BST: the time stays 9:30am UK time throughout.
    assert.match(check.body, /Wednesday 27 January 2027/);
    assert.match(check.body, /Wednesday 31 March 2027/);
    assert.match(check.body, /Wednesday 26 May 2027/);
    assert.match(check.body, /9:30am to 12:00pm/);
    assert.match(check.body, /Create 3 sessions/);
    assert.deepEqual(await snapshot(t.database.query, quiet), before);

    // "Change the answers" brings the form back as it was.
    const change = await agent.post(base(), { ...form(), change: '1' });
    assert.equal(change.statusCode, 200);
    assert.match(change.body, /value="Civic Offices, Room 4"/);
    assert.match(change.body, /<option value="last" selected>/);

    const done = await agent.post(base(), form(), { from: `${base()}/new` });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/training/courses/${courseId}?scheduled=3`);
    const course = await agent.get(done.headers.location);
    assert.match(course.body, /3 sessions have been scheduled/);
    const rows = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.courseId, courseId));
    assert.deepEqual(rows.map((r) => r.startsAt.toISOString()).sort(), [
      '2027-01-27T09:30:00.000Z',
      '2027-03-31T08:30:00.000Z',
      '2027-05-26T08:30:00.000Z',
    ]);
    assert.ok(rows.every((r) => r.venue === 'Civic Offices, Room 4' && r.places === 18));
  });

  it('is for trainers only, and only for this partnership’s courses', async () => {
    const practitioner = await makePerson(t.database.db, partnershipId);
    const plain = new Agent(t.app);
    await plain.signIn(practitioner.email, PASSWORD);
    assert.equal((await plain.get(`${base()}/new`)).statusCode, 403);
    const refused = await plain.post(base(), form(), { from: '/training' });
    assert.equal(refused.statusCode, 403);

    const other = (await makePartnership(t.database.db)).partnership.id;
    const theirTrainer = await makePerson(t.database.db, other, { roles: ['trainer'] });
    const theirs = await createCourse(asPerson(t, theirTrainer), courseInput());
    assert.equal(
      (await agent.get(`/training/courses/${theirs}/sessions/series/new`)).statusCode,
      404,
    );
    const post = await agent.post(`/training/courses/${theirs}/sessions/series`, form(), {
      from: `${base()}/new`,
    });
    assert.equal(post.statusCode, 404);
  });
});
