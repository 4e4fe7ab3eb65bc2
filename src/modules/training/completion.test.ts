import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jobs } from '../../jobs.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson } from '../../../test/support/training.js';
import { actionPlanFollowUps } from './action-plans.js';
import { coverage } from './coverage.js';
import { type Attendance, trainingBookings, trainingCourses, trainingSessions } from './tables.js';
import { trainingEquivalences } from './tables-equivalence.js';

// The loose ends of completion: the six-week follow-up runs on the schedule, and coverage counts
// a course as completed by the same rule as prerequisites and certificates.

describe('completion everywhere', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('registers the action plan follow-up job with the others', () => {
    const registered = jobs.find((j) => j.name === actionPlanFollowUps.name);
    assert.equal(registered, actionPlanFollowUps);
    assert.match(registered.cron, /^\S+ \S+ \S+ \S+ \S+$/);
    assert.equal(new Set(jobs.map((j) => j.name)).size, jobs.length, 'names are unique');
  });

  it('counts arriving late and an approved equivalent in coverage, but not leaving early or a pending declaration', async () => {
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const leader = await makePerson(db, partnership.id, { roles: ['leader'] });
    const [course] = await db
      .insert(trainingCourses)
      .values({
        partnershipId: partnership.id,
        title: 'Counted course',
        summary: 's',
        delivery: 'online',
        frequency: 'monthly',
      })
      .returning();
    const ends = new Date(t.clock.now().getTime() - 86_400_000);
    const [session] = await db
      .insert(trainingSessions)
      .values({
        partnershipId: partnership.id,
        courseId: course!.id,
        startsAt: new Date(ends.getTime() - 3_600_000),
        endsAt: ends,
        places: 20,
        delivery: 'online',
      })
      .returning();
    const marks: Attendance[] = ['attended', 'late', 'left_early', 'absent'];
    for (const attendance of marks) {
      const p = await makePerson(db, partnership.id);
      await db.insert(trainingBookings).values({
        partnershipId: partnership.id,
        sessionId: session!.id,
        personId: p.id,
        status: 'booked',
        attendance,
      });
    }
    for (const status of ['approved', 'pending', 'declined'] as const) {
      const p = await makePerson(db, partnership.id);
      await db.insert(trainingEquivalences).values({
        partnershipId: partnership.id,
        personId: p.id,
        courseId: course!.id,
        earlierCourse: 'Older course',
        provider: 'Elsewhere',
        completedOn: '2020-05-01',
        status,
      });
    }
    const [all] = await coverage(asPerson(t, leader), 'all');
    // 1 leader + 4 delegates + 3 who declared = 8 people; attended, late and approved = 3.
    assert.deepEqual([all!.people, all!.completed, all!.share], [8, 3, 38]);
  });
});
