import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson } from '../../../test/support/training.js';
import { getCourse, listCourses } from './courses.js';
import { seedTraining } from './seed.js';
import { sessionsOfCourse } from './sessions.js';

describe('the demo training offer', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('seeds the five courses with their prerequisites and a few sessions', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const trainer = await makePerson(t.database.db, partnership.id, { roles: ['trainer'] });
    await t.database.db.transaction((tx) => seedTraining(tx, partnership.id, t.clock.now()));
    const ctx = asPerson(t, trainer);
    const { courses } = await listCourses(ctx);
    assert.equal(courses.length, 5);
    const byTitle = new Map(courses.map((c) => [c.title, c]));
    const als = await getCourse(ctx, byTitle.get('Action learning set')!.id);
    assert.deepEqual(als.prerequisites.map((p) => p.title).sort(), [
      'Developing restorative practice',
      'Introduction to restorative practice',
    ]);
    assert.equal(als.durationMinutes, 90);
    assert.equal(byTitle.get('Bespoke team course')!.usualPlaces, 20);
    assert.equal(byTitle.get('Bespoke team course')!.frequency, 'on_request');
    const intro = await sessionsOfCourse(
      ctx,
      byTitle.get('Introduction to restorative practice')!.id,
    );
    assert.equal(intro.length, 2);
    assert.deepEqual(
      intro[0]!.trainers.map((p) => p.id),
      [trainer.id],
    );
  });
});
