import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { assertProblem, tokenAudit } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { trainingBookings } from './tables.js';
import { trainingCancellations } from './tables-completion.js';

// Cancelling a booking, and reading a person's bookings, through the API: trainers' and
// admins' tokens, and a manager's token for the people in its teams. A cancellation has the
// same consequences as the person's own: late ones are recorded, the place passes on.

interface Page<T> {
  items: T[];
  total: number;
}

describe('the training API: cancelling and a person’s bookings', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  /** A full session (Ann booked, Ben waiting), `days` away; the ids of their bookings. */
  async function fullSession(days: number) {
    const { sessionId, courseId } = await w.course({ places: 1, days });
    const book = (personId: string) =>
      w.api
        .manager('POST', `/training/sessions/${sessionId}/bookings`, { personId })
        .then((r) => r.json<{ id: string }>().id);
    return { sessionId, courseId, ann: await book(w.ann.id), ben: await book(w.ben.id) };
  }
  const statusOf = async (bookingId: string) =>
    (
      await t.database.db
        .select({ status: trainingBookings.status })
        .from(trainingBookings)
        .where(eq(trainingBookings.id, bookingId))
    )[0]!.status;

  it('cancels for a team member: late when close, and the next person is offered the place', async () => {
    const s = await fullSession(2); // the test clock is a Saturday: 0 working days' notice
    const res = await w.api.manager('POST', `/training/bookings/${s.ann}/cancel`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { id: s.ann, status: 'cancelled', lateCancellation: true });
    const [recorded] = await t.database.db
      .select()
      .from(trainingCancellations)
      .where(eq(trainingCancellations.bookingId, s.ann));
    assert.equal(recorded!.late, true);
    assert.equal(await statusOf(s.ben), 'offered');
    assert.equal(
      (await tokenAudit(t, w.tokens.manager, 'training-booking.cancelled', s.ann)).length,
      1,
    );

    // Nothing left to cancel; declining the offer on Ben's behalf is a trainer's to do too.
    assertProblem(await w.api.manager('POST', `/training/bookings/${s.ann}/cancel`), 409);
    const declined = await w.api.trainer('POST', `/training/bookings/${s.ben}/cancel`);
    assert.deepEqual(declined.json(), { id: s.ben, status: 'declined', lateCancellation: false });
  });

  it('is not late with enough notice', async () => {
    const s = await fullSession(30);
    const res = await w.api.admin('POST', `/training/bookings/${s.ann}/cancel`);
    assert.deepEqual(res.json(), { id: s.ann, status: 'cancelled', lateCancellation: false });
  });

  it('refuses tokens that may not cancel, and others’ bookings', async () => {
    const s = await fullSession(10);
    const path = `/training/bookings/${s.ann}/cancel`;
    const refused = await w.api.practitioner('POST', path);
    assertProblem(refused, 403);
    assert.match(refused.json<{ detail: string }>().detail, /managers of this person’s teams/);
    assert.equal(
      (await tokenAudit(t, w.tokens.practitioner, 'training-booking.cancelled', s.ann, 'denied'))
        .length,
      1,
    );
    assertProblem(await w.api.managerNoTeam('POST', path), 403);
    assertProblem(await w.api.stranger('POST', path), 404);
    assertProblem(await w.api.manager('POST', '/training/bookings/nonsense/cancel'), 400);
    assert.equal(await statusOf(s.ann), 'booked');
  });

  it('lists a person’s bookings for trainers, admins and their managers', async () => {
    const s = await fullSession(5);
    const path = `/training/people/${w.ben.id}/bookings`;
    for (const api of [w.api.trainer, w.api.admin, w.api.manager]) {
      const res = await api('GET', path);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json<Page<{ id: string; status: string; courseId: string }>>();
      assert.ok(page.items.some((b) => b.id === s.ben && b.status === 'waitlisted'));
      assert.ok(page.items.every((b) => b.courseId));
    }
    assert.equal(
      (await tokenAudit(t, w.tokens.manager, 'training-bookings.viewed', w.ben.id)).length,
      1,
    );
    assertProblem(await w.api.practitioner('GET', path), 403);
    assertProblem(await w.api.managerNoTeam('GET', path), 403);
    assertProblem(await w.api.manager('GET', `/training/people/${w.outsider.id}/bookings`), 403);
    assertProblem(await w.api.stranger('GET', path), 404);
  });
});
