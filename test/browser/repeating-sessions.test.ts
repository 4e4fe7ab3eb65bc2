import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { asPerson, courseInput } from '../support/training.js';
import { createCourse } from '../../src/modules/training/courses.js';
import { startBrowserSuite, type BrowserSuite, type Journey } from './support.js';

// A trainer schedules a repeating series: the rule, the dates shown to check, a change of mind,
// then every session created at once.

const click = async (j: Journey, target: Locator) => {
  const navigation = j.page.waitForNavigation();
  await target.click();
  await navigation;
  await j.check();
};

describe('repeating sessions in a browser', () => {
  let s: BrowserSuite;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let courseId: string;

  before(async () => {
    s = await startBrowserSuite();
    const p = (await makePartnership(s.t.database.db)).partnership.id;
    trainer = await makePerson(s.t.database.db, p, { roles: ['trainer'], name: 'Tess Trainer' });
    courseId = await createCourse(asPerson(s.t, trainer), courseInput({ title: 'Development' }));
  });
  after(() => s?.close());

  it('a trainer checks the dates of a series, changes it, then creates it', async () => {
    const j = await s.journey();
    await j.signIn(trainer.email, PASSWORD);
    await j.visit(`/training/courses/${courseId}`);
    await click(j, j.page.getByRole('button', { name: 'Schedule repeating sessions' }));
    await click(j, j.page.getByRole('button', { name: 'Continue' }));
    assert.match(await j.page.title(), /^Error: /);

    await j.page.getByLabel('Every month', { exact: true }).check();
    await j.page.getByLabel('Week', { exact: true }).selectOption('first');
    await j.page.getByLabel('Day', { exact: true }).selectOption('thursday');
    await j.page.getByLabel('Month', { exact: true }).fill('2');
    await j.page.getByLabel('Year', { exact: true }).fill('2027');
    await j.page.getByLabel('Number of sessions', { exact: true }).fill('3');
    await j.page.getByLabel('Start time', { exact: true }).fill('10:00');
    await j.page.getByLabel('End time', { exact: true }).fill('12:30pm');
    await j.page.getByLabel('Joining link', { exact: true }).fill('https://video.example/dev');
    await click(j, j.page.getByRole('button', { name: 'Continue' }));
    assert.equal(await j.heading(), 'Check the sessions before you create them');
    const dates = (await j.page.getByTestId('series-dates').textContent()) ?? '';
    assert.match(dates, /Thursday 4 February 2027/);
    assert.match(dates, /Thursday 4 March 2027/);
    assert.match(dates, /Thursday 1 April 2027/);

    // Second thoughts: the second Thursday instead.
    await click(j, j.page.getByRole('button', { name: 'Change the answers' }));
    await j.page.getByLabel('Week', { exact: true }).selectOption('second');
    await click(j, j.page.getByRole('button', { name: 'Continue' }));
    assert.match(
      (await j.page.getByTestId('series-dates').textContent()) ?? '',
      /Thursday 8 April 2027/,
    );
    await click(j, j.page.getByRole('button', { name: 'Create 3 sessions' }));
    assert.match((await j.page.textContent('main')) ?? '', /3 sessions have been scheduled/);

    // Each is an ordinary session: the one in April (summer time) is still at 10am UK time.
    await click(j, j.page.getByRole('link', { name: '8 April 2027 at 10:00am' }));
    assert.equal(await j.heading(), '8 April 2027 at 10:00am');
  });
});
