import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { deactivatePerson } from '../partnership/service.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';

// Deactivating someone releases their places to the people waiting, in the same transaction.

describe('releasing a deactivated person’s bookings', () => {
  let t: TestApp;
  let partnershipId: string;

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(() => t.close());

  it('offers the deactivated person’s place to the first person waiting', async () => {
    const trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const leaving = await makePerson(t.database.db, partnershipId);
    const first = await makePerson(t.database.db, partnershipId);
    const second = await makePerson(t.database.db, partnershipId);
    await bookSession(asPerson(t, leaving), sessionId);
    await bookSession(asPerson(t, first), sessionId);
    await bookSession(asPerson(t, second), sessionId);

    const saved = await deactivatePerson(asPerson(t, admin), leaving.id);
    assert.ok(saved.ok);
    const rows = await t.database.db
      .select()
      .from(trainingBookings)
      .where(eq(trainingBookings.sessionId, sessionId));
    const status = (id: string) => rows.find((r) => r.personId === id)!.status;
    assert.equal(status(leaving.id), 'cancelled');
    assert.equal(status(first.id), 'offered');
    assert.equal(status(second.id), 'waitlisted');
  });
});
