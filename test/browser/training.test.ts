import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseWithSession } from '../support/training.js';
import { bookSession } from '../../src/modules/training/bookings.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

const follow = async (
  j: Journey,
  name: string,
  role: 'link' | 'button' = 'link',
  within: Page | Locator = j.page,
) => {
  await Promise.all([
    j.page.waitForNavigation(),
    within.getByRole(role, { name, exact: true }).click(),
  ]);
  await j.check();
};

describe('training in a browser', () => {
  let s: BrowserSuite;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  before(async () => {
    s = await startBrowserSuite();
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
    trainer = await makePerson(s.t.database.db, partnershipId, {
      roles: ['trainer'],
      name: 'Tess Trainer',
    });
  });
  after(() => s?.close());

  it('a trainer adds a course and schedules a session', async () => {
    const j = await s.journey();
    await j.signIn(trainer.email, PASSWORD);
    await follow(j, 'Training', 'link', j.page.getByRole('navigation', { name: 'Menu' }));
    await follow(j, 'Add a course', 'button');
    await follow(j, 'Save course', 'button');
    assert.match(await j.page.title(), /^Error: /);

    await j.page.getByLabel('Title', { exact: true }).fill('Restorative conversations');
    await j.page.getByLabel('Summary', { exact: true }).fill('Holding a conversation that helps.');
    await j.page
      .getByLabel('Learning outcomes', { exact: true })
      .fill('Ask the restorative questions\nListen well');
    await j.page.getByLabel('Length in minutes', { exact: true }).fill('120');
    await follow(j, 'Save course', 'button');
    assert.equal(await j.heading(), 'Restorative conversations');

    await follow(j, 'Schedule a session', 'button');
    await j.page.getByLabel('Day', { exact: true }).fill('12');
    await j.page.getByLabel('Month', { exact: true }).fill('1');
    await j.page.getByLabel('Year', { exact: true }).fill('2027');
    await j.page.getByLabel('Start time', { exact: true }).fill('10:00');
    await j.page.getByLabel('End time', { exact: true }).fill('12pm');
    await j.page.getByLabel('Number of places', { exact: true }).fill('12');
    await j.page.getByLabel('Joining link', { exact: true }).fill('https://video.example/room');
    await follow(j, 'Save session', 'button');
    assert.equal(await j.heading(), '12 January 2027 at 10:00am');

    await follow(j, 'Change session', 'button');
    await follow(j, 'Back');
    await follow(j, 'Cancel session');
    await follow(j, 'Keep the session');
    assert.equal(await j.heading(), '12 January 2027 at 10:00am');
  });

  it('a delegate with a missing prerequisite sees why, then books, cancels, and the next person gets the place', async () => {
    const ctx = asPerson(s.t, trainer);
    const intro = await courseWithSession(ctx, { course: { title: 'Introduction' }, places: 1 });
    const dev = await courseWithSession(ctx, {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
    const delegate = await makePerson(s.t.database.db, partnershipId);
    const waiting = await makePerson(s.t.database.db, partnershipId);

    const j = await s.journey();
    await j.signIn(delegate.email, PASSWORD);
    await j.visit(`/training/sessions/${dev.sessionId}`);
    await follow(j, 'Book a place', 'button');
    assert.equal(await j.heading(), 'You cannot book this session yet');
    await follow(j, 'Book Introduction');
    assert.equal(await j.heading(), 'Introduction');
    await j.visit(`/training/sessions/${intro.sessionId}`);
    await follow(j, 'Book a place', 'button');
    assert.match((await j.page.textContent('main')) ?? '', /You are booked on this session/);

    await bookSession(asPerson(s.t, waiting), intro.sessionId);
    await follow(j, 'Cancel my booking');
    await follow(j, 'Cancel your booking', 'button');

    const w = await s.journey();
    await w.signIn(waiting.email, PASSWORD);
    await w.visit('/training/mine');
    await w.visit(`/training/sessions/${intro.sessionId}`);
    await follow(w, 'Accept the place', 'button');
    assert.match((await w.page.textContent('main')) ?? '', /You are booked on this session/);
    await w.visit('/training/mine');
    await w.visit('/training');
  });
});
