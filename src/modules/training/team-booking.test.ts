import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { trainingBookings } from './tables.js';
import { bookTeam } from './team-booking.js';

// A manager books several people in their team; every rule applies to each of them.

describe('a manager booking their team', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let boss: Awaited<ReturnType<typeof makePerson>>;
  const as = (p: Awaited<ReturnType<typeof makePerson>>) => asPerson(t, p);

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    boss = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
    });
  });
  after(() => t.close());

  it('books in turn: places, then the waitlist, refusing missing prerequisites and outsiders', async () => {
    const intro = await courseWithSession(as(trainer), { course: { title: 'Intro' } });
    const { sessionId } = await courseWithSession(as(trainer), {
      places: 1,
      course: { title: 'Next step', prerequisiteIds: [] },
    });
    const gated = await courseWithSession(as(trainer), {
      course: { title: 'Gated', prerequisiteIds: [intro.courseId] },
    });
    const a = await makePerson(t.database.db, partnershipId, { name: 'Ann', teamIds: [teamId] });
    const b = await makePerson(t.database.db, partnershipId, { name: 'Bea', teamIds: [teamId] });
    const outsider = await makePerson(t.database.db, partnershipId);

    const results = await bookTeam(as(boss), sessionId, [a.id, b.id, outsider.id]);
    assert.deepEqual(
      results.map((r) => [r.name, r.outcome]),
      [
        ['Ann', 'booked'],
        ['Bea', 'waitlisted'],
        ['Someone', 'refused'],
      ],
    );
    const rows = await t.database.db
      .select()
      .from(trainingBookings)
      .where(eq(trainingBookings.sessionId, sessionId));
    assert.equal(rows.length, 2, 'the outsider is not booked');

    const gatedResults = await bookTeam(as(boss), gated.sessionId, [a.id]);
    assert.equal(gatedResults[0]!.outcome, 'refused');
    assert.equal(
      gatedResults[0]!.reason,
      'Before they can be booked on Gated, they need to complete Intro.',
    );
    const again = await bookTeam(as(boss), sessionId, [a.id]);
    assert.equal(again[0]!.reason, 'They are already booked on this session.');
  });

  it('shows the team as checkboxes and reports per person on the page', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { course: { title: 'Team day' } });
    const c = await makePerson(t.database.db, partnershipId, { name: 'Cal', teamIds: [teamId] });
    const agent = new Agent(t.app);
    await agent.signIn(boss.email, PASSWORD);
    const url = `/training/sessions/${sessionId}/book-team`;
    const page = await agent.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`value="${c.id}"`));
    const empty = await agent.post(url, {}, { from: url });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Choose at least one person to book/);
    const done = await agent.post(url, { personIds: c.id }, { from: url });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Cal<\/strong>:\s*booked/);

    const practitioner = new Agent(t.app);
    const plain = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    await practitioner.signIn(plain.email, PASSWORD);
    assert.equal((await practitioner.get(url)).statusCode, 403);
  });

  it('is linked from the session page for managers while the session can be booked', async () => {
    const { courseId, sessionId } = await courseWithSession(as(trainer), {
      course: { title: 'Linked day' },
    });
    const agent = new Agent(t.app);
    await agent.signIn(boss.email, PASSWORD);
    const link = `href="/training/sessions/${sessionId}/book-team"`;
    assert.ok((await agent.get(`/training/sessions/${sessionId}`)).body.includes(link));
    assert.match(
      (await agent.get(`/training/courses/${courseId}`)).body,
      /To book people in your team, choose a date/,
    );
    assert.match(
      (await agent.get('/training')).body,
      /To book people in your team, choose a course/,
    );

    const plain = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    const practitioner = new Agent(t.app);
    await practitioner.signIn(plain.email, PASSWORD);
    assert.ok(!(await practitioner.get(`/training/sessions/${sessionId}`)).body.includes(link));
    assert.doesNotMatch((await practitioner.get('/training')).body, /To book people in your team/);

    const past = await courseWithSession(as(trainer), { days: -1 });
    const started = await agent.get(`/training/sessions/${past.sessionId}`);
    assert.match(started.body, /This session has started/);
    assert.ok(!started.body.includes('/book-team"'), 'not once the session has started');
  });
});
