import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseInput, courseWithSession } from '../../../test/support/training.js';
import { createCourse } from './courses.js';
import { trainingBookings, trainingCourses } from './tables.js';

// The confirm-then-post journeys: retire a course, cancel a session, cancel a booking and
// take up an offered place, each through its pages.

describe('training journeys through the pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let trainerAgent: Agent;

  const signedIn = async (person: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    return agent;
  };

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    trainerAgent = await signedIn(trainer);
  });
  after(() => t.close());

  it('a trainer edits a course, then retires it after confirming, and can offer it again', async () => {
    const { courseId, sessionId } = await courseWithSession(asPerson(t, trainer));
    const edit = await trainerAgent.get(`/training/courses/${courseId}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /Something useful<\/textarea>/);

    const confirm = await trainerAgent.get(`/training/courses/${courseId}/retire`);
    assert.match(confirm.body, /People will no longer be able to book it/);
    const retired = await trainerAgent.post(`/training/courses/${courseId}/retire`, {});
    assert.equal(retired.statusCode, 303);
    const [row] = await t.database.db
      .select()
      .from(trainingCourses)
      .where(eq(trainingCourses.id, courseId));
    assert.ok(row!.retiredAt);
    assert.doesNotMatch((await trainerAgent.get('/training')).body, new RegExp(row!.title));
    assert.match((await trainerAgent.get('/training?retired=1')).body, new RegExp(row!.title));

    const delegate = await signedIn(await makePerson(t.database.db, partnershipId));
    const url = `/training/sessions/${sessionId}`;
    // The session page says why it cannot be booked, rather than showing places to take.
    const page = await delegate.get(url);
    assert.match(page.body, /This course is no longer offered, so this session cannot be booked/);
    assert.doesNotMatch(page.body, /Places left|Book a place/);
    const refused = await delegate.post(`${url}/book`, {}, { from: url });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /This course is no longer offered/);

    await trainerAgent.post(
      `/training/courses/${courseId}/restore`,
      {},
      { from: `/training/courses/${courseId}` },
    );
    assert.equal((await delegate.post(`${url}/book`, {}, { from: url })).statusCode, 303);
  });

  it('says beforehand that a course other courses need cannot be retired, and links to them', async () => {
    const ctx = asPerson(t, trainer);
    const intro = await createCourse(ctx, courseInput({ title: 'Introduction' }));
    const next = await createCourse(ctx, courseInput({ prerequisiteIds: [intro] }));
    const confirm = await trainerAgent.get(`/training/courses/${intro}/retire`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /You cannot retire Introduction yet/);
    assert.match(confirm.body, new RegExp(`href="/training/courses/${next}"`));
    assert.doesNotMatch(confirm.body, /Retire course/);

    // Sent from a page shown before the other course needed it: the same page, not an error.
    const refused = await trainerAgent.post(`/training/courses/${intro}/retire`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /You cannot retire Introduction yet/);
    assert.match(refused.body, new RegExp(`href="/training/courses/${next}"`));
    const [row] = await t.database.db
      .select()
      .from(trainingCourses)
      .where(eq(trainingCourses.id, intro));
    assert.equal(row!.retiredAt, null);
  });
  it('a delegate cancels after confirming; the person waiting is offered the place by email and accepts it', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const url = `/training/sessions/${sessionId}`;
    const first = await makePerson(t.database.db, partnershipId);
    const second = await makePerson(t.database.db, partnershipId);
    const firstAgent = await signedIn(first);
    const secondAgent = await signedIn(second);
    await firstAgent.post(`${url}/book`, {}, { from: url });
    const waiting = await secondAgent.post(`${url}/book`, {}, { from: url });
    assert.match(
      (await secondAgent.get(waiting.headers.location as string)).body,
      /you are on the waitlist/,
    );
    assert.match((await secondAgent.get('/training/mine')).body, /Number 1 on the waitlist/);

    const confirm = await firstAgent.get(`${url}/cancel-booking`);
    assert.match(confirm.body, /Cancel your booking\?/);
    const cancelled = await firstAgent.post(`${url}/cancel-booking`, {});
    assert.equal(cancelled.statusCode, 303);

    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.to, second.email));
    assert.match(mail!.text, /We will hold it for you until/);
    const page = await secondAgent.get(url);
    assert.match(page.body, /A place is yours if you want it/);
    assert.doesNotMatch(page.body, /secret-room/);
    const accepted = await secondAgent.post(`${url}/accept`, {});
    assert.equal(accepted.statusCode, 303);
    assert.match((await secondAgent.get(url)).body, /secret-room/);
  });

  it('a trainer cancels a session after confirming, and everyone on it is emailed', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { places: 1 });
    const url = `/training/sessions/${sessionId}`;
    const booked = await makePerson(t.database.db, partnershipId);
    const waiting = await makePerson(t.database.db, partnershipId);
    await (await signedIn(booked)).post(`${url}/book`, {}, { from: url });
    await (await signedIn(waiting)).post(`${url}/book`, {}, { from: url });

    const confirm = await trainerAgent.get(`${url}/cancel`);
    assert.match(confirm.body, /will be emailed/);
    assert.equal((await trainerAgent.post(`${url}/cancel`, {})).statusCode, 303);
    assert.match((await trainerAgent.get(url)).body, /This session has been cancelled/);
    for (const p of [booked, waiting]) {
      const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, p.email));
      assert.equal(mail.filter((m) => m.subject.startsWith('Cancelled: ')).length, 1);
    }
    const rows = await t.database.db
      .select()
      .from(trainingBookings)
      .where(eq(trainingBookings.sessionId, sessionId));
    assert.deepEqual(
      rows.map((r) => r.status),
      ['cancelled', 'cancelled'],
    );
  });
});
