import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

const QUESTION = 'How did we get to where we are today?';
const REWORDED = 'How did things get to where they are today?';

/** How many items on the manage page are named exactly this. */
const itemsNamed = (j: Journey, name: string) =>
  j.page.locator('strong', { hasText: new RegExp(`^${name.replace(/[?]/g, '\\?')}$`) }).count();

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

describe('setting up the practice framework in a browser', () => {
  let s: BrowserSuite;
  let admin: { email: string };
  let practitioner: { email: string };
  before(async () => {
    s = await startBrowserSuite();
    const { partnership } = await makePartnership(s.t.database.db);
    admin = await makePerson(s.t.database.db, partnership.id, { roles: ['admin'] });
    practitioner = await makePerson(s.t.database.db, partnership.id);
  });
  after(() => s?.close());

  it('an admin picks a starting template and rewords a question; everyone sees it', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    await follow(j, 'Practice framework', 'link', j.page.getByRole('navigation', { name: 'Menu' }));
    assert.equal(j.pathname(), '/framework');
    await follow(j, 'Choose a starting template', 'button');
    assert.equal(j.pathname(), '/framework/templates');

    // Continuing without a choice explains what to do, and keeps us on the same page.
    await follow(j, 'Continue', 'button');
    assert.match(await j.page.title(), /^Error: /);
    await j.page.getByLabel('Beliefs and restorative questions in five groups').check();
    await follow(j, 'Continue', 'button');
    assert.equal(j.pathname(), '/framework/manage');
    assert.equal(await itemsNamed(j, QUESTION), 1);

    await follow(j, `Change ${QUESTION}`);
    assert.match(j.pathname(), /^\/framework\/items\/[0-9a-f-]+\/edit$/);
    const field = j.page.getByLabel('Question', { exact: true });
    assert.equal(await field.inputValue(), QUESTION);
    await field.fill('');
    await follow(j, 'Save', 'button');
    assert.match(await j.page.title(), /^Error: /, 'a question cannot be empty');
    await j.submit({ Question: REWORDED }, 'Save');
    assert.equal(j.pathname(), '/framework/manage');
    assert.equal(await itemsNamed(j, REWORDED), 1);
    assert.equal(await itemsNamed(j, QUESTION), 0);

    const reader = await s.journey();
    await reader.signIn(practitioner.email, PASSWORD);
    await reader.visit('/framework');
    assert.equal(await reader.page.getByText(REWORDED, { exact: true }).count(), 1);
  });
});
