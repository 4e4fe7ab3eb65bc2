import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { alsCourse, attended } from '../support/als.js';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

const follow = async (
  j: Journey,
  name: string,
  role: 'link' | 'button' = 'link',
  within: Page | Locator = j.page,
) => {
  await Promise.all([
    j.page.waitForNavigation(),
    within.getByRole(role, { name, exact: true }).click(),
  ]);
  await j.check();
};

const text = async (j: Journey) => (await j.page.textContent('main')) ?? '';

describe('action learning sets in a browser', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let facilitator: Awaited<ReturnType<typeof makePerson>>;
  let ready: Awaited<ReturnType<typeof makePerson>>;
  let leaving: Awaited<ReturnType<typeof makePerson>>;

  before(async () => {
    s = await startBrowserSuite();
    const db = s.t.database.db;
    partnershipId = (await makePartnership(db)).partnership.id;
    trainer = await makePerson(db, partnershipId, { roles: ['trainer'], name: 'Tess Trainer' });
    facilitator = await makePerson(db, partnershipId, {
      roles: ['facilitator'],
      name: 'Femi Facilitator',
    });
    const ctx = asPerson(s.t, trainer);
    const intro = await courseWithSession(ctx, { course: { title: 'Introduction' } });
    const dev = await courseWithSession(ctx, {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
    await alsCourse(ctx, [intro.courseId, dev.courseId]);
    await makePerson(db, partnershipId, { name: 'Nina Notyet' });
    ready = await makePerson(db, partnershipId, { name: 'Rita Ready' });
    leaving = await makePerson(db, partnershipId, { name: 'Leo Leaving' });
    for (const p of [ready, leaving]) {
      await attended(s.t, intro.sessionId, p);
      await attended(s.t, dev.sessionId, p);
    }
  });
  after(() => s?.close());

  it('a trainer starts a set, adds and removes members and moves a date; the facilitator takes the register', async () => {
    const j = await s.journey();
    await j.signIn(trainer.email, PASSWORD);
    await follow(j, 'Training', 'link', j.page.getByRole('navigation', { name: 'Menu' }));
    await follow(j, 'Action learning sets');
    await follow(j, 'Start a new set', 'button');
    await follow(j, 'Create the set', 'button');
    assert.match(await j.page.title(), /^Error: /);

    await j.page.getByLabel('Name of the set', { exact: true }).fill('Early help managers');
    await j.page
      .getByLabel('Facilitator', { exact: true })
      .selectOption({ label: 'Femi Facilitator' });
    await j.page.getByLabel('Day', { exact: true }).fill('12');
    await j.page.getByLabel('Month', { exact: true }).fill('1');
    await j.page.getByLabel('Year', { exact: true }).fill('2027');
    await follow(j, 'Create the set', 'button');
    assert.equal(await j.heading(), 'Early help managers');
    assert.match(await text(j), /9 February 2027 at 10:00am/);

    // Someone who has not done the courses yet is refused, with links to them.
    await follow(j, 'Add a member', 'button');
    await j.page.getByLabel('Find a person by name or email', { exact: true }).fill('nina');
    await follow(j, 'Search', 'button');
    await follow(j, 'Add Nina Notyet', 'button');
    assert.match(await text(j), /Nina Notyet cannot join Action learning set yet/);
    assert.ok(await j.page.getByRole('link', { name: 'Development', exact: true }).isVisible());

    for (const name of ['rita', 'leo']) {
      await j.page.getByLabel('Find a person by name or email', { exact: true }).fill(name);
      await follow(j, 'Search', 'button');
      const [button] = await j.page.getByRole('button', { name: /^Add / }).all();
      await Promise.all([j.page.waitForNavigation(), button!.click()]);
      await j.check();
      assert.match(await text(j), /The member has been added/);
      if (name === 'rita') await follow(j, 'Add a member', 'button');
    }

    await follow(j, 'Remove Leo Leaving');
    assert.equal(await j.heading(), 'Remove Leo Leaving from the set?');
    await follow(j, 'Remove from the set', 'button');
    assert.match(await text(j), /Former members/);

    await follow(j, 'Change date of session 2');
    await j.page.getByLabel('Day', { exact: true }).fill('16');
    await follow(j, 'Save the date', 'button');
    assert.match(await text(j), /16 February 2027 at 10:00am/);

    await follow(j, 'Change the set’s details');
    await j.page.getByLabel('Number of places', { exact: true }).fill('6');
    await follow(j, 'Save changes', 'button');
    assert.match(await text(j), /1 of 6 places/);

    // The first session has started: its facilitator takes the register.
    s.t.clock.advance(Date.parse('2027-01-12T10:05:00Z') - s.t.clock.now().getTime());
    const f = await s.journey();
    await f.signIn(facilitator.email, PASSWORD);
    await f.visit('/training/mine');
    await follow(f, 'Early help managers');
    await follow(f, 'Take the register for session 1');
    await follow(f, 'Save the register', 'button');
    assert.match(await f.page.title(), /^Error: /);
    await f.page
      .getByRole('group', { name: 'Rita Ready' })
      .getByLabel('Arrived late', { exact: true })
      .check();
    await follow(f, 'Save the register', 'button');
    assert.match(await text(f), /The register has been saved/);
    await f.visit('/training/action-learning');

    const m = await s.journey();
    await m.signIn(ready.email, PASSWORD);
    await m.visit('/training/mine');
    assert.match(await text(m), /You have been to 1 of its 6 sessions/);
  });
});
