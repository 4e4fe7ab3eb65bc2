import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { assertProblem, errorPaths, tokenAudit } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { bookSession } from './bookings.js';
import * as store from './store.js';
import { trainingBookings } from './tables.js';

// The attendance register through the API, for trainers' and admins' tokens: a mark for every
// delegate or nothing is saved, each mark audited, and attending completes the course.

interface Register {
  delegates: { bookingId: string; personId: string; attendance: string | null }[];
}

describe('the training API: the attendance register', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  it('records the register, all or nothing, and attending completes the course', async () => {
    const { sessionId, courseId } = await w.course({ course: { title: 'Api register course' } });
    const next = await w.course({ days: 20, course: { prerequisiteIds: [courseId] } });
    await bookSession(w.as(w.ann), sessionId);
    await bookSession(w.as(w.ben), sessionId);
    const bookingOf = async (personId: string) =>
      (await store.liveBooking(t.database.db, w.partnership.id, sessionId, personId))!.id;
    const [ann, ben] = [await bookingOf(w.ann.id), await bookingOf(w.ben.id)];
    t.clock.advance(8 * 86_400_000); // the session has happened
    const path = `/training/sessions/${sessionId}/register`;

    const open = await w.api.trainer('GET', path);
    assert.equal(open.statusCode, 200, open.body);
    assert.deepEqual(
      open
        .json<Register>()
        .delegates.map((d) => [d.personId, d.attendance])
        .sort(),
      [
        [w.ann.id, null],
        [w.ben.id, null],
      ].sort(),
    );
    assert.equal(
      (await tokenAudit(t, w.tokens.trainer, 'training-register.viewed', sessionId)).length,
      1,
    );

    // Ben has no mark, then a mark for someone not on this register: nothing is saved.
    const partial = await w.api.trainer('PUT', path, {
      marks: [{ bookingId: ann, attendance: 'attended' }],
    });
    assertProblem(partial, 400);
    assert.deepEqual(errorPaths(partial), [`marks.${ben}`]);
    const elsewhere = await w.api.trainer('PUT', path, {
      marks: [
        { bookingId: ann, attendance: 'attended' },
        { bookingId: ben, attendance: 'absent' },
        { bookingId: next.sessionId, attendance: 'late' },
      ],
    });
    assertProblem(elsewhere, 400);
    assert.deepEqual(errorPaths(elsewhere), [`marks.${next.sessionId}`]);
    const nonsense = await w.api.trainer('PUT', path, {
      marks: [{ bookingId: ann, attendance: 'asleep' }],
    });
    assertProblem(nonsense, 400);
    assert.deepEqual(errorPaths(nonsense), ['marks.0.attendance']);
    const marked = await t.database.db
      .select({ attendance: trainingBookings.attendance })
      .from(trainingBookings)
      .where(eq(trainingBookings.sessionId, sessionId));
    assert.ok(
      marked.every((m) => m.attendance === null),
      'nothing was saved',
    );

    const saved = await w.api.admin('PUT', path, {
      marks: [
        { bookingId: ann, attendance: 'attended' },
        { bookingId: ben, attendance: 'left_early' },
      ],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const marks = Object.fromEntries(
      saved.json<Register>().delegates.map((d) => [d.bookingId, d.attendance]),
    );
    assert.deepEqual(marks, { [ann]: 'attended', [ben]: 'left_early' });
    for (const id of [ann, ben]) {
      const rows = await tokenAudit(t, w.tokens.admin, 'training-booking.attendance-recorded', id);
      assert.equal(rows.length, 1);
    }

    // Ann completed the course, so the next one can be booked; Ben left early, so not yet.
    const book = (personId: string) =>
      w.api.manager('POST', `/training/sessions/${next.sessionId}/bookings`, { personId });
    assert.equal((await book(w.ann.id)).statusCode, 201);
    assertProblem(await book(w.ben.id), 409);
  });

  it('is for trainers’ and admins’ tokens of the partnership only', async () => {
    const { sessionId } = await w.course();
    const path = `/training/sessions/${sessionId}/register`;
    for (const api of [w.api.manager, w.api.practitioner]) {
      assertProblem(await api('GET', path), 403);
      assertProblem(await api('PUT', path, { marks: [] }), 403);
    }
    assertProblem(await w.api.stranger('GET', path), 404);
    assertProblem(await w.api.stranger('PUT', path, { marks: [] }), 404);
    // Not before the session: marks then would count as completions for good.
    assertProblem(await w.api.trainer('PUT', path, { marks: [] }), 409);
    t.clock.advance(8 * 86_400_000);
    // A session with nobody booked has an empty register, and saving it changes nothing.
    const empty = await w.api.trainer('PUT', path, { marks: [] });
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json<Register>().delegates, []);
  });
});
