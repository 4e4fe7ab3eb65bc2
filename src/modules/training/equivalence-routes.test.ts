import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession, markAttended } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { trainingEquivalences } from './tables-equivalence.js';

// The pages for declaring an equivalent course and for checking declarations.

type Person = Awaited<ReturnType<typeof makePerson>>;

const form = {
  earlierCourse: 'Restorative practice: 2-day course',
  provider: 'Harbour Trust',
  'completed-day': '12',
  'completed-month': '6',
  'completed-year': '2021',
  notes: '',
};

describe('equivalent course pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Person;
  let intro: { courseId: string; sessionId: string };
  let dev: { courseId: string; sessionId: string };
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };
  const declarationOf = async (personId: string) =>
    (
      await t.database.db
        .select()
        .from(trainingEquivalences)
        .where(eq(trainingEquivalences.personId, personId))
    )[0]!;

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    intro = await courseWithSession(asPerson(t, trainer), { course: { title: 'Introduction' } });
    dev = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
  });
  after(() => t.close());

  it('offers "I have done an equivalent course" when a booking is refused, and takes the declaration', async () => {
    const p = await makePerson(t.database.db, partnershipId, { name: 'Dee Clare' });
    const agent = await signedIn(p);
    const url = `/training/sessions/${dev.sessionId}`;
    const refused = await agent.post(`${url}/book`, {}, { from: url });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, new RegExp(`href="/training/courses/${intro.courseId}"`));
    const link = `/training/equivalents/new?course=${intro.courseId}&amp;session=${dev.sessionId}`;
    assert.ok(refused.body.includes(link), 'links to the declaration form');
    assert.match(refused.body, />I have done an equivalent course</);

    const page = await agent.get(link.replace('&amp;', '&'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`value="${intro.courseId}" checked`));
    assert.ok(
      page.body.includes(`href="/training/sessions/${dev.sessionId}"`),
      'back to the session',
    );

    const bad = await agent.post('/training/equivalents', {
      courseId: intro.courseId,
      earlierCourse: 'Half a name',
      provider: '',
      'completed-day': '31',
      'completed-month': '2',
      'completed-year': '2020',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: /);
    assert.match(bad.body, /Enter who ran the course/);
    assert.match(bad.body, /The date you finished the course must be a real date/);
    assert.match(bad.body, /value="Half a name"/);
    assert.match(bad.body, /value="31"/);
    // A date to come is reported with the other mistakes, not after them.
    const ahead = await agent.post('/training/equivalents', {
      courseId: intro.courseId,
      earlierCourse: 'Half a name',
      provider: '',
      'completed-day': '1',
      'completed-month': '1',
      'completed-year': '2030',
    });
    assert.equal(ahead.statusCode, 400);
    assert.match(ahead.body, /href="#provider">Enter who ran the course/);
    assert.match(
      ahead.body,
      /href="#completed-day">The date you finished the course must be today or in the past/,
    );

    const ok = await agent.post('/training/equivalents', { ...form, courseId: intro.courseId });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/training/mine?done=declared');
    const mine = await agent.get('/training/mine?done=declared');
    assert.match(mine.body, /A trainer or admin will check your earlier course/);
    assert.match(
      mine.body,
      /Restorative practice: 2-day course \(Harbour Trust\), in place of Introduction/,
    );
    assert.match(mine.body, /Being checked/);

    const again = await agent.post('/training/equivalents', { ...form, courseId: intro.courseId });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already declared an equivalent/);
  });

  it('lets a trainer find, accept or decline declarations, with a reason for declining', async () => {
    const [ann, bob] = [
      await makePerson(t.database.db, partnershipId, { name: 'Ann Earlier' }),
      await makePerson(t.database.db, partnershipId, { name: 'Bob Earlier' }),
    ];
    for (const p of [ann, bob]) {
      const res = await (
        await signedIn(p)
      ).post(
        '/training/equivalents',
        { ...form, courseId: intro.courseId },
        { from: '/training/equivalents/new' },
      );
      assert.equal(res.statusCode, 303);
    }
    const agent = await signedIn(trainer);
    const list = await agent.get('/training/equivalents');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Ann Earlier/);
    assert.match(list.body, /Bob Earlier/);
    const found = await agent.get('/training/equivalents?q=ann');
    assert.match(found.body, /Ann Earlier/);
    assert.doesNotMatch(found.body, /Bob Earlier/);
    assert.match((await agent.get('/training')).body, /href="\/training\/equivalents"/);

    const annId = (await declarationOf(ann.id)).id;
    const page = await agent.get(`/training/equivalents/${annId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Harbour Trust/);
    assert.match(page.body, /12 June 2021/);
    assert.equal((await agent.post(`/training/equivalents/${annId}/approve`, {})).statusCode, 303);
    assert.equal((await declarationOf(ann.id)).status, 'approved');
    const twice = await agent.post(
      `/training/equivalents/${annId}/approve`,
      {},
      {
        from: `/training/equivalents/${annId}`,
      },
    );
    assert.equal(twice.statusCode, 409);
    assert.match((await agent.get(`/training/equivalents/${annId}`)).body, /Accepted/);

    const bobId = (await declarationOf(bob.id)).id;
    const noReason = await agent.post(
      `/training/equivalents/${bobId}/decline`,
      { reason: ' ' },
      { from: `/training/equivalents/${bobId}` },
    );
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Enter why the course is not accepted/);
    const declined = await agent.post(`/training/equivalents/${bobId}/decline`, {
      reason: 'Please send your certificate',
    });
    assert.equal(declined.statusCode, 303);
    assert.match((await agent.get(declined.headers.location as string)).body, /emailed the reason/);
    const bobMine = await (await signedIn(bob)).get('/training/mine');
    assert.match(bobMine.body, /Not accepted/);
    assert.match(bobMine.body, /Please send your certificate/);
  });

  it('pages a long list, 25 at a time', async () => {
    for (let i = 0; i < 26; i++) {
      const p = await makePerson(t.database.db, partnershipId, {
        name: `Zed ${String(i).padStart(2, '0')}`,
      });
      await t.database.db.insert(trainingEquivalences).values({
        partnershipId,
        personId: p.id,
        courseId: intro.courseId,
        earlierCourse: 'Old course',
        provider: 'Someone',
        completedOn: '2020-01-01',
      });
    }
    const agent = await signedIn(trainer);
    const first = await agent.get('/training/equivalents?q=zed');
    assert.match(first.body, /Showing 1 to 25 of 26 declarations/);
    assert.match(first.body, /href="\/training\/equivalents\?q=zed&amp;page=2"/);
    const second = await agent.get('/training/equivalents?q=zed&page=2');
    assert.match(second.body, /Showing 26 to 26 of 26 declarations/);
  });

  it('keeps the checking pages to trainers and admins of the partnership', async () => {
    const p = await makePerson(t.database.db, partnershipId);
    const agent = await signedIn(p);
    await agent.post(
      '/training/equivalents',
      { ...form, courseId: intro.courseId },
      {
        from: '/training/equivalents/new',
      },
    );
    const id = (await declarationOf(p.id)).id;
    assert.equal((await agent.get('/training/equivalents')).statusCode, 403);
    assert.equal((await agent.get(`/training/equivalents/${id}`)).statusCode, 403);
    assert.equal((await agent.post(`/training/equivalents/${id}/approve`, {})).statusCode, 403);

    const other = (await makePartnership(t.database.db)).partnership.id;
    const outsider = await signedIn(await makePerson(t.database.db, other, { roles: ['admin'] }));
    assert.equal((await outsider.get(`/training/equivalents/${id}`)).statusCode, 404);
    const post = await outsider.post(
      `/training/equivalents/${id}/approve`,
      {},
      { from: '/training' },
    );
    assert.equal(post.statusCode, 404);
    assert.equal((await declarationOf(p.id)).status, 'pending');
  });

  it('leaves out the courses the person has completed, and says so when none is left', async () => {
    const p = await makePerson(t.database.db, partnershipId);
    const agent = await signedIn(p);
    const before = await agent.get('/training/equivalents/new');
    assert.match(before.body, new RegExp(`value="${intro.courseId}"`));
    assert.match(before.body, /Which of our courses does it replace\?/);

    // Nothing chosen: the error says plainly what to do, with everything else typed kept.
    const none = await agent.post('/training/equivalents', form);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#courseId">Choose which of our courses it replaces/);
    assert.doesNotMatch(none.body, /stands in for/);
    assert.match(none.body, /value="Harbour Trust"/);

    await bookSession(asPerson(t, p), intro.sessionId);
    await markAttended(t, intro.sessionId, p.id);
    const after = await agent.get(`/training/equivalents/new?course=${intro.courseId}`);
    assert.equal(after.statusCode, 200);
    assert.doesNotMatch(after.body, new RegExp(`value="${intro.courseId}"`));
    assert.doesNotMatch(after.body, /<form method="post" action="\/training\/equivalents"/);
    assert.match(
      after.body,
      /You have already completed every course that an earlier course can replace, so there is nothing to declare/,
    );
  });
});
