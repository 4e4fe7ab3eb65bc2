import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePerson, PASSWORD } from '../support/factories.js';
import { fgcWorld, type FgcWorld } from '../support/fgc.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A family group conference from referral to an agreed plan and its first review, in a
// browser: every stage in order, a refused form or two on the way, private family time
// refusing a professional's words, and the manager's counts by stage. axe checks every page.

const go = async (j: Journey, action: () => Promise<void>) => {
  await Promise.all([j.page.waitForNavigation(), action()]);
  await j.check();
};
const click = (j: Journey, name: string | RegExp, role: 'link' | 'button' = 'link') =>
  go(j, () =>
    j.page
      .getByRole(role, { name, exact: typeof name === 'string' })
      .first()
      .click(),
  );
/** A stage's link in the task list (the tabs have links of the same name). */
const stage = (j: Journey, name: string) =>
  go(j, () => j.page.locator('.govuk-task-list').getByRole('link', { name, exact: true }).click());
const fill = async (j: Journey, fields: Record<string, string>) => {
  for (const [name, value] of Object.entries(fields))
    await j.page.locator(`[name="${name}"]`).fill(value);
};
const date = (prefix: string, d: string, m: string, y: string) => ({
  [`${prefix}-day`]: d,
  [`${prefix}-month`]: m,
  [`${prefix}-year`]: y,
});
const text = async (j: Journey) => (await j.page.textContent('main')) ?? '';

