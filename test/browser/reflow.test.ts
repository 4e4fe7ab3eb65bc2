import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// Reflow (WCAG 1.4.10): at 320 CSS pixels wide, the width of a phone or of a 1280px screen
// zoomed to 400%, nothing makes the page scroll sideways. A wide table or chart scrolls or
// shrinks in its own box, and a box that scrolls can be reached by keyboard.

const PHONE = { width: 320, height: 800 };

/** How far the page scrolls sideways: 0 when it fits. */
const sideways = (j: Journey) =>
  j.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? templates(path) : path.endsWith('.njk') ? [path] : [];
  });
}

describe('reflow at 320 CSS pixels', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  before(async () => {
    s = await startBrowserSuite();
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
  });
  after(() => s?.close());

  it('puts every table in a box of its own that can scroll sideways', () => {
    const bare: string[] = [];
    for (const file of templates('src')) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.includes('<table') && !lines[i - 1]?.includes('class="dw-table-scroll"'))
          bare.push(`${file}:${i + 1}`);
      });
    }
    assert.deepEqual(bare, [], 'tables not inside <div class="dw-table-scroll">');
  });

  it('a wide table scrolls in its box, which takes focus, and the page does not', async () => {
    const db = s.t.database.db;
    const admin = await makePerson(db, partnershipId, {
      roles: ['admin'],
      email: 'a-rather-long-address-for-the-partnership-admin@example.test',
    });
    const j = await s.journey({ viewport: PHONE });
    await j.signIn(admin.email, PASSWORD);
    await j.visit('/admin/people');
    assert.equal(await sideways(j), 0, 'the page scrolls sideways');

    const box = j.page.locator('main .dw-table-scroll').first();
    assert.ok(
      await box.evaluate((b) => b.scrollWidth > b.clientWidth),
      'the people table is wider than a phone, so its box scrolls',
    );
    assert.equal(await box.getAttribute('tabindex'), '0');
    assert.equal(await box.getAttribute('role'), 'region');
    assert.match((await box.getAttribute('aria-label')) ?? '', /\(scrolls sideways\)$/);
    await j.check(); // axe again, with the box as a named region

    // Reached by the keyboard, and scrolled with the arrow keys.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await j.page.keyboard.press('Tab');
      reached = await box.evaluate((b) => document.activeElement === b);
    }
    assert.ok(reached, 'Tab reaches the table’s box');
    await j.page.keyboard.press('ArrowRight');
    await j.page.waitForFunction(
      () => (document.querySelector('main .dw-table-scroll')?.scrollLeft ?? 0) > 0,
    );

    // On a wide screen the same table fits: no extra stop for the keyboard.
    await j.page.setViewportSize({ width: 1280, height: 800 });
    await j.page.waitForFunction(
      () => !document.querySelector('main .dw-table-scroll')?.hasAttribute('tabindex'),
    );
  });

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
    assert.equal(await sideways(j), 0, 'the page scrolls sideways');
  });

  it('everyday practice, with its counts by kind, fits a phone', async () => {
    const practitioner = await makePerson(s.t.database.db, partnershipId);
    const j = await s.journey({ viewport: PHONE });
    await j.signIn(practitioner.email, PASSWORD);
    await j.visit('/practice');
    assert.ok(await j.page.locator('main .dw-table-scroll table').count());
    assert.equal(await sideways(j), 0, 'everyday practice scrolls sideways');
  });
});
