import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

/** What has keyboard focus, in words a failing assertion can show. */
const focused = (j: Journey) =>
  j.page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 'nothing';
    const label = el.id || el.getAttribute('name') || el.textContent?.trim() || '';
    return `${el.tagName.toLowerCase()}:${label}`;
  });

describe('signing in and out in a browser', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  before(async () => {
    s = await startBrowserSuite();
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
  });
  after(() => s?.close());

  it('signs in, signs out, and then / asks to sign in again', async () => {
    const person = await makePerson(s.t.database.db, partnershipId, { name: 'Bo Browser' });
    const j = await s.journey();
    await j.visit('/');
    assert.equal(j.pathname(), '/sign-in', 'signed-out people are sent to sign in');

    await j.submit({ 'Email address': person.email, Password: PASSWORD }, 'Sign in');
    assert.equal(j.pathname(), '/');
    assert.equal(await j.heading(), 'Welcome, Bo Browser');

    await Promise.all([
      j.page.waitForURL('**/signed-out'),
      j.page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    await j.check();
    assert.equal(await j.heading(), 'You have signed out');

    await j.visit('/');
    assert.equal(j.pathname(), '/sign-in');
    assert.equal(await j.heading(), 'Sign in');
  });

  it('shows the error summary for a wrong password, then locks the account after six', async () => {
    const person = await makePerson(s.t.database.db, partnershipId);
    const j = await s.journey();
    await j.visit('/sign-in');
    await j.submit({ 'Email address': person.email, Password: 'not my password' }, 'Sign in');

    assert.equal(await j.page.title(), 'Error: Sign in – Doing With');
    const summary = j.page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /Enter a correct email address and password/);
    assert.equal(
      await summary.evaluate((el) => el === document.activeElement),
      true,
      'focus moves to the error summary',
    );
    assert.equal(await j.page.getByLabel('Email address').inputValue(), person.email);
    assert.equal(await j.page.getByLabel('Password', { exact: true }).inputValue(), '');

    // The summary's link takes keyboard and screen-reader users to the field.
    await j.page.locator('.govuk-error-summary__list a').click();
    assert.equal(await focused(j), 'input:email');

    for (let i = 2; i <= 6; i++) {
      await j.submit({ Password: `wrong ${i}` }, 'Sign in');
      assert.equal(j.pathname(), '/sign-in');
    }

    // A 7th attempt inside the minute is turned away before the password is even checked.
    await j.submit({ Password: PASSWORD }, 'Sign in');
    assert.equal(await j.heading(), 'Too many attempts');
    // It says how long the lock lasts, not "wait a minute", which the next lines show is wrong.
    assert.match(await j.page.locator('main').innerText(), /locked for 30 minutes/);

    // Past the rate limit's minute, still inside the 30-minute lock: the right password is refused.
    s.t.clock.advance(61_000);
    await j.signIn(person.email, PASSWORD);
    assert.equal(j.pathname(), '/sign-in');
    assert.equal(await j.page.title(), 'Error: Sign in – Doing With');
    await j.visit('/');
    assert.equal(j.pathname(), '/sign-in', 'still signed out');
  });

  it('signs in by keyboard alone, starting from the skip link', async () => {
    const person = await makePerson(s.t.database.db, partnershipId, { name: 'Kim Keyboard' });
    const j = await s.journey();
    await j.visit('/sign-in');
    const kb = j.page.keyboard;

    await kb.press('Tab');
    assert.equal(await focused(j), 'a:Skip to main content');
    await kb.press('Enter');
    await kb.press('Tab');
    assert.equal(await focused(j), 'input:email');
    await kb.type(person.email);
    await kb.press('Tab');
    assert.equal(await focused(j), 'input:password');
    await kb.type(PASSWORD);
    await kb.press('Tab');
    assert.match(await focused(j), /^button:.*Show/, 'the show-password button');
    await kb.press('Tab');
    assert.equal(await focused(j), 'button:Sign in');

    await Promise.all([j.page.waitForURL(`${s.baseUrl}/`), kb.press('Enter')]);
    await j.check();
    assert.equal(await j.heading(), 'Welcome, Kim Keyboard');
  });
});
