import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// The audit log's filters as an admin uses them, with the error summary; axe on each page.
describe('audit log filters in a browser', () => {
  let s: BrowserSuite;
  let admin: { email: string; id: string };
  before(async () => {
    s = await startBrowserSuite();
    const { partnership } = await makePartnership(s.t.database.db);
    admin = await makePerson(s.t.database.db, partnership.id, { roles: ['admin'] });
  });
  after(() => s?.close());

  it('explains a date it cannot use, keeps what was typed, then filters', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    await j.visit('/admin/audit');
    const from = j.page.getByRole('group', { name: /^From/ });
    await from.getByLabel('Day').fill('31');
    await from.getByLabel('Month').fill('2');
    await from.getByLabel('Year').fill('2026');
    await j.submit({ 'Action starts with': 'auth.' }, 'Apply filters');
    assert.match(await j.page.title(), /^Error: Audit log/);
    assert.equal(await from.getByLabel('Day').inputValue(), '31');
    assert.equal(await j.page.getByLabel('Action starts with').inputValue(), 'auth.');
    await j.page.locator('.govuk-error-summary a').first().click();
    assert.equal(
      await j.page.evaluate(() => document.activeElement?.id),
      'from-day',
      'the error summary link moves focus to the day box',
    );

    await from.getByLabel('Day').fill('1');
    await from.getByLabel('Month').fill('1');
    await from.getByLabel('Year').fill('2001');
    await j.submit({}, 'Apply filters');
    assert.equal(await j.heading(), 'Audit log');
    await j.page.getByRole('link', { name: 'Clear filters' }).click();
    await j.page.waitForURL(/\/admin\/audit$/);
    await j.check();
    assert.ok((await j.page.locator('main table tbody tr').count()) >= 1);
    assert.match((await j.page.locator('main table').textContent()) ?? '', /auth\.sign-in/);
  });
});
