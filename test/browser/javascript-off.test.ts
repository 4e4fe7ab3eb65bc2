import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Pages are server-rendered and JavaScript only enhances them: with scripts off, people can
// still sign in. (axe needs scripts to run, so these pages are checked with scripts on elsewhere.)
describe('with JavaScript turned off', () => {
  let s: BrowserSuite;
  before(async () => {
    s = await startBrowserSuite();
  });
  after(() => s?.close());

  it('signs in and shows home', async () => {
    const { partnership } = await makePartnership(s.t.database.db);
    const person = await makePerson(s.t.database.db, partnership.id, { name: 'Nia Noscript' });
    const j = await s.journey({ javaScriptEnabled: false });
    await j.visit('/');
    assert.equal(j.pathname(), '/sign-in');
    // The password field is a plain input without its show button.
    assert.equal(await j.page.getByRole('button', { name: /Show/ }).count(), 0);

    await j.submit({ 'Email address': person.email, Password: 'wrong password' }, 'Sign in');
    assert.match((await j.page.locator('.govuk-error-summary').textContent()) ?? '', /correct/);

    await j.submit({ Password: PASSWORD }, 'Sign in');
    assert.equal(j.pathname(), '/');
    assert.equal(await j.heading(), 'Welcome, Nia Noscript');
  });
});
