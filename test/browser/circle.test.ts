import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { meetingAnswers } from '../../src/modules/meetings/tables.js';
import { PASSWORD } from '../support/factories.js';
import { meetingDayComes, meetingWorld, QUESTIONS } from '../support/meetings.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A restorative circle with six participants, each answering every question in their own
// words. The facilitation guide is walked by keyboard alone. axe checks every page.

const focused = (j: Journey) =>
  j.page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}:${(el.tagName === 'TEXTAREA' ? el.getAttribute('name') : el.textContent?.trim()) ?? ''}`
      : '';
  });

const click = async (j: Journey, name: string, role: 'link' | 'button' = 'link') => {
  await Promise.all([
    j.page.waitForNavigation(),
    j.page.getByRole(role, { name, exact: true }).click(),
  ]);
  await j.check();
};

const PEOPLE = [
  'Ada Rivers',
  'Ben Rivers',
  'Cleo Rivers',
  'Nan Rivers',
  'Fay Friend',
  'Cal Colleague',
];
const said = (person: string, q: number) => `${person.split(' ')[0]} on ${q}: "it's  better" – ok`;

describe('a restorative circle in a browser', () => {
  let s: BrowserSuite;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let meetingId: string;
  before(async () => {
    s = await startBrowserSuite();
    w = await meetingWorld(s.t);
  });
  after(() => s?.close());

  it('arranges a circle, adds six people, and walks the guide by keyboard alone', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    await j.visit(`/families/${w.family.id}/meetings`);
    await click(j, 'Arrange a meeting', 'button');
    await j.page.getByLabel('Restorative circle').check();
    await click(j, 'Continue', 'button');
    // A refused form first: the error summary, on an accessible page.
    await click(j, 'Arrange the meeting', 'button');
    assert.match(await j.page.title(), /^Error: /);
    await j.page.getByLabel('Title').fill('Our family circle');
    await j.page.getByLabel('Responsive').check();
    await j.page.getByLabel('Talking piece (optional)').fill('A shell');
    await j.page.getByLabel('Day').fill('14');
    await j.page.getByLabel('Month').fill('1');
    await j.page.getByLabel('Year').fill('2027');
    await j.page.getByLabel('Time').fill('4pm');
    await j.page.getByLabel('Place').fill('The family’s home');
    await j.page.getByLabel('Facilitator').selectOption(w.practitioner.id);
    await j.page.getByLabel('Yes').check();
    await j.page.getByLabel('Who gave consent').fill('Ada Rivers');
    await click(j, 'Arrange the meeting', 'button');
    assert.match(j.pathname(), /^\/meetings\/[0-9a-f-]+\/participants$/);
    meetingId = j.pathname().split('/')[2]!;

    for (const person of PEOPLE) {
      const option = j.page.getByLabel('Person').locator('option', { hasText: person });
      await j.page.getByLabel('Person').selectOption(await option.getAttribute('value'));
      await j.page
        .getByLabel('Their role in the meeting')
        .fill(person === 'Cal Colleague' ? 'co-facilitator' : 'participant');
      await click(j, 'Add to the meeting', 'button');
    }
    for (const tab of ['Details', 'Preparation', 'Invitations']) await click(j, tab);
    await click(j, `Invite ${PEOPLE[0]}`);
    await j.page.getByLabel('A letter to print').check();
    await click(j, 'Send the invitation', 'button');
    assert.match(j.pathname(), /\/letter$/);
    // Someone invited by email, then taken off: emailing them is the default, and the
    // practitioner chooses to tell them in person.
    await j.visit(`/meetings/${meetingId}/participants`);
    const option = j.page.getByLabel('Person').locator('option', { hasText: 'Ned Neighbour' });
    await j.page.getByLabel('Person').selectOption(await option.getAttribute('value'));
    await j.page.getByLabel('Their role in the meeting').fill('supporter');
    await click(j, 'Add to the meeting', 'button');
    await click(j, 'Invitations');
    await click(j, 'Invite Ned Neighbour');
    await j.page.getByLabel('By email, with a calendar file').check();
    await j.page.getByLabel('Email address').fill('ned@example.test');
    await click(j, 'Send the invitation', 'button');
    await click(j, 'Participants');
    await click(j, 'Remove Ned Neighbour from the meeting');
    assert.ok(await j.page.getByLabel('Yes, email them').isChecked());
    await j.page.getByLabel('No, I will tell them myself').check();
    await click(j, 'Yes, remove them', 'button');
    assert.match((await j.page.textContent('main')) ?? '', /They have not been emailed/);
    await j.visit(`/meetings/${meetingId}/preparation`);
    await Promise.all([
      j.page.waitForNavigation(),
      j.page.getByRole('link', { name: new RegExp(`^Change preparation \\(${PEOPLE[1]}`) }).click(),
    ]);
    await j.check();
    await j.page.getByLabel('Childcare').check();
    await click(j, 'Save preparation', 'button');

    // The guide, by keyboard alone: skip link, then Tab to each person's box in turn.
    await j.visit(`/meetings/${meetingId}/guide`);
    const kb = j.page.keyboard;
    for (let q = 1; q <= QUESTIONS.length; q++) {
      assert.match(
        (await j.page.textContent('#question-text')) ?? '',
        new RegExp(QUESTIONS[q - 1]!.replace('?', '\\?')),
      );
      await kb.press('Tab');
      assert.equal(await focused(j), 'a:Skip to main content');
      await kb.press('Enter');
      for (let i = 0; i < 30 && !(await focused(j)).startsWith('textarea:'); i++)
        await kb.press('Tab');
      const answered = new Set<string>();
      for (let n = 0; n < PEOPLE.length; n++) {
        assert.match(await focused(j), /^textarea:answer-/);
        const label = await j.page.evaluate(
          () =>
            document
              .querySelector(`label[for="${document.activeElement!.id}"]`)
              ?.textContent?.trim() ?? '',
        );
        const person = PEOPLE.find((p) => label.startsWith(`${p} (`))!;
        assert.ok(person, `a participant's box: ${label}`);
        answered.add(person);
        await kb.type(said(person, q));
        await kb.press('Tab');
      }
      assert.equal(answered.size, PEOPLE.length, 'one box per person');
      const button = await focused(j);
      assert.match(
        button,
        q < QUESTIONS.length ? /Save and go to the next question/ : /Save and record the outcome/,
      );
      await Promise.all([j.page.waitForNavigation(), kb.press('Enter')]);
      await j.check();
    }
    assert.match(j.pathname(), /\/outcome$/);

    const rows = await s.t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.meetingId, meetingId));
    assert.equal(rows.length, PEOPLE.length * QUESTIONS.length);
    const answers = new Set(rows.map((r) => r.answer));
    for (const person of PEOPLE)
      for (let q = 1; q <= QUESTIONS.length; q++)
        assert.ok(answers.has(said(person, q)), `${person} ${q}`);

    // Reopened, the guide resumes at the last question with everyone's words filled in.
    await j.visit(`/meetings/${meetingId}/guide`);
    assert.match((await j.page.textContent('h2.govuk-heading-m')) ?? '', /Question 3 of 3/);
    assert.equal(
      await j.page.getByLabel('Ben Rivers (participant)').inputValue(),
      said('Ben Rivers', 3),
    );

    // The outcome is recorded once the meeting's day has come.
    await meetingDayComes(s.t, meetingId);
    await j.visit(`/meetings/${meetingId}/outcome`);
    await j.page.getByLabel('What did everyone agree?').fill('Nan will help in the mornings.');
    await click(j, 'Save the outcome', 'button');
    assert.ok(
      await j.page.getByRole('button', { name: 'Make this into a family-led plan' }).isVisible(),
    );
  });

  it('puts back a draft the service never got, but never over an answer changed since', async () => {
    const j = await s.journey();
    await j.signIn(w.practitioner.email, PASSWORD);
    const url = `/meetings/${meetingId}/guide?q=1`;
    const box = () => j.page.getByLabel('Ben Rivers (participant)');
    const status = async () => (await j.page.textContent('#guide-status')) ?? '';
    await j.visit(url);

    // The connection drops while someone types: the draft stays on this device.
    await j.context.setOffline(true);
    await box().fill('Typed while the connection was down');
    await j.page.getByText(/No connection/).waitFor({ timeout: 15_000 });
    await j.context.setOffline(false);
    // Chromium reports the failed autosave on the console; nothing else may be there.
    assert.ok(
      j.errors.every((e) => /ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)),
      j.errors.join('\n'),
    );
    j.errors.length = 0;

    await j.visit(url);
    assert.equal(await box().inputValue(), 'Typed while the connection was down');
    assert.match(await status(), /What you typed before has been put back/);

    // Before it is saved, the answer is changed elsewhere: the newer answer stands.
    await s.t.database.db
      .update(meetingAnswers)
      .set({ answer: 'Changed on another tablet' })
      .where(eq(meetingAnswers.answer, said('Ben Rivers', 1)));
    await j.visit(url);
    assert.equal(await box().inputValue(), 'Changed on another tablet');
    assert.match(await status(), /was changed since you last typed here/);
  });
});
