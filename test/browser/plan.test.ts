import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { familyWorld } from '../support/families.js';
import { makePerson, PASSWORD } from '../support/factories.js';
import { familyWithPlan } from '../support/plans.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// A family-led plan in a browser: the family's words, advice after saving, an action, a review,
// the history; the admin pages for sections and the word list. axe on every page.
describe('family-led plan in a browser', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof familyWithPlan>>;
  before(async () => {
    s = await startBrowserSuite();
    w = await familyWorld(s.t);
    f = await familyWithPlan(w.ctx.practitioner());
  });
  after(() => s?.close());

  it('writes Jo’s words, gets advice, adds an action and a review, and sees the history', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/families/${f.familyId}/plans`);
    await j.visit(`/plans/${f.planId}`);
    await j.visit(`/plans/${f.planId}/entries/new?section=${f.sections[0]!.id}`);
    await j.page.getByLabel('Whose words are these?').selectOption(`family:${f.joId}`);
    await j.submit({ 'Their words': 'Contact with dad stopped in May.' }, 'Add to the plan');
    assert.match(
      (await j.page.locator('#plain-language-advice').textContent()) ?? '',
      /time together/,
    );
    assert.match((await j.page.textContent('main')) ?? '', /In Jo’s words/);

    await j.visit(`/plans/${f.planId}/actions/new`);
    await j.page.getByLabel('Who will do it?').selectOption(`network:${f.nanId}`);
    await j.submit({ 'What needs to happen?': 'Nan does the Monday school run' }, 'Add the action');
    await j.page.getByRole('link', { name: /Update how it is going/ }).click();
    await j.check();
    await j.page.getByLabel('In progress').check();
    await j.submit({}, 'Save');
    await j.visit(`/plans/${f.planId}/reviews/new`);
    await j.submit(
      { 'When will you look at the plan again together?': '2026-12-10' },
      'Add the review date',
    );
    await j.visit(`/plans/${f.planId}/history`);
    assert.equal(await j.heading(), 'Every change to “Our plan for a calmer home”');
    await j.visit(`/plans/${f.planId}/retire`);
    await j.visit(`/families/${f.familyId}/plans/new`);
  });

  it('admin pages for sections and the word list pass axe', async () => {
    const admin = await makePerson(s.t.database.db, w.partnership.id, { roles: ['admin'] });
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    await j.visit('/admin/plan-sections');
    await j.visit(`/admin/plan-sections/${f.sections[1]!.id}/retire`);
    await j.visit('/admin/plain-language');
  });
});
