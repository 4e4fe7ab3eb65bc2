import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { trainingCourses, trainingSessions, trainingSessionTrainers } from './tables.js';
import { trainingSessionProviders } from './tables-cascade.js';
import { trainingAlsCohorts, trainingAlsSessions } from './tables-als.js';

const since = (day: string, month: string, year: string) => ({
  'since-day': day,
  'since-month': month,
  'since-year': year,
});

describe('the trainer cascade', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('shows who trained whom, local and external sessions, and refuses practitioners', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const admin = await makePerson(db, partnership.id, { roles: ['admin'] });
    const ann = await makePerson(db, partnership.id, { roles: ['trainer'], name: 'Ann Root' });
    const bob = await makePerson(db, partnership.id, { roles: ['trainer'], name: 'Bob Child' });
    const practitioner = await makePerson(db, partnership.id);
    const [course] = await db
      .insert(trainingCourses)
      .values({
        partnershipId: partnership.id,
        title: 'C',
        summary: 's',
        delivery: 'online',
        frequency: 'monthly',
      })
      .returning();
    const session = async () =>
      (
        await db
          .insert(trainingSessions)
          .values({
            partnershipId: partnership.id,
            courseId: course!.id,
            startsAt: t.clock.now(),
            endsAt: t.clock.now(),
            places: 5,
            delivery: 'online',
          })
          .returning()
      )[0]!;
    const local = await session();
    await db
      .insert(trainingSessionTrainers)
      .values({ partnershipId: partnership.id, sessionId: local.id, personId: bob.id });
    const bought = await session();
    await db
      .insert(trainingSessionProviders)
      .values({ partnershipId: partnership.id, sessionId: bought.id, provider: 'RP Ltd' });

    const agent = new Agent(t.app);
    await agent.signIn(admin.email, PASSWORD);
    const bad = await agent.post(
      '/training/cascade',
      { trainerId: bob.id, since: 'soon' },
      { from: '/training/cascade' },
    );
    assert.equal(bad.statusCode, 400);
    for (const form of [
      { trainerId: ann.id, trainedById: '', provider: 'RP Ltd', ...since('10', '1', '2025') },
      { trainerId: bob.id, trainedById: ann.id, provider: '', ...since('1', '2', '2026') },
    ]) {
      const res = await agent.post('/training/cascade', form, { from: '/training/cascade' });
      assert.equal(res.statusCode, 303);
    }
    const page = await agent.get('/training/cascade');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="local-count">1</);
    assert.match(page.body, /id="external-count">1</);
    // Bob is nested under Ann, who was trained by the provider.
    assert.match(page.body, /Ann Root\s*\(trained by RP Ltd[\s\S]*<ul[^>]*>\s*<li>Bob Child/);

    const other = new Agent(t.app);
    await other.signIn(practitioner.email, PASSWORD);
    assert.equal((await other.get('/training/cascade')).statusCode, 403);
  });

  it('counts the action learning set sessions a trainer facilitated, once held', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const pid = partnership.id;
    const leader = await makePerson(db, pid, { roles: ['leader'] });
    const tia = await makePerson(db, pid, { roles: ['trainer'], name: 'Tia Trainer' });
    const fay = await makePerson(db, pid, { roles: ['facilitator'], name: 'Fay Facilitator' });
    const [course] = await db
      .insert(trainingCourses)
      .values({
        partnershipId: pid,
        title: 'Set',
        summary: 's',
        delivery: 'online',
        frequency: 'monthly',
        kind: 'action_learning_set',
      })
      .returning();
    const DAY = 86_400_000;
    /** A set facilitated by `by`, with a session ending each of `days` from now. */
    const set = async (by: string, days: number[]) => {
      const [cohort] = await db
        .insert(trainingAlsCohorts)
        .values({
          partnershipId: pid,
          courseId: course!.id,
          name: `Set of ${by}`,
          facilitatorId: by,
          places: 8,
          minAttended: 4,
        })
        .returning();
      await db.insert(trainingAlsSessions).values(
        days.map((d, i) => {
          const endsAt = new Date(t.clock.now().getTime() + d * DAY);
          const startsAt = new Date(endsAt.getTime() - 90 * 60_000);
          return { partnershipId: pid, cohortId: cohort!.id, number: i + 1, startsAt, endsAt };
        }),
      );
    };
    await set(tia.id, [-60, -30, 30]); // two held, one to come
    await set(fay.id, [-40, -10]); // held, but Fay is not a trainer

    const agent = new Agent(t.app);
    await agent.signIn(leader.email, PASSWORD);
    const page = await agent.get('/training/cascade');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Tia Trainer[\s\S]*?; 2 sessions delivered/);
    assert.match(page.body, /id="local-count">2</);
    assert.match(page.body, /<span id="als-count">2<\/span> were action learning set sessions/);
    assert.match(page.body, /id="external-count">0</);
    assert.match(page.body, /sets facilitated by others are not counted here/);
    assert.doesNotMatch(page.body, /Fay Facilitator/);
  });

  it('takes the date in three boxes, refuses a future date and self-training together, and says it saved', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const admin = await makePerson(db, partnership.id, { roles: ['admin'] });
    const tara = await makePerson(db, partnership.id, { roles: ['trainer'], name: 'Tara Root' });
    const taylor = await makePerson(db, partnership.id, {
      roles: ['trainer'],
      name: 'Taylor Trainer',
    });
    const agent = new Agent(t.app);
    await agent.signIn(admin.email, PASSWORD);

    const form = await agent.get('/training/cascade');
    assert.match(form.body, /There are 2 trainers\./);
    assert.match(form.body, /name="since-day"/);
    assert.match(form.body, /For example, 31 3 2026/);
    assert.doesNotMatch(form.body, /2026-03-31/);

    // Test clock: 21 November 2026. Both mistakes, and the provider's long name, at once.
    const bad = await agent.post('/training/cascade', {
      trainerId: taylor.id,
      trainedById: taylor.id,
      provider: '',
      ...since('22', '11', '2026'),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: /);
    const summary = /govuk-error-summary[\s\S]*?<\/ul>/.exec(bad.body)?.[0] ?? '';
    assert.match(
      summary,
      /href="#trainedById">A trainer cannot be recorded as trained by themselves/,
    );
    assert.match(
      summary,
      /href="#since-day">The date they became a trainer must be today or in the past/,
    );
    // What was typed is kept, and nothing was saved.
    assert.match(bad.body, /name="since-day" type="text" value="22"/);
    assert.match(bad.body, /name="since-year" type="text" value="2026"/);
    assert.match(bad.body, new RegExp(`<option value="${taylor.id}" selected>`));
    assert.doesNotMatch((await agent.get('/training/cascade')).body, /a trainer since/);

    const unreal = await agent.post('/training/cascade', {
      trainerId: taylor.id,
      trainedById: tara.id,
      ...since('31', '2', '2026'),
    });
    assert.equal(unreal.statusCode, 400);
    assert.match(
      unreal.body,
      /href="#since-day">The date they became a trainer must be a real date/,
    );

    // 31/3/2026, typed the British way in three boxes, and today itself are both taken.
    for (const [who, by, day] of [
      [tara.id, '', since('31', '3', '2026')],
      [taylor.id, tara.id, since('21', '11', '2026')],
    ] as const) {
      const ok = await agent.post('/training/cascade', {
        trainerId: who,
        trainedById: by,
        provider: by ? '' : 'RP Ltd',
        ...day,
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/training/cascade?done=saved');
    }
    const page = await agent.get('/training/cascade?done=saved');
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /Who trained the trainer has been saved\./);
    assert.match(
      page.body,
      /Tara Root \(trained by RP Ltd, an external provider\), a trainer since 31 March 2026;/,
    );
    assert.match(
      page.body,
      /<li>Taylor Trainer, a trainer since 21 November 2026; 0 sessions delivered/,
    );
    assert.doesNotMatch((await agent.get('/training/cascade')).body, /has been saved/);
  });

  it('says "There is 1 trainer"', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const leader = await makePerson(db, partnership.id, { roles: ['leader'] });
    await makePerson(db, partnership.id, { roles: ['trainer'], name: 'Only One' });
    const agent = new Agent(t.app);
    await agent.signIn(leader.email, PASSWORD);
    const page = await agent.get('/training/cascade');
    assert.match(page.body, /There is 1 trainer\./);
    assert.doesNotMatch(page.body, /There are 1 trainers/);
  });
});
