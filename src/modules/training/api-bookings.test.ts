import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, errorPaths, tokenAudit } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { cancelSession } from './sessions.js';

// Booking through the API: a manager's token books the people in its teams with every rule of
// a booking, and a refusal is a 409 that says why (and which courses come first).

interface BookingJson {
  id: string;
  personId: string;
  status: string;
  position: number | null;
}
interface Refusal {
  detail: string;
  missing?: { id: string; title: string }[];
}

describe('the training API: booking', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  const book = (api: typeof w.api.manager, sessionId: string, personId: string) =>
    api('POST', `/training/sessions/${sessionId}/bookings`, { personId });

  it('books a team member, and the waitlist when the session is full', async () => {
    const { sessionId } = await w.course({ places: 1 });
    const first = await book(w.api.manager, sessionId, w.ann.id);
    assert.equal(first.statusCode, 201, first.body);
    const booked = first.json<BookingJson>();
    assert.deepEqual([booked.personId, booked.status, booked.position], [w.ann.id, 'booked', null]);
    assert.equal(
      (await tokenAudit(t, w.tokens.manager, 'training-booking.booked', booked.id)).length,
      1,
    );

    const second = await book(w.api.manager, sessionId, w.ben.id);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json<BookingJson>().status, 'waitlisted');
    assert.equal(second.json<BookingJson>().position, 1);

    const twice = await book(w.api.manager, sessionId, w.ann.id);
    assertProblem(twice, 409);
    // About the person booked, not "you": the token is not them.
    assert.equal(twice.json<Refusal>().detail, 'They are already booked on this session.');
    const waitingTwice = await book(w.api.manager, sessionId, w.ben.id);
    assertProblem(waitingTwice, 409);
    assert.match(waitingTwice.json<Refusal>().detail, /^They are already on the waitlist/);
  });

  it('refuses sessions that have started or were cancelled, and missing prerequisites', async () => {
    const started = await w.course({ days: -1 });
    const late = await book(w.api.manager, started.sessionId, w.ann.id);
    assertProblem(late, 409);
    assert.match(late.json<Refusal>().detail, /already started, so it cannot be booked/);

    const cancelled = await w.course();
    await cancelSession(w.as(w.trainer), cancelled.sessionId);
    const gone = await book(w.api.manager, cancelled.sessionId, w.ann.id);
    assertProblem(gone, 409);
    assert.match(gone.json<Refusal>().detail, /has been cancelled, so it cannot be booked/);

    const intro = await w.course({ course: { title: 'Api introduction' } });
    const next = await w.course({ course: { prerequisiteIds: [intro.courseId] } });
    const missing = await book(w.api.manager, next.sessionId, w.ann.id);
    assertProblem(missing, 409);
    assert.match(missing.json<Refusal>().detail, /they need to complete Api introduction/);
    assert.deepEqual(missing.json<Refusal>().missing, [
      { id: intro.courseId, title: 'Api introduction' },
    ]);
  });

  it('books only the token’s own team, for managers’ tokens', async () => {
    const { sessionId } = await w.course();
    const outside = await book(w.api.manager, sessionId, w.outsider.id);
    assertProblem(outside, 403);
    assert.match(outside.json<Refusal>().detail, /not in one of your teams/);
    assertProblem(await book(w.api.managerNoTeam, sessionId, w.ann.id), 403);
    assertProblem(await book(w.api.practitioner, sessionId, w.ann.id), 403);
    assertProblem(await book(w.api.trainer, sessionId, w.ann.id), 403);
    assertProblem(await book(w.api.manager, sessionId, w.other.stranger.id), 404);
    assertProblem(await book(w.api.stranger, sessionId, w.other.stranger.id), 404);
    const bad = await book(w.api.manager, sessionId, 'someone');
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad), ['personId']);
    const list = await w.api.trainer('GET', `/training/sessions/${sessionId}/bookings`);
    assert.equal(list.json<{ total: number }>().total, 0, 'nothing was booked');
  });

  it('books several team members at once and says what happened to each', async () => {
    const { sessionId } = await w.course({ places: 1 });
    const path = `/training/sessions/${sessionId}/team-bookings`;
    const res = await w.api.manager('POST', path, {
      personIds: [w.ann.id, w.ben.id, w.outsider.id],
    });
    assert.equal(res.statusCode, 200, res.body);
    const results = res.json<{
      results: { personId: string; outcome: string; reason?: string }[];
    }>().results;
    assert.deepEqual(
      results.map((r) => [r.personId, r.outcome]),
      [
        [w.ann.id, 'booked'],
        [w.ben.id, 'waitlisted'],
        [w.outsider.id, 'refused'],
      ],
    );
    assert.match(results[2]!.reason!, /not in one of your teams/);
    const none = await w.api.manager('POST', path, { personIds: [] });
    assertProblem(none, 400);
    assert.deepEqual(errorPaths(none), ['personIds']);
    assertProblem(await w.api.practitioner('POST', path, { personIds: [w.ann.id] }), 403);
    assertProblem(await w.api.stranger('POST', path, { personIds: [w.ann.id] }), 404);
  });

  it('lists a session’s bookings and waitlist for trainers’ and admins’ tokens', async () => {
    const { sessionId } = await w.course({ places: 1 });
    await book(w.api.manager, sessionId, w.ben.id);
    await book(w.api.manager, sessionId, w.ann.id);
    const path = `/training/sessions/${sessionId}/bookings`;
    const res = await w.api.admin('GET', path);
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json<{ items: (BookingJson & { name: string })[] }>().items;
    assert.deepEqual(
      items.map((b) => [b.name, b.status, b.position]),
      [
        ['Ben Member', 'booked', null],
        ['Ann Member', 'waitlisted', 1],
      ],
    );
    const waiting = await w.api.trainer('GET', `${path}?status=waitlisted`);
    assert.deepEqual(
      waiting.json<{ items: BookingJson[] }>().items.map((b) => b.personId),
      [w.ann.id],
    );
    assert.equal(
      (await tokenAudit(t, w.tokens.trainer, 'training-bookings.viewed', sessionId)).length,
      1,
    );
    assertProblem(await w.api.manager('GET', path), 403);
    assertProblem(await w.api.practitioner('GET', path), 403);
    assertProblem(await w.api.stranger('GET', path), 404);
    assertProblem(await w.api.trainer('GET', `${path}?status=cancelled`), 400);
  });
});
