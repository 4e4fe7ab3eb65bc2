import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

const NEW_PASSWORD = 'kettle river orange';

const click = async (j: Journey, target: Locator) => {
  const navigation = j.page.waitForNavigation();
  await target.click();
  await navigation;
  await j.check();
};

describe('an admin brings a new person into the partnership', () => {
  let s: BrowserSuite;
  let admin: { email: string };
  let locality: { name: string };
  before(async () => {
    s = await startBrowserSuite();
    const made = await makePartnership(s.t.database.db);
    locality = made.locality;
    admin = await makePerson(s.t.database.db, made.partnership.id, { roles: ['admin'] });
  });
  after(() => s?.close());

  it('adds a team and a person; the person follows the emailed link and is signed in', async () => {
    const j = await s.journey();
    const { page } = j;
    await j.signIn(admin.email, PASSWORD);
    await click(
      j,
      page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Partnership' }),
    );
    assert.equal(j.pathname(), '/admin');

    // A team: the form explains what is missing, then the conditional locality question.
    await click(j, page.getByRole('main').getByRole('link', { name: 'Teams', exact: true }));
    await click(j, page.getByRole('button', { name: 'Add a team' }));
    await j.submit({}, 'Save');
    assert.match(await page.title(), /^Error: /);
    await page.getByLabel('Multi-agency').check();
    await j.check(); // with the conditional question showing
    await page.getByLabel('Locality it serves').selectOption({ label: locality.name });
    await j.submit({ Name: 'Northfield family support' }, 'Save');
    assert.match(j.pathname(), /^\/admin\/teams\/[0-9a-f-]+$/);
    assert.equal(await j.heading(), 'Northfield family support');

    // A person in that team, invited by email.
    await j.visit('/admin');
    await click(j, page.getByRole('main').getByRole('link', { name: 'People', exact: true }));
    await click(j, page.getByRole('button', { name: 'Add a person' }));
    await page
      .getByRole('group', { name: 'Teams' })
      .getByLabel('Northfield family support')
      .check();
    await page.getByRole('group', { name: 'Roles' }).getByLabel('Practitioner').check();
    await page.getByLabel('Front-line practitioner').check();
    await j.submit(
      { 'Full name': 'Nadia New', 'Email address': 'Nadia.New@example.test' },
      'Save and send invitation',
    );
    assert.match(j.pathname(), /^\/admin\/people\/[0-9a-f-]+$/);
    assert.equal(await j.heading(), 'Nadia New');

    const { rows } = await s.t.database.query(
      'select body_text from mail_outbox where to_address = $1',
      ['nadia.new@example.test'],
    );
    assert.equal(rows.length, 1, 'one invitation email');
    const link = /https?:\/\/\S+\/invitation\/\S+/.exec(String(rows[0]!.body_text))?.[0];
    assert.ok(link, 'the email holds the invitation link');

    // The new person, in a browser of their own.
    const nadia = await s.journey();
    await nadia.visit(link);
    assert.equal(await nadia.heading(), 'Choose your password');
    await nadia.submit(
      { Password: NEW_PASSWORD, 'Type the password again': 'kettle river orang' },
      'Save password and sign in',
    );
    assert.match(await nadia.page.title(), /^Error: /);
    await nadia.submit(
      { Password: NEW_PASSWORD, 'Type the password again': NEW_PASSWORD },
      'Save password and sign in',
    );
    assert.equal(nadia.pathname(), '/');
    assert.equal(await nadia.heading(), 'Welcome, Nadia New');

    // The link works once.
    const again = await nadia.visit(link);
    assert.equal(again?.status(), 410);
  });
});
