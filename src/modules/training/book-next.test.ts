import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession, markAttended } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { myTraining } from './mine.js';
import { trainingSessions } from './tables.js';

// "What you can book next" offers to book only what the person can book themselves; a bespoke
// course and an action learning set are listed apart, with how to get them.

describe('what My training offers next', () => {
  let t: TestApp;
  let made: Awaited<ReturnType<typeof makePartnership>>;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const as = (p: Awaited<ReturnType<typeof makePerson>>) => asPerson(t, p);
  const titles = (list: { title: string }[]) => list.map((c) => c.title).sort();

  before(async () => {
    t = await startTestApp();
    made = await makePartnership(t.database.db);
    trainer = await makePerson(t.database.db, made.partnership.id, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('books ordinary courses, and says how to get a bespoke course and a set', async () => {
    const db = t.database.db;
    const pid = made.partnership.id;
    const intro = await courseWithSession(as(trainer), { course: { title: 'Next intro' } });
    const bespoke = await courseWithSession(as(trainer), {
      course: { title: 'Next bespoke', kind: 'bespoke', frequency: 'on_request' },
    });
    await courseWithSession(as(trainer), {
      course: { title: 'Next set', kind: 'action_learning_set', prerequisiteIds: [intro.courseId] },
    });
    const ann = await makePerson(db, pid, { teamIds: [made.team.id] });

    let mine = await myTraining(as(ann));
    assert.deepEqual(titles(mine.canBook), ['Next intro']);
    assert.equal(mine.canBook[0]!.href, `/training/courses/${intro.courseId}`);
    assert.deepEqual(
      mine.askFor.map((c) => [c.title, c.kind]),
      [['Next bespoke', 'bespoke']],
      'the set is not offered before its prerequisite',
    );
    assert.equal(mine.asksForBespoke, false);

    await bookSession(as(ann), intro.sessionId);
    await markAttended(t, intro.sessionId, ann.id);
    mine = await myTraining(as(ann));
    assert.deepEqual(titles(mine.canBook), []);
    assert.deepEqual(titles(mine.askFor), ['Next bespoke', 'Next set']);

    // A bespoke course arranged for Ann's team is one she can book: its session is linked.
    await db
      .update(trainingSessions)
      .set({ teamId: made.team.id })
      .where(eq(trainingSessions.id, bespoke.sessionId));
    mine = await myTraining(as(ann));
    assert.deepEqual(
      mine.canBook.map((c) => [c.title, c.href, c.forTeam]),
      [['Next bespoke', `/training/sessions/${bespoke.sessionId}`, made.team.name]],
    );
    assert.deepEqual(titles(mine.askFor), ['Next set']);
    // Someone in another team still has to ask for one.
    const other = await makePerson(db, pid);
    assert.ok(titles((await myTraining(as(other))).askFor).includes('Next bespoke'));
  });

  it('links a manager to ask for a bespoke course, and tells others to ask their manager', async () => {
    const db = t.database.db;
    const pid = made.partnership.id;
    await courseWithSession(as(trainer), {
      course: { title: 'Asked bespoke', kind: 'bespoke', frequency: 'on_request' },
    });
    const boss = await makePerson(db, pid, { roles: ['manager'] });
    const plain = await makePerson(db, pid);

    const bossAgent = new Agent(t.app);
    await bossAgent.signIn(boss.email, PASSWORD);
    const bossPage = await bossAgent.get('/training/mine');
    assert.equal(bossPage.statusCode, 200);
    assert.match(
      bossPage.body,
      /href="\/training\/bespoke\/new">Ask for a bespoke course for your team/,
    );

    const plainAgent = new Agent(t.app);
    await plainAgent.signIn(plain.email, PASSWORD);
    const plainPage = await plainAgent.get('/training/mine');
    assert.match(plainPage.body, /Talk to your manager if your team would like one/);
    assert.doesNotMatch(plainPage.body, /href="\/training\/bespoke\/new"/);
  });
});
