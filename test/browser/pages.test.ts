import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// The pages no other journey reaches: each is visited and checked by axe, and its forms are
// sent once wrongly (error summary) and once rightly.

const click = async (j: Journey, target: Locator) => {
  const navigation = j.page.waitForNavigation();
  await target.click();
  await navigation;
  await j.check();
};

describe('every other page, checked by axe', () => {
  let s: BrowserSuite;
  let admin: { email: string };
  let practitioner: { email: string };
  let teamName: string;
  before(async () => {
    s = await startBrowserSuite();
    const { partnership, team } = await makePartnership(s.t.database.db);
    teamName = team.name;
    admin = await makePerson(s.t.database.db, partnership.id, { roles: ['admin'] });
    practitioner = await makePerson(s.t.database.db, partnership.id);
  });
  after(() => s?.close());

  it('public pages: legal, forgotten password, expired link, not found', async () => {
    const j = await s.journey();
    await j.visit('/accessibility');
    await j.visit('/privacy');
    await j.visit('/sign-in');
    await click(j, j.page.getByRole('link', { name: 'I have forgotten my password' }));
    await j.submit({ 'Email address': 'not an email' }, 'Send the link');
    assert.match(await j.page.title(), /^Error: /);
    await j.submit({ 'Email address': practitioner.email }, 'Send the link');
    assert.equal(j.pathname(), '/forgot-password/sent');
    assert.equal((await j.visit('/reset-password/not-a-real-token'))?.status(), 410);
    assert.equal((await j.visit('/invitation/not-a-real-token'))?.status(), 410);
    assert.equal((await j.visit('/no-such-page'))?.status(), 404);
  });

  it('a practitioner is refused the admin pages', async () => {
    const j = await s.journey();
    await j.signIn(practitioner.email, PASSWORD);
    assert.equal((await j.visit('/admin/audit'))?.status(), 403);
  });

  it('admin pages: API tokens, audit log, outbox, sign-in settings', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);

    await j.visit('/admin/api-tokens');
    await click(j, j.page.getByRole('button', { name: 'Create a token' }));
    await j.submit({}, 'Create token');
    assert.match(await j.page.title(), /^Error: /);
    await j.page.getByLabel('Practitioner', { exact: true }).check();
    await j.page.getByLabel(teamName, { exact: true }).check();
    await j.submit({ Name: 'Case management system' }, 'Create token');
    assert.equal(await j.heading(), 'Token created');
    await j.page.reload(); // the form is not posted again: the secret is not shown again
    assert.equal(await j.heading(), 'The token has already been shown');
    await j.check();
    await click(j, j.page.getByRole('link', { name: 'Go to API tokens' }));
    await click(j, j.page.getByRole('link', { name: /^Revoke/ }));
    await j.submit({}, 'Revoke token');
    assert.equal(j.pathname(), '/admin/api-tokens');

    await j.visit('/admin/audit');
    await j.visit('/admin/outbox');
    await click(j, j.page.locator('main table a').first());
    assert.match(j.pathname(), /^\/admin\/outbox\/[0-9a-f-]+$/);

    await j.visit('/admin/sign-in-settings');
    await j.submit({}, 'Save sign-in settings');
    assert.match(await j.page.title(), /^Error: /);
  });
});
