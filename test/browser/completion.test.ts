import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { bookSession } from '../../src/modules/training/bookings.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// After the day: the trainer takes the register, then the delegate downloads their
// certificate, writes their personal action plan and gives feedback. Axe checks every page.

const DAY = 86_400_000;

const click = async (j: Journey, target: Locator) => {
  await Promise.all([j.page.waitForNavigation(), target.click()]);
  await j.check();
};

describe('completing a course in a browser', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  before(async () => {
    s = await startBrowserSuite();
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
  });
  after(() => s?.close());

  it('the trainer registers attendance; the delegate downloads the certificate and writes the action plan', async () => {
    const db = s.t.database.db;
    const trainer = await makePerson(db, partnershipId, {
      roles: ['trainer'],
      name: 'Tess Trainer',
    });
    const delegate = await makePerson(db, partnershipId, { name: 'Dana Delegate' });
    const { sessionId } = await courseWithSession(asPerson(s.t, trainer), {
      days: 1,
      course: { title: 'Restorative basics' },
    });
    await bookSession(asPerson(s.t, delegate), sessionId);
    s.t.clock.advance(2 * DAY); // the session has been held

    const t = await s.journey();
    await t.signIn(trainer.email, PASSWORD);
    await t.visit(`/training/sessions/${sessionId}`);
    await click(t, t.page.getByRole('link', { name: 'Take the register', exact: true }));
    assert.match(await t.heading(), /^Register for /);
    await click(t, t.page.getByRole('button', { name: 'Save the register' }));
    assert.match(await t.page.title(), /^Error: /, 'a delegate without a mark is refused');
    await t.page
      .getByRole('group', { name: 'Dana Delegate' })
      .getByLabel('Attended', { exact: true })
      .check();
    await click(t, t.page.getByRole('button', { name: 'Save the register' }));
    assert.match((await t.page.textContent('main')) ?? '', /The register has been saved/);

    const d = await s.journey();
    await d.signIn(delegate.email, PASSWORD);
    await d.visit('/training/mine');
    const [download] = await Promise.all([
      d.page.waitForEvent('download'),
      d.page.getByRole('link', { name: /^Download your certificate \(PDF\)/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^certificate-restorative-basics\.pdf$/);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    await click(d, d.page.getByRole('link', { name: /^Write your action plan/ }));
    assert.equal(await d.heading(), 'My action plan: Restorative basics');
    await d.submit({}, 'Save my action plan');
    assert.match(await d.page.title(), /^Error: /);
    await d.page.getByLabel('By when', { exact: true }).fill('2027-03-31');
    await d.submit(
      {
        'What I will do differently': 'Open team meetings with a check-in circle',
        'With whom': 'My team',
      },
      'Save my action plan',
    );
    assert.equal(d.pathname(), '/training/mine');
    const mine = (await d.page.textContent('main')) ?? '';
    assert.match(mine, /Your action plan has been saved/);
    assert.match(mine, /My action plans/);
    assert.match(mine, /Open team meetings with a check-in circle/);
    assert.match(mine, /With My team, by 31 March 2027/);

    await d.visit(`/training/sessions/${sessionId}`);
    assert.match((await d.page.textContent('main')) ?? '', /you have completed Restorative basics/);
    await click(d, d.page.getByRole('link', { name: 'See or change your action plan' }));
    assert.equal(
      await d.page.getByLabel('What I will do differently', { exact: true }).inputValue(),
      'Open team meetings with a check-in circle',
    );
    await d.visit(`/training/sessions/${sessionId}`);
    await click(d, d.page.getByRole('link', { name: 'Give feedback on this session' }));
    await d.page.getByLabel('4', { exact: true }).check();
    await d.submit({ 'What worked well (optional)': 'The practice circles' }, 'Send feedback');
    assert.match(
      (await d.page.textContent('main')) ?? '',
      /Your feedback on this session has been kept/,
    );

    await t.visit('/training');
    await click(t, t.page.getByRole('link', { name: 'Feedback on training' }));
    // One response: its average would be that delegate's own rating, so it is not shown.
    assert.match(
      (await t.page.textContent('main')) ?? '',
      /Restorative basics: what people said\s*1\s*Not shown: fewer than 5 responses/,
    );
    // Nor is what they wrote, until there are five.
    await click(t, t.page.locator('a[href^="/training/feedback/courses/"]').first());
    assert.match(
      (await t.page.textContent('main')) ?? '',
      /Comments are shown once there are 5 responses or more/,
    );
  });
});
