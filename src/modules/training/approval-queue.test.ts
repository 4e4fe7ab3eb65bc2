import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../platform/mail/tables.js';
import { teams } from '../../platform/tenancy/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { deactivatePerson } from '../partnership/service.js';
import { approveBooking, declineBooking } from './approval.js';
import { approvalQueue, approvalRequest } from './approval-queue.js';
import { bookSession, cancelBooking } from './bookings.js';
import { myTraining } from './mine.js';
import { BookingRefused, isUniqueViolation } from './problems.js';
import { cancelSession, getSession } from './sessions.js';
import { saveSettings } from './settings.js';
import { trainingBookings } from './tables.js';

// Line-manager approval as a manager meets it: the queue of their team's requests, one
// decision per request however many arrive at once, and requests ending with the session or
// the person.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('the approval queue', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;
  let trainer: Person;
  let manager: Person;
  const as = (p: Person) => asPerson(t, p);
  const member = () => makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
  const requestOf = async (sessionId: string, p: Person) =>
    (
      await t.database.db
        .select()
        .from(trainingBookings)
        .where(and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, p.id)))
    )[0]!;

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    manager = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
      name: 'Mo Manager',
    });
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    await saveSettings(as(admin), {
      approvalRequired: true,
      offerHoldHours: 48,
      lateCancellationWorkingDays: 5,
    });
  });
  after(() => t.close());

  it('lists the requests of the manager’s own team for sessions still to come, and emails the manager', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { course: { title: 'Queued' } });
    const soon = await courseWithSession(as(trainer), { days: 1 });
    const mine = await member();
    const early = await member();
    // Someone in another team, with a manager of its own.
    const [otherTeam] = await t.database.db
      .insert(teams)
      .values({ partnershipId, name: 'Another team' })
      .returning();
    await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [otherTeam!.id],
    });
    const outsider = await makePerson(t.database.db, partnershipId, {
      teamIds: [otherTeam!.id],
    });
    for (const p of [mine, outsider]) await bookSession(as(p), sessionId);
    await bookSession(as(early), soon.sessionId);

    const queue = await approvalQueue(as(manager), 1);
    const ids = queue.items.map((r) => r.id);
    assert.ok(ids.includes((await requestOf(sessionId, mine)).id));
    assert.ok(ids.includes((await requestOf(soon.sessionId, early)).id));
    assert.ok(!ids.includes((await requestOf(sessionId, outsider)).id), 'not in their team');
    await assert.rejects(approvalRequest(as(manager), (await requestOf(sessionId, outsider)).id), {
      statusCode: 404,
    });
    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.to, manager.email));
    assert.match(mail!.subject, /^Booking to approve: Queued/);
    assert.match(mail!.text, /\/training\/approvals\/[0-9a-f-]{36}/);

    t.clock.advance(2 * 86_400_000);
    try {
      const later = (await approvalQueue(as(manager), 1)).items.map((r) => r.id);
      assert.ok(!later.includes((await requestOf(soon.sessionId, early)).id), 'started: gone');
    } finally {
      t.clock.advance(-2 * 86_400_000);
    }
  });

  it('shows the request to the person, with no second booking; and the database refuses a second request', async () => {
    const { sessionId } = await courseWithSession(as(trainer));
    const p = await member();
    const outcomes = await Promise.allSettled([
      bookSession(as(p), sessionId),
      bookSession(as(p), sessionId),
    ]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const lost = outcomes.find((o) => o.status === 'rejected');
    assert.ok(lost?.reason instanceof BookingRefused);
    await assert.rejects(
      bookSession(as(p), sessionId),
      /already waiting for your manager to approve it/,
    );
    assert.equal((await getSession(as(p), sessionId)).booking?.status, 'awaiting_approval');
    assert.equal((await myTraining(as(p))).awaiting.length, 1);

    // Even a write that skipped every check cannot add a second open request.
    await assert.rejects(
      t.database.db
        .insert(trainingBookings)
        .values({ partnershipId, sessionId, personId: p.id, status: 'awaiting_approval' }),
      (e: unknown) => isUniqueViolation(e),
    );
    assert.equal(
      (
        await t.database.db
          .select()
          .from(trainingBookings)
          .where(eq(trainingBookings.sessionId, sessionId))
      ).length,
      1,
    );
  });

  it('takes one decision per request, even when two managers decide at once or the person withdraws', async () => {
    const second = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
    });
    const { sessionId } = await courseWithSession(as(trainer));
    const [a, b] = [await member(), await member()];
    await bookSession(as(a), sessionId);
    await bookSession(as(b), sessionId);
    const aId = (await requestOf(sessionId, a)).id;
    const results = await Promise.allSettled([
      approveBooking(as(manager), aId),
      declineBooking(as(second), aId, 'Not now'),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.match(
      String(results.find((r) => r.status === 'rejected')!.reason),
      /already been decided/,
    );
    assert.ok(['booked', 'declined'].includes((await requestOf(sessionId, a)).status));

    await cancelBooking(as(b), sessionId); // withdrawn
    assert.equal((await requestOf(sessionId, b)).status, 'cancelled');
    await assert.rejects(
      approveBooking(as(manager), (await requestOf(sessionId, b)).id),
      /already been decided/,
    );
  });

  it('ends waiting requests when the session is cancelled, telling the person', async () => {
    const { sessionId } = await courseWithSession(as(trainer), { course: { title: 'Called off' } });
    const p = await member();
    await bookSession(as(p), sessionId);
    await cancelSession(as(trainer), sessionId);
    assert.equal((await requestOf(sessionId, p)).status, 'cancelled');
    const mails = await t.database.db.select().from(outbox).where(eq(outbox.to, p.email));
    const cancelled = mails.find((m) => m.subject === 'Cancelled: Called off');
    assert.match(cancelled!.text, /session you asked to book has been cancelled/);
    assert.deepEqual(cancelled!.attachments, [], 'no calendar entry to take out');
  });

  it('ends waiting requests when the person is deactivated', async () => {
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    const { sessionId } = await courseWithSession(as(trainer));
    const p = await member();
    await bookSession(as(p), sessionId);
    const saved = await deactivatePerson(as(admin), p.id);
    assert.ok(saved.ok);
    assert.equal((await requestOf(sessionId, p)).status, 'cancelled');
    assert.ok(!(await approvalQueue(as(manager), 1)).items.some((r) => r.personId === p.id));
  });
});
