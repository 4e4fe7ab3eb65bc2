import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { PASSWORD } from '../../../test/support/factories.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { makePerson } from '../../../test/support/factories.js';
import { bookSession } from './bookings.js';

// A place on the waitlist is counted among the people waiting for the same session: the
// third to join sees "3" on the session's page, in My training and through the API.

interface BookingJson {
  personId: string;
  status: string;
  position: number | null;
}

describe('a place on the waitlist', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  it('is the same number on the session page, My training and the API', async () => {
    const db = t.database.db;
    const { sessionId } = await w.course({ places: 1 });
    const pid = w.partnership.id;
    const holder = await makePerson(db, pid);
    const first = await makePerson(db, pid);
    const second = await makePerson(db, pid);
    await bookSession(w.as(holder), sessionId);
    await bookSession(w.as(first), sessionId);
    await bookSession(w.as(second), sessionId);
    // Ann, in the manager's team, is booked through the API: the third to wait.
    const made = await w.api.manager('POST', `/training/sessions/${sessionId}/bookings`, {
      personId: w.ann.id,
    });
    assert.equal(made.statusCode, 201, made.body);
    assert.deepEqual(
      [made.json<BookingJson>().status, made.json<BookingJson>().position],
      ['waitlisted', 3],
    );

    const agent = new Agent(t.app);
    await agent.signIn(w.ann.email, PASSWORD);
    const page = await agent.get(`/training/sessions/${sessionId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You are number 3 on the waitlist/);
    const mine = await agent.get('/training/mine');
    assert.match(mine.body, /Number 3 on the waitlist/);

    const ofAnn = await w.api.manager('GET', `/training/people/${w.ann.id}/bookings`);
    assert.equal(ofAnn.statusCode, 200, ofAnn.body);
    assert.equal(ofAnn.json<{ items: BookingJson[] }>().items[0]!.position, 3);
    const waiting = await w.api.trainer(
      'GET',
      `/training/sessions/${sessionId}/bookings?status=waitlisted`,
    );
    assert.deepEqual(
      waiting.json<{ items: BookingJson[] }>().items.map((b) => [b.personId, b.position]),
      [
        [first.id, 1],
        [second.id, 2],
        [w.ann.id, 3],
      ],
    );
  });
});
