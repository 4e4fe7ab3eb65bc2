import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseInput } from '../support/training.js';
import { createCourse } from '../../src/modules/training/courses.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A manager asks for a bespoke course for their team; an admin accepts it, which schedules a
// closed session; someone in the team books it, and someone outside the team cannot.

const click = async (j: Journey, target: Locator) => {
  const navigation = j.page.waitForNavigation();
  await target.click();
  await navigation;
  await j.check();
};
const link = (j: Journey, name: string) => j.page.getByRole('link', { name, exact: true });
const button = (j: Journey, name: string) => j.page.getByRole('button', { name, exact: true });
const main = async (j: Journey) => (await j.page.textContent('main')) ?? '';

describe('a bespoke course in a browser', () => {
  let s: BrowserSuite;
  let teamName: string;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let boss: { email: string };
  let member: { email: string };
  let outsider: { email: string };
  let courseId: string;

  before(async () => {
    s = await startBrowserSuite();
    const db = s.t.database.db;
    const made = await makePartnership(db);
    teamName = made.team.name;
    const p = made.partnership.id;
    admin = await makePerson(db, p, { roles: ['admin', 'trainer'], name: 'Ada Admin' });
    boss = await makePerson(db, p, { roles: ['manager'], teamIds: [made.team.id] });
    member = await makePerson(db, p, { teamIds: [made.team.id] });
    outsider = await makePerson(db, p);
    courseId = await createCourse(
      asPerson(s.t, admin),
      courseInput({ title: 'Bespoke team course', kind: 'bespoke', frequency: 'on_request' }),
    );
  });
  after(() => s?.close());

  it('a manager asks, an admin accepts, the team books and others cannot', async () => {
    // The manager finds the request form from the training page.
    const m = await s.journey();
    await m.signIn(boss.email, PASSWORD);
    await click(
      m,
      m.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Training' }),
    );
    await click(m, link(m, 'Bespoke courses for your team'));
    await click(m, button(m, 'Ask for a bespoke course'));
    await click(m, button(m, 'Send the request'));
    assert.match(await m.page.title(), /^Error: /);
    await m.page.getByLabel('How many people will come?').fill('12');
    await m.page
      .getByLabel('What does the team need from the course?')
      .fill('We want to use circles in our team meetings.');
    await m.page.locator('#date1-day').fill('20');
    await m.page.locator('#date1-month').fill('1');
    await m.page.locator('#date1-year').fill('2027');
    await click(m, button(m, 'Send the request'));
    assert.equal(await m.heading(), `Bespoke course for ${teamName}`);
    assert.match(await main(m), /Waiting for a decision/);
    await m.visit('/training/bespoke');

    // The admin sees the request, looks at declining it, then accepts it instead.
    const a = await s.journey();
    await a.signIn(admin.email, PASSWORD);
    await a.visit('/training');
    await click(a, link(a, 'Requests for bespoke courses'));
    await click(a, a.page.locator('main table a').first());
    await click(a, link(a, 'Decline the request'));
    await click(a, button(a, 'Decline the request'));
    assert.match(await a.page.title(), /^Error: /);
    await click(a, link(a, 'Go back'));
    await click(a, button(a, 'Accept and schedule a session'));
    await a.page.getByLabel('Start time', { exact: true }).fill('1pm');
    await a.page.getByLabel('End time', { exact: true }).fill('4pm');
    await a.page.getByLabel('Number of places', { exact: true }).fill('25');
    await a.page.getByLabel('Online', { exact: true }).check();
    await a.page.getByLabel('Joining link', { exact: true }).fill('https://video.example/team');
    await click(a, button(a, 'Accept and schedule'));
    assert.match(await a.page.title(), /^Error: /);
    await a.page.getByLabel('Number of places', { exact: true }).fill('12');
    await click(a, button(a, 'Accept and schedule'));
    assert.match(await main(a), /The request is accepted and the session is scheduled/);
    await click(a, link(a, '20 January 2027 at 1:00pm'));
    const sessionPath = a.pathname();
    await a.visit(`/training/courses/${courseId}`);

    // The manager sees it accepted.
    await m.visit('/training/bespoke');
    assert.match(await main(m), /Accepted/);

    // Someone in the team books a place.
    const t = await s.journey();
    await t.signIn(member.email, PASSWORD);
    await t.visit(`/training/courses/${courseId}`);
    await click(t, link(t, '20 January 2027 at 1:00pm'));
    await click(t, button(t, 'Book a place'));
    assert.match(await main(t), /You are booked on this session/);

    // Someone outside the team does not see it listed, and is told why they cannot book it.
    const o = await s.journey();
    await o.signIn(outsider.email, PASSWORD);
    await o.visit(`/training/courses/${courseId}`);
    assert.equal(await link(o, '20 January 2027 at 1:00pm').count(), 0);
    await o.visit(sessionPath);
    assert.match(await main(o), /Only people in that team can book it/);
    assert.equal(await button(o, 'Book a place').count(), 0);
    const refused = await o.page.request.post(`${sessionPath}/book`, {
      form: { _csrf: (await o.page.locator('input[name=_csrf]').first().inputValue()) ?? '' },
    });
    assert.equal(refused.status(), 409);
    assert.match(await refused.text(), /so only people in that team can book it/);
  });
});