describe('a family group conference in a browser', () => {
  let s: BrowserSuite;
  let w: FgcWorld;
  let conferenceId = '';
  before(async () => {
    s = await startBrowserSuite();
    w = await fgcWorld(s.t);
  });
  after(() => s?.close());

  it('goes from referral to an agreed plan and its first review', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/families/${w.family.id}/meetings`);
    await click(j, 'Arrange a meeting', 'button');
    await j.page.getByLabel('Family group conference').check();
    await click(j, 'Continue', 'button');
    assert.equal(await j.heading(), 'Refer the family for a family group conference');

    // 1. The referral, refused once, then with the family's consent.
    await click(j, 'Record the referral', 'button');
    assert.match(await j.page.title(), /^Error: /);
    await j.page
      .getByLabel('Why was the family referred?')
      .fill('Ben has not been to school since September.');
    await j.page.getByLabel('Yes, the family has agreed').check();
    await fill(j, {
      ...date('consentOn', '21', '11', '2026'),
      ...date('date', '10', '12', '2026'),
      time: '10:00',
    });
    await click(j, 'Record the referral', 'button');
    assert.match(j.pathname(), /^\/meetings\/[0-9a-f-]+\/fgc$/);
    const id = j.pathname().split('/')[2]!;
    conferenceId = id;
    assert.match(await text(j), /has reached: An independent coordinator/);

    // 2. The coordinator: the referrer is refused, with the reason; Cora, from a charity's FGC
    // service (a team the family is not allocated to), is independent.
    await stage(j, 'An independent coordinator');
    await j.page.getByLabel('Coordinator').selectOption(w.practitioner.id);
    await click(j, 'Assign the coordinator', 'button');
    assert.match(
      await text(j),
      /Pat Practitioner referred the family, so they cannot be its independent coordinator/,
    );
    await j.page.getByLabel('Coordinator').selectOption(w.coordinator.id);
    await click(j, 'Assign the coordinator', 'button');

    // 3. Preparation: the people invited, each met by the coordinator.
    await click(j, 'Participants');
    for (const [person, role] of [
      ['Ada Rivers', 'family member'],
      ['Nan Rivers', 'network member'],
      ['Cal Colleague', 'professional'],
    ]) {
      const option = j.page.getByLabel('Person').locator('option', { hasText: person });
      await j.page.getByLabel('Person').selectOption(await option.getAttribute('value'));
      await j.page.getByLabel('Their role in the meeting').fill(role!);
      await click(j, 'Add to the meeting', 'button');
    }
    for (const person of ['Ada Rivers', 'Nan Rivers', 'Cal Colleague']) {
      await j.visit(`/meetings/${id}/preparation`);
      await click(j, new RegExp(`^Change preparation \\(${person}`));
      await fill(j, date('prepared', '21', '11', '2026'));
      await j.page.getByLabel('Notes about their needs (optional)').fill(`Met ${person} at home`);
      await click(j, 'Save preparation', 'button');
    }
    await j.visit(`/meetings/${id}/fgc`);
    await stage(j, 'Preparation');
    await click(j, 'Confirm preparation is done', 'button');
    assert.match(await text(j), /Preparation is done/);

    // 4. Information sharing.
    await stage(j, 'Information sharing');
    await click(j, /^Add\s*what they share \(Cal Colleague/);
    const infoForm = j.pathname();
    await j.page
      .getByLabel('What they know about the family')
      .fill('Ben has missed most of this term.');
    await j.page.getByLabel('Their worries').fill('He is falling behind with reading.');
    await j.page.getByLabel('Help they can offer').fill('A reading mentor, twice a week.');
    await click(j, 'Save what they share', 'button');
    assert.match(await text(j), /A reading mentor, twice a week\./);

    // 5. Private family time: not before the conference's day; then professionals cannot add
    // anything while it runs.
    await click(j, 'When everyone has shared, go to private family time');
    assert.match(
      await text(j),
      /Private family time happens at the conference, on 10 December 2026\. If the conference has moved, change its date first\./,
    );
    await j.visit(`/meetings/${id}/edit`);
    await fill(j, date('date', '21', '11', '2026'));
    await j.page.getByLabel('Place').fill('Northfield Family Centre');
    await click(j, 'Save changes', 'button');
    assert.match(await text(j), /21 November 2026/);
    await j.visit(`/meetings/${id}/fgc/family-time`);
    await click(j, 'Professionals are leaving: start private family time', 'button');
    assert.match(await text(j), /Still running/);
    await j.visit(infoForm);
    assert.match(await text(j), /nothing more can be added/);
    assert.equal(await j.page.getByLabel('Their worries').count(), 0, 'no form to fill in');
    s.t.clock.advance(25 * 60_000);
    await j.visit(`/meetings/${id}/fgc/family-time`);
    await click(j, 'The family has finished: end private family time', 'button');
    assert.match(await text(j), /25 minutes/);

    // 6. The family's plan, made into a family-led plan in one step.
    await click(j, 'Record the family’s plan');
    await j.page
      .getByLabel('The family’s plan, in the family’s words')
      .fill('Nan walks Ben to school every morning.');
    await click(j, 'Save the family’s plan', 'button');
    await click(j, 'Make this into a family-led plan', 'button');
    assert.equal(
      await j.page.getByLabel('What was agreed (optional)').inputValue(),
      'Nan walks Ben to school every morning.',
    );
    await click(j, 'Start the plan', 'button');
    assert.match(j.pathname(), /^\/plans\/[0-9a-f-]+$/);

    // 7. The referrer agrees the plan.
    await j.visit(`/meetings/${id}/fgc`);
    await stage(j, 'The referrer’s agreement');
    await j.page.getByLabel('Yes, the plan is agreed').check();
    await click(j, 'Record the answer', 'button');
    assert.match(await text(j), /Agreed on 21 November 2026/);

    // 8. The first review; a second, a review conference, booked and then cancelled.
    await stage(j, 'Reviews');
    await fill(j, date('due', '1', '2', '2027'));
    await click(j, 'Book the review', 'button');
    assert.match(await text(j), /The review has been booked/);
    await click(j, /^Record that it happened/);
    assert.match(await j.heading(), /Record the review due on 1 February 2027/);
    await j.visit(`/meetings/${id}/fgc/reviews`);
    await j.page.getByLabel('A review family group conference').check();
    await fill(j, date('due', '1', '5', '2027'));
    await click(j, 'Book the review', 'button');
    await click(j, 'Open the review conference');
    assert.match(
      await text(j),
      /This conference reviews the plan agreed at Family group conference/,
    );
    await j.visit(`/meetings/${id}/fgc/reviews`);
    await click(j, /^Cancel\s*the review due on 1 May 2027/);
    await click(j, 'Yes, cancel the review', 'button');
    assert.match(await text(j), /The review has been cancelled/);

    await j.visit(`/meetings/${id}/fgc`);
    assert.match(await text(j), /Every stage is complete/);
  });

  it('lets the coordinator, from outside the family’s teams, open the family and the conference', async () => {
    const j = await s.journey();
    await j.signIn(w.coordinator.email, PASSWORD);
    await j.visit(`/families/${w.family.id}`);
    assert.equal(await j.heading(), 'The Rivers family');
    assert.match(
      await text(j),
      /Cora Coordinator \(Independent coordinator \(family group conference\)\)/,
    );
    await click(j, 'Change who is working with the family');
    assert.equal(await j.page.getByRole('link', { name: /allocation of Cora/ }).count(), 0);
    await j.visit(`/meetings/${conferenceId}/fgc`);
    assert.match(await text(j), /Cora Coordinator is the coordinator/);
  });

  it('shows the manager the team’s conferences by stage', async () => {
    const manager = await makePerson(s.t.database.db, w.partnership.id, {
      name: 'Mo Manager',
      roles: ['manager'],
      teamIds: [w.teamA.id],
    });
    const j = await s.journey();
    await j.signIn(manager.email, PASSWORD);
    await j.visit('/team');
    const table = j.page.locator('table', { hasText: 'Family group conferences by stage' });
    assert.match((await table.textContent()) ?? '', /Plan agreed, review booked\s*1/);
    assert.match((await table.textContent()) ?? '', /Cancelled\s*1/);
  });

  it('closes the family’s record when the work ends, after asking, and reopens it', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/families/${w.family.id}`);
    await click(j, 'Close the family’s record');
    assert.equal(await j.heading(), 'Are you sure you want to close The Rivers family’s record?');
    await click(j, 'Yes, close the record', 'button');
    assert.match(await text(j), /This family’s record was closed on/);
    await click(j, 'Reopen the record', 'button');
    assert.match(await text(j), /The family’s record has been reopened/);
  });
});
