import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { conferenceAgreementItems } from '../../src/modules/meetings/tables-conference.js';
import { makePerson, PASSWORD } from '../support/factories.js';
import { meetingWorld } from '../support/meetings.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A restorative conference: the admin renames the roles, a practitioner arranges the
// conference, adds the people in their roles, records what was agreed, marks two items done and
// closes one with a reason, until the follow-up is finished. axe checks every page.

const click = async (j: Journey, name: string | RegExp, role: 'link' | 'button' = 'link') => {
  await Promise.all([
    j.page.waitForNavigation(),
    j.page.getByRole(role, { name, exact: typeof name === 'string' }).click(),
  ]);
  await j.check();
};

const fillDate = async (j: Journey, legend: string, day: string, month: string, year: string) => {
  const group = j.page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
};

describe('a restorative conference in a browser', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  before(async () => {
    s = await startBrowserSuite();
    w = await meetingWorld(s.t);
    admin = await makePerson(s.t.database.db, w.partnership.id, { roles: ['admin'] });
  });
  after(() => s?.close());

  it('the admin names the conference roles for the partnership', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    await j.visit('/admin');
    await click(j, 'Conference roles');
    await j.page.getByLabel(/The second role/).fill('');
    await click(j, 'Save the names', 'button');
    assert.match(await j.page.title(), /^Error: /);
    await j.page.getByLabel(/The first role/).fill('Person affected');
    await j.page.getByLabel(/The second role/).fill('Parent or carer');
    await click(j, 'Save the names', 'button');
    assert.match((await j.page.textContent('.govuk-notification-banner--success')) ?? '', /saved/);
  });

  it('follows a conference’s agreement through to the end', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/families/${w.family.id}/meetings`);
    await click(j, 'Arrange a meeting', 'button');
    await j.page.getByLabel('Restorative conference').check();
    await click(j, 'Continue', 'button');
    await j.page.getByLabel('Title').fill('Putting things right after the fire');
    await fillDate(j, 'Date', '10', '11', '2026');
    await j.page.getByLabel('Time').fill('10:00');
    await j.page.getByLabel('Place').fill('The family centre');
    await click(j, 'Arrange the meeting', 'button');
    const meetingId = j.pathname().split('/')[2]!;

    // The roles are chosen, by the partnership's names for them.
    for (const [person, role] of [
      ['Ada Rivers', 'Person affected'],
      ['Ben Rivers', 'Parent or carer'],
      ['Nan Rivers', 'Supporter'],
    ] as const) {
      const option = j.page
        .getByLabel('Person', { exact: true })
        .locator('option', { hasText: person });
      await j.page
        .getByLabel('Person', { exact: true })
        .selectOption(await option.getAttribute('value'));
      await j.page.getByLabel(role).check();
      await click(j, 'Add to the meeting', 'button');
    }
    assert.match((await j.page.textContent('table')) ?? '', /Ben Rivers[\s\S]*Parent or carer/);
    await click(j, 'Agreement and follow-up');

    // A refused item first: the error summary, what was typed kept.
    await j.page.getByLabel('What was agreed').fill('Ben says sorry to Ada, face to face');
    await click(j, 'Add to the agreement', 'button');
    assert.match(await j.page.title(), /^Error: /);
    assert.equal(
      await j.page.getByLabel('What was agreed').inputValue(),
      'Ben says sorry to Ada, face to face',
    );
    const add = async (kind: string, what: string, owner: string, day: string, month: string) => {
      await j.page.getByLabel(kind).check();
      await j.page.getByLabel('What was agreed').fill(what);
      const option = j.page.getByLabel('Who will do it').locator('option', { hasText: owner });
      await j.page
        .getByLabel('Who will do it')
        .selectOption(await option.first().getAttribute('value'));
      await fillDate(j, 'When is it due by?', day, month, '2026');
      await click(j, 'Add to the agreement', 'button');
    };
    await add('An apology', 'Ben says sorry to Ada, face to face', 'Ben Rivers', '15', '11');
    await add('A repair', 'Ben and Nan repaint the fence', 'Nan Rivers', '30', '11');
    await add('An action', 'Pat finds a youth club place', 'Pat Practitioner', '5', '12');
    const main = async () => (await j.page.textContent('main')) ?? '';
    assert.match(await main(), /3 of 3 items still open, 1 overdue/);

    await click(j, 'Details');
    assert.match(await main(), /Overdue\s*Ben says sorry to Ada/);
    await click(j, 'See the agreement and follow-up');

    // More time for the action, agreed with the family.
    await click(j, /^Change Pat finds/);
    await j.page.getByLabel('What was agreed').fill('Pat finds a youth club place near school');
    await fillDate(j, 'When is it due by?', '12', '12', '2026');
    await click(j, 'Save changes', 'button');
    assert.match(await main(), /near school/);

    await click(j, /^Mark as done Ben says sorry/);
    await fillDate(j, 'When was it done?', '20', '11', '2026');
    await j.page.getByLabel('How was it done? (optional)').fill('At Nan’s house, in his words');
    await click(j, 'Mark as done', 'button');
    await click(j, /^Mark as done Pat finds/);
    await fillDate(j, 'When was it done?', '21', '11', '2026');
    await click(j, 'Mark as done', 'button');
    await click(j, /^Close Ben and Nan repaint/);
    await j.page.getByLabel('Why is it being closed?').fill('The landlord replaced the fence');
    await click(j, 'Close the item', 'button');

    assert.match(await main(), /Finished/);
    assert.match(await main(), /2 completed, 1 closed/);
    await click(j, 'Details');
    assert.match(await main(), /Finished/);
    await j.visit('/caseload');
    assert.match(await main(), /Nothing overdue/);

    const items = await s.t.database.db
      .select()
      .from(conferenceAgreementItems)
      .where(eq(conferenceAgreementItems.meetingId, meetingId));
    assert.equal(items.filter((i) => i.completedAt).length, 2);
    assert.equal(items.find((i) => i.closedAt)?.closedReason, 'The landlord replaced the fence');
  });
});
