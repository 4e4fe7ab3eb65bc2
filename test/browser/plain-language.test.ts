import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { meetings } from '../../src/modules/meetings/tables.js';
import { createPlan } from '../../src/modules/plans/service.js';
import { planEntries } from '../../src/modules/plans/tables.js';
import { PASSWORD } from '../support/factories.js';
import { conferenceWorld } from '../support/conferences.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// Plain-language advice as the words are written. With JavaScript, the advice appears in a
// polite live region when the person pauses typing, and the page stays accessible (axe) with it
// shown. Without JavaScript, "Check the wording" shows the form again with the advice and the
// words kept, saving nothing. Either way the words can be saved as they are.

const WORDS = 'Contact with dad stopped after the s47. Jo says he is a difficult father.';

const click = async (j: Journey, name: string) => {
  await Promise.all([
    j.page.waitForNavigation(),
    j.page.getByRole('button', { name, exact: true }).click(),
  ]);
  await j.check();
};

describe('plain-language advice as it is written, in a browser', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof conferenceWorld>>;
  let planId: string;
  before(async () => {
    s = await startBrowserSuite();
    w = await conferenceWorld(s.t);
    const plan = await createPlan(w.ctx.practitioner(), w.family.id, { title: 'Our plan' });
    assert.ok(plan.ok);
    planId = plan.id;
  });
  after(() => s?.close());

  it('advises in a live region as the person pauses typing, and still saves the words', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/plans/${planId}/entries/new`);
    const live = j.page.locator('[data-wording-live]');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    assert.equal(((await live.textContent()) ?? '').trim(), '', 'empty until there are words');

    await j.page.getByLabel('Whose words are these?').selectOption({ label: 'Ada Rivers (mum)' });
    await j.page.getByLabel('Their words').fill(WORDS);
    await live.locator('li', { hasText: '“s47”' }).waitFor();
    const advice = (await live.textContent()) ?? '';
    assert.match(advice, /Plain language advice: Their words/);
    assert.match(advice, /“Contact” \(service jargon\)/);
    assert.match(advice, /“difficult father” \(describes a person by their behaviour\)/);
    assert.match(advice, /Reading ease: \d+ out of 100/);
    await j.check(); // axe, with the advice shown

    // Plain words now: the advice follows the words.
    await j.page.getByLabel('Their words').fill('We want calmer mornings, and Nan will help.');
    await live.getByText('No jargon or labels found.').waitFor();
    await j.check();

    // Advice, never a block: the flagged words save as they are.
    await j.page.getByLabel('Their words').fill(WORDS);
    await click(j, 'Add to the plan');
    assert.equal(j.pathname(), `/plans/${planId}`);
    const rows = await s.t.database.db
      .select()
      .from(planEntries)
      .where(eq(planEntries.planId, planId));
    assert.equal(rows[0]?.text, WORDS);
  });

  it('checks the wording on the outcome page with the button, and the advice page passes axe', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/meetings/${w.meetingId}/outcome`);
    await j.page.getByLabel('What did everyone agree?').fill(WORDS);
    await click(j, 'Check the wording');
    assert.match(j.page.url(), /#plain-language-advice$/);
    const panel = (await j.page.locator('#plain-language-advice').textContent()) ?? '';
    assert.match(panel, /Nothing has been saved yet/);
    assert.match(panel, /“s47”/);
    assert.equal(await j.page.getByLabel('What did everyone agree?').inputValue(), WORDS);
  });

  it('works without JavaScript: the button checks, nothing is saved, the words are kept', async () => {
    const j = await s.journey({ javaScriptEnabled: false });
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/meetings/${w.meetingId}/outcome`);
    await j.page.getByLabel('What did everyone agree?').fill(WORDS);
    await click(j, 'Check the wording');
    const panel = (await j.page.locator('#plain-language-advice').textContent()) ?? '';
    assert.match(panel, /“Contact”/);
    assert.match(panel, /“difficult father”/);
    assert.equal(await j.page.getByLabel('What did everyone agree?').inputValue(), WORDS);
    const [m] = await s.t.database.db.select().from(meetings).where(eq(meetings.id, w.meetingId));
    assert.equal(m!.outcome, null, 'a check saves nothing');
    await click(j, 'Save the outcome');
    assert.match(j.pathname(), /\/outcome$/);
    const [saved] = await s.t.database.db
      .select()
      .from(meetings)
      .where(eq(meetings.id, w.meetingId));
    assert.equal(saved!.outcome, WORDS);
  });
});
