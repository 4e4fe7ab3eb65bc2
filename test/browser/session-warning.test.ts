import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after
// signing in however active; the page warns 2 minutes before either.
// The browser's clock and the server's test clock are moved by hand, separately.
describe('the session timeout warning', () => {
  let s: BrowserSuite;
  before(async () => {
    s = await startBrowserSuite({ SESSION_IDLE_MINUTES: '3', SESSION_ABSOLUTE_HOURS: '1' });
  });
  after(() => s?.close());

  /** A new person signed in, in a browser whose clock the test moves. */
  async function signedInOnAFakeClock() {
    const { partnership } = await makePartnership(s.t.database.db);
    const person = await makePerson(s.t.database.db, partnership.id);
    const j = await s.journey();
    await j.page.clock.install();
    await j.signIn(person.email, PASSWORD);
    return { j, warning: j.page.getByRole('region', { name: 'Important' }) };
  }

  it('warns before the session ends, and "Stay signed in" keeps it going', async () => {
    const { j, warning } = await signedInOnAFakeClock();
    const stay = j.page.getByRole('button', { name: 'Stay signed in' });
    assert.equal(await warning.isVisible(), false, 'no warning while there is time');

    const whereTheyWere = j.page.getByRole('main').getByRole('link').first();
    await whereTheyWere.focus();
    await j.page.clock.fastForward('01:01'); // 3 idle minutes less the 2 minutes' warning
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? '', /You will be signed out soon/);
    assert.equal(await stay.evaluate((el) => el === document.activeElement), true);
    // Focus lands on the button, so it carries the reason for screen reader users.
    const describedBy = (await stay.getAttribute('aria-describedby')) ?? 'missing';
    assert.match((await j.page.locator(`#${describedBy}`).textContent()) ?? '', /signed out soon/);
    await j.check();

    // WCAG 2.2 focus not obscured: on a short window, tabbing on never hides the focus under it.
    await j.page.setViewportSize({ width: 800, height: 360 });
    for (let i = 0; i < 8; i++) {
      await j.page.keyboard.press('Tab');
      const hidden = await j.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (top && (el.contains(top) || top.contains(el))) return null;
        return `${el.outerHTML.slice(0, 120)} is under ${top?.outerHTML.slice(0, 80)}`;
      });
      assert.equal(hidden, null, 'the focused element is not covered by the warning');
    }
    await stay.focus();

    s.t.clock.advance(150_000); // 2½ minutes idle on the server: still signed in
    const [keepAlive] = await Promise.all([
      j.page.waitForResponse('**/session/keep-alive'),
      j.page.keyboard.press('Enter'),
    ]);
    assert.equal(keepAlive.status(), 204);
    await warning.waitFor({ state: 'hidden' });
    assert.equal(
      await whereTheyWere.evaluate((el) => el === document.activeElement),
      true,
      'focus goes back to where it was before the warning',
    );
    await j.check();

    // 5 minutes after signing in, but under 3 since "Stay signed in": the session is still alive.
    s.t.clock.advance(150_000);
    await j.visit('/');
    assert.equal(j.pathname(), '/');

    // Left alone past the idle time, the next page asks to sign in again.
    s.t.clock.advance(181_000);
    await j.visit('/');
    assert.equal(j.pathname(), '/sign-in');
  });

  it('says so when "Stay signed in" comes too late', async () => {
    const { j, warning } = await signedInOnAFakeClock();
    await j.page.clock.fastForward('01:01');
    await warning.waitFor();
    s.t.clock.advance(181_000); // the server has ended the session meanwhile
    const [keepAlive] = await Promise.all([
      j.page.waitForResponse('**/session/keep-alive'),
      j.page.getByRole('button', { name: 'Stay signed in' }).click(),
    ]);
    assert.notEqual(keepAlive.status(), 204);
    const text = j.page.locator('#session-warning-text');
    await j.page.waitForFunction(() =>
      document
        .getElementById('session-warning-text')
        ?.textContent?.includes('have been signed out'),
    );
    assert.equal(await text.evaluate((el) => el === document.activeElement), true);
    assert.match((await warning.textContent()) ?? '', /typed on this page is kept/);
    assert.equal(await j.page.getByRole('button', { name: 'Stay signed in' }).count(), 0);
    // The browser logs the refused keep-alive itself; nothing else went wrong.
    assert.deepEqual(
      j.errors.map((e) => e.includes('/session/keep-alive')),
      [true],
    );
    j.errors.length = 0;
    await j.check();
  });

  it('warns before the absolute timeout, which cannot be put off, and keeps what was typed', async () => {
    const { partnership } = await makePartnership(s.t.database.db);
    const person = await makePerson(s.t.database.db, partnership.id, { roles: ['admin'] });
    const j = await s.journey();
    await j.page.clock.install();
    await j.signIn(person.email, PASSWORD);
    // Busy all along: a request every 2½ minutes for 57½ minutes keeps the idle timeout away.
    for (let i = 0; i < 23; i++) {
      s.t.clock.advance(150_000);
      assert.equal((await j.page.request.get('/')).status(), 200);
    }
    // 2½ minutes left: sooner than the idle timeout, so this is the warning the page gives.
    await j.visit('/admin/localities/new');
    const name = j.page.getByLabel('Name', { exact: true });
    await name.fill('Harbourside');
    const ending = j.page.locator('#session-ending');
    const idleWarning = j.page.locator('#session-warning');
    const ok = j.page.getByRole('button', { name: 'Continue' });
    assert.equal(await ending.isVisible(), false, 'no warning while there is time');

    await j.page.clock.fastForward('00:31');
    await ending.waitFor();
    assert.equal(await idleWarning.isVisible(), false);
    assert.equal(
      await j.page.getByRole('button', { name: 'Stay signed in' }).count(),
      0,
      'nothing offers to put it off',
    );
    assert.equal(await ok.evaluate((el) => el === document.activeElement), true);
    const describedBy = (await ok.getAttribute('aria-describedby')) ?? 'missing';
    assert.match(
      (await j.page.locator(`#${describedBy}`).textContent()) ?? '',
      /signed out soon because it is nearly 1 hour since you signed in/,
    );
    await j.check();
    await j.page.keyboard.press('Enter');
    await ending.waitFor({ state: 'hidden' });
    assert.equal(
      await name.evaluate((el) => el === document.activeElement),
      true,
      'focus goes back to where they were typing',
    );
    assert.equal(await name.inputValue(), 'Harbourside');

    // An hour after signing in (and under 3 minutes since the last request) the session ends;
    // what they send is kept through signing in again (ADR 0004).
    s.t.clock.advance(156_000);
    const sent = j.page.waitForNavigation();
    await j.page.getByRole('button', { name: 'Save', exact: true }).click();
    await sent;
    assert.equal(await j.heading(), 'Sign in');
    assert.match((await j.page.getByRole('main').textContent()) ?? '', /your session ended/);
    await j.check();
    await j.submit({ 'Email address': person.email, Password: PASSWORD }, 'Sign in');
    assert.equal(await j.heading(), 'You are signed in again');
    await j.page.getByRole('button', { name: 'Save what I typed' }).click();
    await j.page.waitForURL(/\/admin\/localities\/[0-9a-f-]{36}\?done=created$/);
    await j.check();
    assert.equal(await j.heading(), 'Harbourside');
  });
});
