import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Reflow (WCAG 1.4.10): at 320 CSS pixels wide, the width of a phone or of a 1280px screen
// zoomed to 400%, nothing makes the page scroll sideways. A chart shrinks to the width it has.

const PHONE = { width: 320, height: 800 };

describe('reflow at 320 CSS pixels', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  before(async () => {
    s = await startBrowserSuite();
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
  });
  after(() => s?.close());

  it('the coverage chart fits the width, passes axe and is not refused by the security policy', async () => {
    const db = s.t.database.db;
    const leader = await makePerson(db, partnershipId, { roles: ['leader', 'trainer'] });
    await courseWithSession(asPerson(s.t, leader), { course: { title: 'Restorative basics' } });
    const j = await s.journey({ viewport: PHONE });
    await j.signIn(leader.email, PASSWORD);
    // visit() fails on any axe finding and any console error: Plot named its groups with
    // aria-label (not allowed on an element with no role), and its <style> broke the CSP.
    await j.visit('/training/coverage');
    const chart = j.page.locator('main figure svg[role="img"]');
    assert.match((await chart.getAttribute('aria-label')) ?? '', /Restorative basics/);
    assert.equal(await chart.locator('style, [aria-label]').count(), 0);
    const width = await chart.evaluate((c) => c.getBoundingClientRect().width);
    assert.ok(width <= PHONE.width, `the chart is ${width}px wide`);
  });
});
