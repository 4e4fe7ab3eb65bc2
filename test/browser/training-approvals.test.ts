import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// The pages around booking that others decide on: an equivalent earlier course checked by a
// trainer, the training settings, a manager's approval, and who delivered a session. Axe
// checks every page, error pages included.

const click = async (j: Journey, target: Locator) => {
  await Promise.all([j.page.waitForNavigation(), target.click()]);
  await j.check();
};
const main = async (j: Journey) => (await j.page.textContent('main')) ?? '';

describe('equivalent courses, approval and settings in a browser', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  let teamId: string;
  before(async () => {
    s = await startBrowserSuite();
    const made = await makePartnership(s.t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
  });
  after(() => s?.close());

  it('a delegate declares an equivalent course, a trainer accepts it, an admin asks for approval, and a manager approves', async () => {
    const db = s.t.database.db;
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const manager = await makePerson(db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
    });
    const delegate = await makePerson(db, partnershipId, {
      name: 'Rowan Earlier',
      teamIds: [teamId],
    });
    const intro = await courseWithSession(asPerson(s.t, trainer), {
      course: { title: 'Introduction' },
    });
    const dev = await courseWithSession(asPerson(s.t, trainer), {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });

    // The delegate is refused, and says they did the older course.
    const d = await s.journey();
    await d.signIn(delegate.email, PASSWORD);
    await d.visit(`/training/sessions/${dev.sessionId}`);
    await click(d, d.page.getByRole('button', { name: 'Book a place' }));
    assert.equal(await d.heading(), 'You cannot book this session yet');
    await click(d, d.page.getByRole('link', { name: 'I have done an equivalent course' }));
    await d.submit({}, 'Send for checking');
    assert.match(await d.page.title(), /^Error: /);
    await d.page.getByLabel('Day', { exact: true }).fill('14');
    await d.page.getByLabel('Month', { exact: true }).fill('5');
    await d.page.getByLabel('Year', { exact: true }).fill('2019');
    await d.submit(
      {
        'Name of the course you did': 'Restorative practice: 4-day course',
        'Who ran it': 'City council training team',
      },
      'Send for checking',
    );
    assert.match(await main(d), /A trainer or admin will check your earlier course/);

    // A trainer checks it: a decline needs a reason, then they accept it instead.
    const t = await s.journey();
    await t.signIn(trainer.email, PASSWORD);
    await t.visit('/training');
    await click(t, t.page.getByRole('link', { name: 'Equivalent courses to check' }));
    await click(t, t.page.getByRole('link', { name: /^Rowan Earlier/ }));
    await click(t, t.page.getByRole('button', { name: 'Do not accept' }));
    assert.match(await t.page.title(), /^Error: /);
    await click(t, t.page.getByRole('button', { name: 'Accept this course' }));
    assert.match(await main(t), /The course was accepted/);

    // An admin switches on line-manager approval.
    const a = await s.journey();
    await a.signIn(admin.email, PASSWORD);
    await a.visit('/training');
    await click(a, a.page.getByRole('link', { name: 'Training settings' }));
    await a.submit(
      { 'How many hours is a freed place held for the person offered it?': '' },
      'Save training settings',
    );
    assert.match(await a.page.title(), /^Error: /);
    await a.page.getByLabel('Yes', { exact: true }).check();
    await a.submit(
      { 'How many hours is a freed place held for the person offered it?': '24' },
      'Save training settings',
    );
    assert.match(await main(a), /The training settings have been saved/);

    // Now the delegate can book, and the booking waits for the manager.
    await d.visit(`/training/sessions/${dev.sessionId}`);
    await click(d, d.page.getByRole('button', { name: 'Book a place' }));
    assert.match(await main(d), /Your manager has been asked to approve your booking/);
    assert.equal(await d.page.getByRole('button', { name: 'Book a place' }).count(), 0);
    await d.visit('/training/mine');
    assert.match(await main(d), /Waiting for your manager/);

    const m = await s.journey();
    await m.signIn(manager.email, PASSWORD);
    await m.visit('/training');
    await click(m, m.page.getByRole('link', { name: 'Bookings waiting for your approval' }));
    await click(m, m.page.getByRole('link', { name: /^Rowan Earlier/ }));
    await click(m, m.page.getByRole('button', { name: 'Do not approve' }));
    assert.match(await m.page.title(), /^Error: /);
    await click(m, m.page.getByRole('button', { name: 'Approve', exact: true }));
    assert.match(await main(m), /Approved\. They have a place/);
    await d.visit(`/training/sessions/${dev.sessionId}`);
    assert.match(await main(d), /You are booked on this session/);

    // The manager books others in the team from the session's page; My training says how to
    // get a course that is not booked online.
    await m.visit(`/training/sessions/${dev.sessionId}`);
    await click(m, m.page.getByRole('link', { name: 'Book people in your team' }));
    assert.equal(await m.heading(), 'Book people in your team');
    await courseWithSession(asPerson(s.t, trainer), {
      course: { title: 'Team course', kind: 'bespoke', frequency: 'on_request' },
    });
    await m.visit('/training/mine');
    await click(m, m.page.getByRole('link', { name: 'Ask for a bespoke course for your team' }));
    assert.equal(m.pathname(), '/training/bespoke/new');

    // The trainer records that an external provider delivered the session.
    await t.visit(`/training/sessions/${dev.sessionId}`);
    await click(t, t.page.getByRole('link', { name: 'Record who delivered it' }));
    await t.page.getByLabel('An external provider', { exact: true }).check();
    await t.submit({}, 'Save');
    assert.match(await t.page.title(), /^Error: /);
    await t.submit({ 'Name of the provider': 'Restorative Practice Ltd' }, 'Save');
    assert.match(await main(t), /Delivered by Restorative Practice Ltd, an external provider/);
    await t.visit('/training');
    await click(t, t.page.getByRole('link', { name: 'Trainers and the cascade' }));
  });
});
