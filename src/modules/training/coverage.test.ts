import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import { organisations } from '../../platform/tenancy/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';
import { offerOrder } from './coverage.js';
import { createCourse } from './courses.js';
import type { CourseInput } from './schemas.js';
import { asPerson, courseInput } from '../../../test/support/training.js';

// 10 people across 2 organisations; 4 of them completed the course: 40% overall, 3 of 6 and 1 of 4.
describe('training coverage', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function world(title = 'Restorative basics') {
    const db = t.database.db;
    const { partnership, organisation } = await makePartnership(db);
    const [second] = await db
      .insert(organisations)
      .values({ partnershipId: partnership.id, name: 'Health trust', kind: 'nhs' })
      .returning();
    const leader = await makePerson(db, partnership.id, {
      roles: ['leader'],
      organisationId: organisation.id,
    });
    const people = [leader];
    for (let i = 0; i < 5; i++)
      people.push(await makePerson(db, partnership.id, { organisationId: organisation.id }));
    for (let i = 0; i < 4; i++)
      people.push(await makePerson(db, partnership.id, { organisationId: second!.id }));
    const [course] = await db
      .insert(trainingCourses)
      .values({
        partnershipId: partnership.id,
        title,
        summary: 'x',
        delivery: 'online',
        frequency: 'monthly',
      })
      .returning();
    const ends = new Date(t.clock.now().getTime() - 40 * 86_400_000);
    const [session] = await db
      .insert(trainingSessions)
      .values({
        partnershipId: partnership.id,
        courseId: course!.id,
        startsAt: new Date(ends.getTime() - 3_600_000),
        endsAt: ends,
        places: 20,
        delivery: 'online',
      })
      .returning();
    // Three from the first organisation, one from the second attended; one was absent.
    const attended = [people[1]!, people[2]!, people[3]!, people[6]!];
    for (const p of attended)
      await db.insert(trainingBookings).values({
        partnershipId: partnership.id,
        sessionId: session!.id,
        personId: p.id,
        status: 'booked',
        attendance: 'attended',
      });
    await db.insert(trainingBookings).values({
      partnershipId: partnership.id,
      sessionId: session!.id,
      personId: people[7]!.id,
      status: 'booked',
      attendance: 'absent',
    });
    return { partnership, organisation, second: second!, leader, people, course: course! };
  }

  it('shows the share by organisation, the trend chart with its table, and the CSV', async () => {
    const w = await world('=HYPERLINK("x")');
    await world('Other partnership course'); // never counted here
    const agent = new Agent(t.app);
    await agent.signIn(w.leader.email, PASSWORD);

    const page = await agent.get('/training/coverage?by=organisation');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<svg[^>]*aria-label="Share of people who have completed[^>]*role="img"/,
    );
    assert.match(page.body, /id="trend-table"/);
    assert.match(page.body, /40%<\/td>/); // the last month of the trend: 4 of 10
    // The breakdown's table, worked out in the same statement as the trend: 3 of 6, 1 of 4.
    const row = (group: string, ...cells: string[]) =>
      new RegExp(`${group}</th>${cells.map((c) => `\\s*<td[^>]*>${c}</td>`).join('')}`);
    assert.match(page.body, row(w.organisation.name, '6', '3', '50%'));
    assert.match(page.body, row('Health trust', '4', '1', '25%'));
    assert.doesNotMatch(page.body, /Other partnership course/);

    const csv = await agent.get('/training/coverage.csv?by=organisation');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], 'Course,Organisation,People,Completed,Share (%)');
    assert.ok(lines.includes(`"'=HYPERLINK(""x"")",${w.organisation.name},6,3,50`), csv.body);
    assert.ok(lines.includes(`"'=HYPERLINK(""x"")",Health trust,4,1,25`), csv.body);

    for (const by of ['locality', 'team', 'layer']) {
      const other = await agent.get(`/training/coverage?by=${by}`);
      assert.equal(other.statusCode, 200, by);
    }
  });

  it('names training layers in words, in the plan’s order, on the page and in the CSV', async () => {
    const w = await world('Layered course');
    const db = t.database.db;
    await makePerson(db, w.partnership.id, { trainingLayer: 'frontline' });
    await makePerson(db, w.partnership.id, { trainingLayer: 'leader' });
    const agent = new Agent(t.app);
    await agent.signIn(w.leader.email, PASSWORD);

    const page = await agent.get('/training/coverage?by=layer');
    assert.equal(page.statusCode, 200);
    const table = page.body.slice(page.body.indexOf('By training layer'));
    const groups = [...table.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((m) =>
      m[1]!.trim(),
    );
    assert.deepEqual(groups, ['Leaders', 'Front-line practitioners', 'Not recorded']);
    assert.doesNotMatch(page.body, />frontline</);

    const csv = (await agent.get('/training/coverage.csv?by=layer')).body.trim().split('\n');
    assert.deepEqual(csv.slice(1), [
      'Layered course,Leaders,1,0,0',
      'Layered course,Front-line practitioners,1,0,0',
      'Layered course,Not recorded,10,4,40',
    ]);
  });

  it('gives the same numbers through the API, for leaders only', async () => {
    const w = await world();
    const token = async (roles: ('leader' | 'practitioner')[]) =>
      (
        await createApiToken(t.database.db, {
          partnershipId: w.partnership.id,
          name: 'coverage',
          roles,
          createdBy: w.leader.id,
        })
      ).secret;
    const get = async (url: string, roles: ('leader' | 'practitioner')[]) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${await token(roles)}` } });

    const res = await get('/api/v1/training/coverage?by=organisation', ['leader']);
    assert.equal(res.statusCode, 200);
    const rows = res.json<{
      items: { group: string; people: number; completed: number; share: number }[];
      total: number;
    }>().items;
    assert.deepEqual(
      rows.map((r) => [r.group, r.people, r.completed, r.share]),
      [
        [w.organisation.name, 6, 3, 50],
        ['Health trust', 4, 1, 25],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const layer = await get('/api/v1/training/coverage?by=layer', ['leader']);
    assert.deepEqual(
      layer
        .json<{ items: { group: string; people: number; completed: number }[] }>()
        .items.map((r) => [r.group, r.people, r.completed]),
      [['Not recorded', 10, 4]],
    );
    assert.equal((await get('/api/v1/training/coverage', ['practitioner'])).statusCode, 403);
  });

  it('starts the chart with the offer’s first course, and lists the offer in its order', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const leader = await makePerson(db, partnership.id, { roles: ['leader'] });
    const trainer = asPerson(t, await makePerson(db, partnership.id, { roles: ['trainer'] }));
    const add = (title: string, more: Partial<CourseInput> = {}) =>
      createCourse(trainer, courseInput({ title, ...more }));
    // Added in an order that is neither the offer's nor the alphabet's.
    const bespoke = await add('Bespoke team course', { kind: 'bespoke', frequency: 'on_request' });
    const intro = await add('Introduction');
    const dev = await add('Development', { prerequisiteIds: [intro] });
    const set = await add('Action learning set', {
      kind: 'action_learning_set',
      prerequisiteIds: [intro, dev],
    });
    const circles = await add('Circles and meetings', { prerequisiteIds: [dev] });
    assert.deepEqual(await offerOrder(trainer), [intro, dev, circles, bespoke, set]);

    const agent = new Agent(t.app);
    await agent.signIn(leader.email, PASSWORD);
    const page = await agent.get('/training/coverage');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Trend for Introduction: last 12 months/);
    const options = [...page.body.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(options, [intro, dev, circles, bespoke, set]);
    const chosen = await agent.get(`/training/coverage?course=${set}`);
    assert.match(chosen.body, /Trend for Action learning set: last 12 months/);
  });

  it('refuses practitioners', async () => {
    const w = await world();
    const agent = new Agent(t.app);
    await agent.signIn(w.people[1]!.email, PASSWORD);
    assert.equal((await agent.get('/training/coverage')).statusCode, 403);
    assert.equal((await agent.get('/training/coverage.csv')).statusCode, 403);
  });
});
