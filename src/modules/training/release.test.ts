import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { alsCourse, alsInput, attended } from '../../../test/support/als.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { deactivatePerson } from '../partnership/service.js';
import { createCohort, getCohort } from './als.js';
import type { CohortInput } from './als-schemas.js';
import { addMember } from './als-members.js';
import { bookSession } from './bookings.js';
import { trainingAlsMembers, trainingAlsSessions } from './tables-als.js';
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

  it('ends their membership of sets not yet finished, keeping the row, and offers nobody the place', async () => {
    const db = t.database.db;
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    const facilitator = await makePerson(db, partnershipId, { roles: ['facilitator'] });
    const intro = await courseWithSession(asPerson(t, trainer), { days: -30 });
    const course = await alsCourse(asPerson(t, trainer), [intro.courseId]);
    const leaving = await makePerson(db, partnershipId);
    const staying = await makePerson(db, partnershipId);
    for (const p of [leaving, staying]) await attended(t, intro.sessionId, p);
    const cohort = (first: CohortInput['first'], places = 8) =>
      createCohort(asPerson(t, trainer), alsInput(course, facilitator.id, { first, places }));
    // One set still to come, and one that finished (its sessions are written as history).
    const upcoming = await cohort({ year: 2027, month: 1, day: 12, hour: 10, minute: 0 });
    const finished = await cohort({ year: 2027, month: 1, day: 19, hour: 10, minute: 0 });
    for (const id of [upcoming, finished]) {
      await addMember(asPerson(t, trainer), id, leaving.id);
      await addMember(asPerson(t, trainer), id, staying.id);
    }
    await db
      .update(trainingAlsSessions)
      .set({
        startsAt: sql`${trainingAlsSessions.startsAt} - interval '1 year'`,
        endsAt: sql`${trainingAlsSessions.endsAt} - interval '1 year'`,
      })
      .where(eq(trainingAlsSessions.cohortId, finished));
    const outboxBefore = (await db.select().from(outbox)).length;

    assert.ok((await deactivatePerson(asPerson(t, admin), leaving.id)).ok);
    const rows = await db.select().from(trainingAlsMembers);
    const row = (cohortId: string, personId: string) =>
      rows.find((r) => r.cohortId === cohortId && r.personId === personId)!;
    assert.deepEqual(row(upcoming, leaving.id).removedAt, t.clock.now());
    assert.equal(row(upcoming, staying.id).removedAt, null);
    assert.equal(row(finished, leaving.id).removedAt, null, 'a finished set keeps its history');
    const released = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'training-als-member.released'),
          eq(auditEvents.recordId, row(upcoming, leaving.id).id),
        ),
      );
    assert.equal(released.length, 1);
    const set = await getCohort(asPerson(t, trainer), upcoming);
    assert.deepEqual(
      set.members.map((m) => m.personId),
      [staying.id],
    );
    assert.deepEqual(
      set.former.map((m) => m.personId),
      [leaving.id],
    );
    assert.equal((await db.select().from(outbox)).length, outboxBefore, 'nobody is emailed');
  });
});
