import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { trainingCourses, trainingSessions } from './tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { trainingEquivalences } from './tables-equivalence.js';

const validCourse = {
  title: 'Restorative supervision',
  summary: 'Using restorative questions in supervision.',
  learningOutcomes: 'Use the questions in supervision\nWrite an action plan',
  durationMinutes: '150',
  delivery: 'online',
  joiningLink: '',
  venue: '',
  frequency: 'every_two_months',
  kind: 'standard',
  usualPlaces: '16',
  audienceNote: '',
};

describe('training pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let practitioner: Awaited<ReturnType<typeof makePerson>>;
  let trainerAgent: Agent;
  let practitionerAgent: Agent;

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, {
      roles: ['trainer'],
      name: 'Tess Trainer',
    });
    practitioner = await makePerson(t.database.db, partnershipId);
    trainerAgent = new Agent(t.app);
    await trainerAgent.signIn(trainer.email, PASSWORD);
    practitionerAgent = new Agent(t.app);
    await practitionerAgent.signIn(practitioner.email, PASSWORD);
  });
  after(() => t.close());

  it('a trainer adds a course; bad input is refused with messages and what was typed is kept', async () => {
    const bad = await trainerAgent.post(
      '/training/courses',
      {
        ...validCourse,
        title: 'Half-typed title',
        summary: '',
        durationMinutes: 'three hours',
        delivery: 'in_person',
      },
      { from: '/training/courses/new' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: Add a course/);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /Enter a summary of what the course is about/);
    assert.match(bad.body, /The length in minutes must be a number/);
    assert.match(bad.body, /Enter the venue/);
    assert.match(bad.body, /value="Half-typed title"/);
    assert.match(bad.body, /value="three hours"/);

    const ok = await trainerAgent.post('/training/courses', validCourse, {
      from: '/training/courses/new',
    });
    assert.equal(ok.statusCode, 303);
    const page = await trainerAgent.get(ok.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Restorative supervision/);
    assert.match(page.body, /Use the questions in supervision/);
    assert.match(page.body, /2 hours 30 minutes/);

    const list = await practitionerAgent.get('/training?q=supervision');
    assert.match(list.body, /Restorative supervision/);
  });

  it('a practitioner can read the catalogue but cannot add or change courses', async () => {
    assert.equal((await practitionerAgent.get('/training')).statusCode, 200);
    assert.equal((await practitionerAgent.get('/training/courses/new')).statusCode, 403);
    const before = await snapshot(t.database.query, ['rate_limits', 'audit_events', 'sessions']);
    const res = await practitionerAgent.post('/training/courses', validCourse, {
      from: '/training',
    });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(
      await snapshot(t.database.query, ['rate_limits', 'audit_events', 'sessions']),
      before,
    );
  });

  it('a trainer schedules a session with UK date and time; the link is shown only once booked', async () => {
    const [course] = await t.database.db
      .select()
      .from(trainingCourses)
      .where(eq(trainingCourses.title, 'Restorative supervision'));
    const form = {
      'start-day': '14',
      'start-month': '1',
      'start-year': '2027',
      startTime: '9:30am',
      endTime: '12:00',
      places: '12',
      delivery: 'online',
      joiningLink: 'https://video.example/room-42',
      venue: '',
      trainerIds: trainer.id,
    };
    const bad = await trainerAgent.post(
      `/training/courses/${course!.id}/sessions`,
      { ...form, 'start-day': '31', 'start-month': '2', endTime: '9am' },
      { from: `/training/courses/${course!.id}/sessions/new` },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The date of the session must be a real date/);
    assert.match(bad.body, /The end time must be after the start time/);
    assert.match(bad.body, /value="31"/);

    const ok = await trainerAgent.post(`/training/courses/${course!.id}/sessions`, form, {
      from: `/training/courses/${course!.id}/sessions/new`,
    });
    assert.equal(ok.statusCode, 303);
    const url = (ok.headers.location as string).split('?')[0]!;
    const before = await practitionerAgent.get(url);
    assert.match(before.body, /14 January 2027 at 9:30am/);
    assert.doesNotMatch(before.body, /room-42/);

    const booked = await practitionerAgent.post(`${url}/book`, {}, { from: url });
    assert.equal(booked.statusCode, 303);
    const after = await practitionerAgent.get(booked.headers.location as string);
    assert.match(after.body, /You are booked on this session/);
    assert.match(after.body, /room-42/);

    const mine = await practitionerAgent.get('/training/mine');
    assert.match(mine.body, /Restorative supervision/);

    // Places cannot drop below the one already booked.
    const cut = await trainerAgent.post(url, { ...form, places: '0' }, { from: `${url}/edit` });
    assert.equal(cut.statusCode, 400);
    assert.match(cut.body, /The number of places must be 1 or more/);
  });

  it('refuses a session that would start in the past, and a move into the past, with the other mistakes', async () => {
    const ctx = asPerson(t, trainer);
    const { courseId, sessionId } = await courseWithSession(ctx, { places: 1 });
    const form = {
      'start-day': '1',
      'start-month': '1',
      'start-year': '2020',
      startTime: '10am',
      endTime: '9am',
      places: '12',
      delivery: 'online',
      joiningLink: 'https://video.example/room-7',
      venue: '',
      trainerIds: trainer.id,
    };
    const past = await trainerAgent.post(`/training/courses/${courseId}/sessions`, form, {
      from: `/training/courses/${courseId}/sessions/new`,
    });
    assert.equal(past.statusCode, 400);
    assert.match(
      past.body,
      /href="#start-day">The session would start on 1 January 2020 at 10:00am, which has passed/,
    );
    assert.match(past.body, /The end time must be after the start time/);
    assert.match(past.body, /name="start-year"[^>]*value="2020"/);

    // Someone booked and someone waiting: a move into the past is refused and no one is told.
    await bookSession(asPerson(t, practitioner), sessionId);
    const waiting = await makePerson(t.database.db, partnershipId);
    await bookSession(asPerson(t, waiting), sessionId);
    const url = `/training/sessions/${sessionId}`;
    const yesterday = { ...form, 'start-day': '20', 'start-month': '11', 'start-year': '2026' };
    const moved = await trainerAgent.post(
      url,
      { ...yesterday, endTime: '1pm', places: '1' },
      { from: `${url}/edit` },
    );
    assert.equal(moved.statusCode, 400);
    assert.match(moved.body, /href="#start-day">The session would start on 20 November 2026/);
    const [row] = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    assert.equal(row!.startsAt.getTime(), t.clock.now().getTime() + 7 * 86_400_000);
    const told = await t.database.db.select().from(outbox).where(eq(outbox.to, practitioner.email));
    assert.ok(!told.some((m) => m.subject.startsWith('Changed:')));
  });

  it('lets a trainer put right a session under way, its start kept as it was', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), { days: -1 / 24 });
    const url = `/training/sessions/${sessionId}`;
    const edit = await trainerAgent.get(`${url}/edit`);
    const value = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(edit.body)?.[1] ?? '';
    const form = {
      'start-day': value('start-day'),
      'start-month': value('start-month'),
      'start-year': value('start-year'),
      startTime: value('startTime'),
      endTime: value('endTime'),
      places: '20',
      delivery: 'online',
      joiningLink: 'https://video.example/another-room',
      venue: '',
      trainerIds: trainer.id,
    };
    const saved = await trainerAgent.post(url, form, { from: `${url}/edit` });
    assert.equal(saved.statusCode, 303, saved.body);
    const [row] = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    assert.equal(row!.joiningLink, 'https://video.example/another-room');
  });

  it('explains a missing prerequisite and links to the course that comes first', async () => {
    const ctx = asPerson(t, trainer);
    const first = await courseWithSession(ctx, { course: { title: 'First steps' } });
    const next = await courseWithSession(ctx, {
      course: { title: 'Next steps', prerequisiteIds: [first.courseId] },
    });
    const url = `/training/sessions/${next.sessionId}`;
    const res = await practitionerAgent.post(`${url}/book`, {}, { from: url });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Before you can book Next steps, you need to complete First steps\./);
    assert.match(res.body, new RegExp(`href="/training/courses/${first.courseId}"`));
  });

  it('a page of the catalogue past its end offers the last page, not "no courses yet"', async () => {
    await courseWithSession(asPerson(t, trainer), { course: { title: 'On the list' } });
    const past = await practitionerAgent.get('/training?page=99');
    assert.match(past.body, /There is nothing on this page/);
    assert.match(past.body, /href="\/training">Go to the last page/);
    assert.doesNotMatch(past.body, /There are no courses on offer yet/);
  });

  it('says so before someone books a course they have already completed', async () => {
    const ctx = asPerson(t, trainer);
    const done = await courseWithSession(ctx, { course: { title: 'Done before' } });
    const url = `/training/sessions/${done.sessionId}`;
    assert.doesNotMatch((await practitionerAgent.get(url)).body, /You completed this course/);
    await t.database.db.insert(trainingEquivalences).values({
      partnershipId,
      personId: practitioner.id,
      courseId: done.courseId,
      earlierCourse: 'Older course',
      provider: 'Elsewhere',
      completedOn: '2026-05-20',
      status: 'approved',
    });
    const page = await practitionerAgent.get(url);
    assert.match(page.body, /You completed this course on 20 May 2026/);
    assert.match(page.body, /Book a place/, 'a refresher is still allowed');
  });

  it('refuses to cut places below those booked, with an explanation, on the page', async () => {
    const ctx = asPerson(t, trainer);
    const { sessionId } = await courseWithSession(ctx, { places: 2 });
    await bookSession(asPerson(t, practitioner), sessionId);
    await bookSession(asPerson(t, trainer), sessionId);
    const url = `/training/sessions/${sessionId}`;
    const edit = await trainerAgent.get(`${url}/edit`);
    assert.equal(edit.statusCode, 200);
    const values = Object.fromEntries(
      [...edit.body.matchAll(/name="([\w-]+)"[^>]*value="([^"]*)"/g)]
        .filter((m) => m[1] !== '_csrf')
        .map((m) => [m[1]!, m[2]!]),
    );
    const res = await trainerAgent.post(url, {
      ...values,
      delivery: 'online',
      trainerIds: trainer.id,
      places: '1',
    });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /2 places are already booked or offered, so the session needs at least 2 places/,
    );
  });

  it('confirms a cancelled session to the trainer with a success banner', async () => {
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Called off' },
    });
    await bookSession(asPerson(t, practitioner), sessionId);
    const url = `/training/sessions/${sessionId}`;
    const res = await trainerAgent.post(`${url}/cancel`, {}, { from: `${url}/cancel` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${url}?done=session-cancelled`);
    const page = await trainerAgent.get(res.headers.location);
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /The session has been cancelled\. Anyone who was booked/);
    // The banner never claims a cancellation that did not happen.
    const { sessionId: kept } = await courseWithSession(asPerson(t, trainer));
    const other = await trainerAgent.get(`/training/sessions/${kept}?done=session-cancelled`);
    assert.doesNotMatch(other.body, /The session has been cancelled/);
  });

  it('treats a search sent twice (?q=a&q=b) as no search, not a server error', async () => {
    for (const list of ['/training', '/training/equivalents', '/training/action-learning']) {
      const res = await trainerAgent.get(`${list}?q=a&q=b`);
      assert.equal(res.statusCode, 200, list);
    }
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    const adminAgent = new Agent(t.app);
    await adminAgent.signIn(admin.email, PASSWORD);
    for (const list of ['/admin/outbox', '/admin/api-tokens']) {
      const res = await adminAgent.get(`${list}?q=a&q=b`);
      assert.equal(res.statusCode, 200, list);
    }
  });

  it('keeps partnerships apart: another partnership’s course and session are not found', async () => {
    const other = (await makePartnership(t.database.db)).partnership.id;
    const theirTrainer = await makePerson(t.database.db, other, { roles: ['trainer'] });
    const theirs = await courseWithSession(asPerson(t, theirTrainer));
    for (const url of [
      `/training/courses/${theirs.courseId}`,
      `/training/courses/${theirs.courseId}/edit`,
      `/training/sessions/${theirs.sessionId}`,
      `/training/sessions/${theirs.sessionId}/edit`,
    ]) {
      assert.equal((await trainerAgent.get(url)).statusCode, 404, url);
    }
    const book = await practitionerAgent.post(
      `/training/sessions/${theirs.sessionId}/book`,
      {},
      { from: '/training' },
    );
    assert.equal(book.statusCode, 404);
    const edit = await trainerAgent.post(`/training/courses/${theirs.courseId}`, validCourse, {
      from: '/training',
    });
    assert.equal(edit.statusCode, 404);
  });
});
