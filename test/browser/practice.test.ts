import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { familyWorld } from '../support/families.js';
import { PASSWORD } from '../support/factories.js';
import { practiceFamilies } from '../support/practice.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Everyday practice, the caseload and the team view in a browser, each page checked by axe.

describe('everyday practice, caseload and team view, checked by axe', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof practiceFamilies>>;
  before(async () => {
    s = await startBrowserSuite();
    w = await familyWorld(s.t);
    f = await practiceFamilies(w);
  });
  after(() => s?.close());

  it('a practitioner logs in one screen, from a family, then makes it a meeting', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit('/practice/new');
    await j.submit({}, 'Save');
    assert.match(await j.page.title(), /^Error: /);
    await j.page.getByLabel('Affective question', { exact: true }).check();
    await j.page.getByLabel('Where', { exact: true }).selectOption('school');
    await j.submit({ 'With whom': 'Year 9 pupil' }, 'Save');
    assert.equal(j.pathname(), '/practice');
    await j.visit(`/families/${f.teamAFamily}/practice`);
    await j.page.getByLabel('Affective statement', { exact: true }).check();
    await j.page.getByLabel('Where', { exact: true }).selectOption('home visit');
    await j.page.getByLabel('With someone in the family').selectOption({ label: 'Rosa (mum)' });
    await j.submit({ 'Note (optional)': 'Rosa was proud of Kai' }, 'Save');
    assert.equal(j.pathname(), `/families/${f.teamAFamily}/practice`);
    const navigation = j.page.waitForNavigation();
    await j.page
      .getByRole('link', { name: /Make it a meeting/ })
      .first()
      .click();
    await navigation;
    await j.check();
    await j.submit({}, 'Make the meeting');
    assert.match(await j.page.title(), /^Error: /);
    await j.visit('/caseload');
  });

  it('a manager sees the team view', async () => {
    const j = await s.journey();
    await j.signIn(w.manager.email, PASSWORD);
    await j.visit('/team');
    assert.match(await j.heading(), /^My team/);
    await j.visit('/practice');
  });
});
