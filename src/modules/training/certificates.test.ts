import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { pdfText } from '../../../test/support/pdf.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { certificateFor, renderCertificate } from './certificates.js';
import { myTraining } from './mine.js';
import { trainingBookings } from './tables.js';

describe('certificates', () => {
  let t: TestApp;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let delegate: Awaited<ReturnType<typeof makePerson>>;
  let bookingId: string;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };

  before(async () => {
    t = await startTestApp();
    const p = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, p, { roles: ['trainer'], name: 'Tess Trainer' });
    delegate = await makePerson(t.database.db, p, { name: 'Dana Delegate' });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Restorative basics' },
    });
    await bookSession(asPerson(t, delegate), sessionId);
    const [b] = await t.database.db
      .select()
      .from(trainingBookings)
      .where(
        and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, delegate.id)),
      );
    bookingId = b!.id;
  });
  after(() => t.close());

  it('is not there until the person attended; arriving late still completes the course', async () => {
    await assert.rejects(certificateFor(asPerson(t, delegate), bookingId), /not found/i);
    await t.database.db
      .update(trainingBookings)
      .set({ attendance: 'late' })
      .where(eq(trainingBookings.id, bookingId));
    const mine = await myTraining(asPerson(t, delegate));
    assert.deepEqual(
      mine.done.map((d) => d.courseTitle),
      ['Restorative basics'],
    );
  });

  it('is a PDF with the name, the course, the UK date and the trainer', async () => {
    const c = await certificateFor(asPerson(t, delegate), bookingId);
    const pdf = await renderCertificate(c);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(pdf);
    assert.match(text, /Dana Delegate/);
    assert.match(text, /Restorative basics/);
    assert.match(text, /Tess Trainer/);
    assert.match(text, /on \d{1,2} (November|December) 2026/);
    // Every letter of a name, as it is spelt.
    const named = await pdfText(await renderCertificate({ ...c, name: 'Łucja Wiśniewska-Ștefan' }));
    assert.match(named, /Łucja Wiśniewska-Ștefan/);
  });

  it('downloads from My training for the delegate and for an admin; not for others', async () => {
    const agent = await signedIn(delegate);
    const page = await agent.get('/training/mine');
    assert.ok(page.body.includes(`/training/certificates/${bookingId}`));
    const res = await agent.get(`/training/certificates/${bookingId}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');

    const admin = await makePerson(t.database.db, delegate.partnershipId, { roles: ['admin'] });
    const adminRes = await (await signedIn(admin)).get(`/training/certificates/${bookingId}`);
    assert.equal(adminRes.statusCode, 200);

    const colleague = await makePerson(t.database.db, delegate.partnershipId);
    const refused = await (await signedIn(colleague)).get(`/training/certificates/${bookingId}`);
    assert.equal(refused.statusCode, 404);
    const outsider = await makePerson(
      t.database.db,
      (await makePartnership(t.database.db)).partnership.id,
      { roles: ['admin'] },
    );
    const elsewhere = await (await signedIn(outsider)).get(`/training/certificates/${bookingId}`);
    assert.equal(elsewhere.statusCode, 404);

    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'training-certificate.downloaded'));
    assert.ok(rows.some((r) => r.actorId === colleague.id && r.outcome !== 'allowed'));
    assert.ok(rows.some((r) => r.actorId === admin.id && r.outcome === 'allowed'));
  });
});
