import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { listCohorts } from './als.js';
import { setApprovalRequired } from './approval.js';
import { approvalQueue } from './approval-queue.js';
import { bookSession } from './bookings.js';
import { declareEquivalent, pendingEquivalences } from './equivalence.js';
import { trainingAlsCohorts } from './tables-als.js';

// The training lists that can grow long count their total with a query of its own
// (countedPage), not in every page's rows: the total and the page count stay right on every
// page, past the end, and when a search narrows the list.

const SIZE = 25;

describe('long training lists', () => {
  let t: TestApp;
  let made: Awaited<ReturnType<typeof makePartnership>>;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const people = (n: number, teamIds: string[] = []) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        makePerson(t.database.db, made.partnership.id, {
          name: `Listed ${String(i).padStart(2, '0')}`,
          teamIds,
          password: false,
        }),
      ),
    );
  /** Page 1, page 2 and a page past the end, as [items, total, page count]. */
  const pages = async (
    read: (page: number) => Promise<{ items: unknown[]; total: number; pageCount: number }>,
  ) =>
    Promise.all(
      [1, 2, 3].map(async (n) => {
        const p = await read(n);
        return [p.items.length, p.total, p.pageCount];
      }),
    );

  before(async () => {
    t = await startTestApp();
    made = await makePartnership(t.database.db);
    trainer = await makePerson(t.database.db, made.partnership.id, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('pages the requests waiting for a manager’s approval', async () => {
    const admin = await makePerson(t.database.db, made.partnership.id, { roles: ['admin'] });
    const manager = await makePerson(t.database.db, made.partnership.id, {
      roles: ['manager'],
      teamIds: [made.team.id],
    });
    await setApprovalRequired(asPerson(t, admin), true);
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 40 });
    for (const p of await people(SIZE + 1, [made.team.id])) {
      assert.equal(await bookSession(asPerson(t, p), sessionId), 'awaiting_approval');
    }
    assert.deepEqual(await pages((n) => approvalQueue(asPerson(t, manager), n)), [
      [SIZE, 26, 2],
      [1, 26, 2],
      [0, 26, 2],
    ]);
  });

  it('pages and searches the declarations waiting to be checked', async () => {
    const intro = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Paged intro' },
    });
    await courseWithSession(asPerson(t, trainer), {
      course: { prerequisiteIds: [intro.courseId] },
    });
    for (const p of await people(SIZE + 1)) {
      await declareEquivalent(asPerson(t, p), {
        courseId: intro.courseId,
        earlierCourse: 'Four-day course',
        provider: 'Council',
        completedOn: '2020-01-31',
        notes: null,
      });
    }
    const read = (q: string) => (n: number) =>
      pendingEquivalences(asPerson(t, trainer), { q, page: n });
    assert.deepEqual(await pages(read('')), [
      [SIZE, 26, 2],
      [1, 26, 2],
      [0, 26, 2],
    ]);
    assert.deepEqual((await pages(read('Listed 07')))[0], [1, 1, 1]);
  });

  it('pages and searches the action learning sets', async () => {
    const facilitator = await makePerson(t.database.db, made.partnership.id, {
      roles: ['facilitator'],
    });
    const { courseId } = await courseWithSession(asPerson(t, trainer), {
      course: { kind: 'action_learning_set' },
    });
    await t.database.db.insert(trainingAlsCohorts).values(
      Array.from({ length: SIZE + 1 }, (_, i) => ({
        partnershipId: made.partnership.id,
        courseId,
        name: `Paged set ${i}`,
        facilitatorId: facilitator.id,
        places: 8,
        minAttended: 4,
      })),
    );
    const read = (q: string) => (n: number) => listCohorts(asPerson(t, trainer), { q, page: n });
    assert.deepEqual(await pages(read('')), [
      [SIZE, 26, 2],
      [1, 26, 2],
      [0, 26, 2],
    ]);
    assert.deepEqual((await pages(read('Paged set 1')))[0], [11, 11, 1]);
    // A facilitator who does not train sees only their own sets, counted the same way.
    assert.equal((await listCohorts(asPerson(t, facilitator), { q: '', page: 1 })).total, 26);
  });
});
