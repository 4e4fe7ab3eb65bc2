import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { outbox } from '../../platform/mail/tables.js';
import { alreadyWaiting, approveBooking, declineBooking, setApprovalRequired } from './approval.js';
import { approvalRequest } from './approval-queue.js';
import { BookingRefused } from './problems.js';
import { deactivatePerson } from '../partnership/service.js';
import type { Role } from '../../platform/tenancy/tables.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';
import { trainingBookingApprovals } from './tables-booking.js';

// Optional line-manager approval: off by default; when on, a self-booking holds no place until
// a manager in one of the person's teams approves it.

describe('line-manager approval', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
  });
  after(() => t.close());

  it('is off by default, and when on holds no place until the manager approves or declines', async () => {
    const db = t.database.db;
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    const manager = await makePerson(db, partnershipId, { roles: ['manager'], teamIds: [teamId] });
    const otherManager = await makePerson(db, partnershipId, { roles: ['manager'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const early = await makePerson(db, partnershipId, { teamIds: [teamId] });
    assert.equal(await bookSession(asPerson(t, early), sessionId), 'booked', 'off by default');

    await setApprovalRequired(asPerson(t, admin), true);
    const [a, b] = [
      await makePerson(db, partnershipId, { teamIds: [teamId] }),
      await makePerson(db, partnershipId, { teamIds: [teamId] }),
    ];
    assert.equal(await bookSession(asPerson(t, a), sessionId), 'awaiting_approval');
    assert.equal(await bookSession(asPerson(t, b), sessionId), 'awaiting_approval');
    const rowOf = async (personId: string) =>
      (
        await db.select().from(trainingBookings).where(eq(trainingBookings.sessionId, sessionId))
      ).find((r) => r.personId === personId)!;

    await assert.rejects(
      approveBooking(asPerson(t, otherManager), (await rowOf(a.id)).id),
      /Not found|not found/i,
    );
    assert.equal(await approveBooking(asPerson(t, manager), (await rowOf(a.id)).id), 'waitlisted');
    await declineBooking(asPerson(t, manager), (await rowOf(b.id)).id, 'Not this quarter');
    assert.equal((await rowOf(b.id)).status, 'declined');
    const [decision] = await db
      .select()
      .from(trainingBookingApprovals)
      .where(eq(trainingBookingApprovals.bookingId, (await rowOf(b.id)).id));
    assert.equal(decision!.reason, 'Not this quarter');
    const mails = await db.select().from(outbox);
    assert.ok(mails.some((m) => m.to === a.email && /waitlist/.test(m.text)));
    assert.ok(mails.some((m) => m.to === b.email && /Not this quarter/.test(m.text)));

    // Someone no approver shares a team with is told now, not left waiting for no one.
    const alone = await makePerson(db, partnershipId);
    await assert.rejects(bookSession(asPerson(t, alone), sessionId), (e: unknown) => {
      assert.ok(e instanceof BookingRefused);
      assert.match(e.reason, /no manager, leader or admin is in a team with you/);
      return true;
    });
    assert.equal((await rowOf(alone.id)) ?? null, null);
  });

  it('emails everyone who may approve the request: admins, leaders and managers of the team', async () => {
    const db = t.database.db;
    const { partnership, team } = await makePartnership(db);
    const pid = partnership.id;
    const inTeam = (roles: Role[], name: string) =>
      makePerson(db, pid, { roles, name, teamIds: [team.id] });
    const admin = await inTeam(['admin'], 'Ada Admin');
    const leader = await inTeam(['leader'], 'Lee Leader');
    const manager = await inTeam(['manager'], 'Max Manager');
    const gone = await inTeam(['manager'], 'Gus Gone');
    const trainer = await inTeam(['trainer'], 'Tom Trainer');
    const colleague = await inTeam(['practitioner'], 'Col League');
    const elsewhere = await makePerson(db, pid, { roles: ['admin', 'manager'], name: 'Eli Else' });
    await deactivatePerson(asPerson(t, admin), gone.id);
    await setApprovalRequired(asPerson(t, admin), true);
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Approvers course' },
    });
    const asker = await inTeam(['practitioner'], 'Ash Asker');
    assert.equal(await bookSession(asPerson(t, asker), sessionId), 'awaiting_approval');

    const asked = (await db.select().from(outbox)).filter(
      (m) => m.subject === 'Booking to approve: Approvers course',
    );
    assert.deepEqual(
      asked.map((m) => m.to).sort(),
      [admin.email, leader.email, manager.email].sort(),
    );
    assert.ok(asked.every((m) => m.text.includes('Ash Asker would like to book Approvers course')));
    for (const p of [gone, trainer, colleague, elsewhere, asker]) {
      assert.ok(!asked.some((m) => m.to === p.email), p.name);
    }
    // Each of them may indeed decide: the leader sees it, and the admin approves it.
    const [request] = await db
      .select()
      .from(trainingBookings)
      .where(eq(trainingBookings.personId, asker.id));
    assert.equal((await approvalRequest(asPerson(t, leader), request!.id)).open, true);
    assert.equal(await approveBooking(asPerson(t, admin), request!.id), 'booked');
  });

  it('tells someone whose two requests race that the first is waiting for their manager', async () => {
    const db = t.database.db;
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    await setApprovalRequired(asPerson(t, admin), true);
    const { sessionId } = await courseWithSession(asPerson(t, trainer));
    const p = await makePerson(db, partnershipId, { teamIds: [teamId] });
    const results = await Promise.allSettled([
      bookSession(asPerson(t, p), sessionId),
      bookSession(asPerson(t, p), sessionId),
    ]);
    assert.deepEqual(
      results.filter((r) => r.status === 'fulfilled').map((r) => r.value),
      ['awaiting_approval'],
    );
    const refused = results.find((r) => r.status === 'rejected')!;
    assert.ok(refused.reason instanceof BookingRefused);
    assert.equal(refused.reason.reason, alreadyWaiting);
  });

  it('says the same when the database itself refuses the second request', async () => {
    const db = t.database.db;
    const trainer = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const admin = await makePerson(db, partnershipId, { roles: ['admin'] });
    await setApprovalRequired(asPerson(t, admin), true);
    const { sessionId } = await courseWithSession(asPerson(t, trainer));
    const p = await makePerson(db, partnershipId, { teamIds: [teamId] });
    // A first request is written but not yet committed when the second passes every check, so
    // on a server the second meets the unique index and waits until the first commits. It is
    // an earlier booking made live again, as no new row could be: inserting one would lock the
    // session's row for its foreign key, and the second would wait at the session instead.
    // (PGlite runs one transaction at a time: the second finds the first by the usual check.)
    const [earlier] = await db
      .insert(trainingBookings)
      .values({ partnershipId, sessionId, personId: p.id, status: 'cancelled' })
      .returning();
    let written!: () => void;
    let commit!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const first = db.transaction(async (tx) => {
      await tx
        .update(trainingBookings)
        .set({ status: 'awaiting_approval' })
        .where(eq(trainingBookings.id, earlier!.id));
      written();
      await committed;
    });
    await isWritten;
    const second = bookSession(asPerson(t, p), sessionId);
    try {
      if (t.database.kind === 'server') await untilSomeoneWaitsForALock();
    } finally {
      commit();
      await first;
    }
    await assert.rejects(second, (e: unknown) => {
      assert.ok(e instanceof BookingRefused);
      assert.equal(e.reason, alreadyWaiting);
      return true;
    });
  });

  async function untilSomeoneWaitsForALock() {
    for (let i = 0; i < 200; i++) {
      // As the owner: the app's role may not see other connections' waits.
      const { rows } = await t.database.ownerQuery<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the second request never reached the unique index');
  }
});
