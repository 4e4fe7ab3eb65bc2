import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { jobs } from '../../jobs.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { approveBooking, setApprovalRequired } from './approval.js';
import { lapseApprovalRequests, trainingApprovalLapse } from './approval-lapse.js';
import { bookSession } from './bookings.js';
import { trainingBookings } from './tables.js';

// A request no manager decided on before its session started is closed by a sweep on the fake
// clock, and the person is told once, however often the sweep runs.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('booking requests that lapse', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('closes a request still waiting when its session starts, and tells the person once', async () => {
    const db = t.database.db;
    const { partnership, team } = await makePartnership(db);
    const pid = partnership.id;
    const trainer = await makePerson(db, pid, { roles: ['trainer'] });
    const admin = await makePerson(db, pid, { roles: ['admin'] });
    const manager = await makePerson(db, pid, { roles: ['manager'], teamIds: [team.id] });
    const soon = await courseWithSession(asPerson(t, trainer), {
      days: 2,
      course: { title: 'Lapsing course' },
    });
    const later = await courseWithSession(asPerson(t, trainer), { days: 10 });
    await setApprovalRequired(asPerson(t, admin), true);
    const ann = await makePerson(db, pid, { name: 'Ann Asker', teamIds: [team.id] });
    assert.equal(await bookSession(asPerson(t, ann), soon.sessionId), 'awaiting_approval');
    assert.equal(await bookSession(asPerson(t, ann), later.sessionId), 'awaiting_approval');
    const statusOn = async (sessionId: string) =>
      (
        await db
          .select()
          .from(trainingBookings)
          .where(
            and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, ann.id)),
          )
      )[0]!;
    const job = () => ({
      db,
      mail: t.mail,
      now: t.clock.now(),
      baseUrl: 'http://localhost',
    });
    const told = async () =>
      (await db.select().from(outbox).where(eq(outbox.to, ann.email))).filter((m) =>
        m.subject.startsWith('Your booking request has closed'),
      );

    assert.equal(await lapseApprovalRequests(job()), 0, 'nothing has started yet');
    t.clock.advance(2 * DAY + HOUR);
    try {
      assert.equal(await lapseApprovalRequests(job()), 1);
      assert.equal(await lapseApprovalRequests(job()), 0, 'running twice closes nothing more');
      const closed = await statusOn(soon.sessionId);
      assert.equal(closed.status, 'expired');
      assert.deepEqual(closed.cancelledAt, t.clock.now());
      assert.equal((await statusOn(later.sessionId)).status, 'awaiting_approval');

      const mails = await told();
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.subject, 'Your booking request has closed: Lapsing course');
      assert.match(mails[0]!.text, /^Dear Ann Asker,/);
      assert.match(mails[0]!.text, /had not approved it by the time the session started/);
      assert.match(mails[0]!.text, /You did not have a place on this session\./);
      assert.ok(mails[0]!.text.includes(`http://localhost/training/courses/${soon.courseId}`));
      const audited = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, 'training-booking.approval-lapsed'),
            eq(auditEvents.recordId, closed.id),
          ),
        );
      assert.equal(audited.length, 1);
      await assert.rejects(
        approveBooking(asPerson(t, manager), closed.id),
        /already been decided/,
        'a manager can no longer approve it',
      );
    } finally {
      t.clock.advance(-(2 * DAY + HOUR));
    }
  });

  it('is one of the background jobs', () => {
    assert.ok(jobs.includes(trainingApprovalLapse));
  });
});
