import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { assertProblem, errorPaths, tokenAudit } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { trainingApiWorld, type TrainingApiWorld } from '../../../test/support/training-api.js';
import { beforeItStarts } from '../../../test/support/training.js';
import { outbox } from '../../platform/mail/tables.js';
import { bookSession } from './bookings.js';
import { scheduleSession } from './sessions.js';
import { trainingSessions } from './tables.js';

// Sessions through the API: lists in pages with the same visibility as the course page, the
// joining link kept from tokens that do not run training, and scheduling, changing and
// cancelling for trainers' and admins' tokens with the page's rules and emails.

interface SessionJson {
  id: string;
  startsAt: string;
  places: number;
  placesLeft: number;
  status: string;
  joiningLink: string | null;
  courseTitle?: string;
  course?: { id: string; title: string };
}
interface Page<T> {
  items: T[];
  total: number;
}
const DAY = 86_400_000;

describe('the training API: sessions', () => {
  let t: TestApp;
  let w: TrainingApiWorld;
  before(async () => {
    t = await startTestApp();
    w = await trainingApiWorld(t);
  });
  after(() => t.close());

  const at = (days: number) => new Date(t.clock.now().getTime() + days * DAY);
  const schedule = (courseId: string, days: number) =>
    scheduleSession(beforeItStarts(w.as(w.trainer), at(days)), courseId, {
      startsAt: at(days),
      endsAt: new Date(at(days).getTime() + 2 * 3_600_000),
      places: 10,
      delivery: 'online',
      joiningLink: 'https://video.example/secret-room',
      venue: null,
      trainerIds: [w.trainer.id],
    });
  const body = (over: Record<string, unknown> = {}) => ({
    startsAt: at(30).toISOString(),
    endsAt: new Date(at(30).getTime() + 3 * 3_600_000).toISOString(),
    places: 12,
    delivery: 'online',
    joiningLink: 'https://video.example/new-room',
    trainerIds: [w.trainer.id],
    ...over,
  });
  const ids = (res: { json: <T>() => T }) => res.json<Page<SessionJson>>().items.map((s) => s.id);

  it('lists sessions to come and past ones, as the course page shows them', async () => {
    const { courseId, sessionId: soon } = await w.course({ days: 3 });
    const later = await schedule(courseId, 20);
    const past = await schedule(courseId, -10);
    const cancelled = await schedule(courseId, 9);
    const closed = await schedule(courseId, 12);
    await t.database.db
      .update(trainingSessions)
      .set({ status: 'cancelled' })
      .where(eq(trainingSessions.id, cancelled));
    await t.database.db
      .update(trainingSessions)
      .set({ teamId: w.team.id })
      .where(eq(trainingSessions.id, closed));

    const listed = (api: typeof w.api.trainer, query = '') =>
      api('GET', `/training/courses/${courseId}/sessions${query}`);
    assert.deepEqual(ids(await listed(w.api.trainer)), [soon, cancelled, closed, later]);
    // Cancelled sessions are for those who run training; a closed one for its team's tokens.
    assert.deepEqual(ids(await listed(w.api.practitioner)), [soon, closed, later]);
    assert.deepEqual(ids(await listed(w.api.managerNoTeam)), [soon, later]);
    assert.deepEqual(ids(await listed(w.api.practitioner, '?when=past')), [past]);
    const all = await w.api.practitioner('GET', `/training/sessions?courseId=${courseId}`);
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(ids(all), [soon, closed, later]);
    assert.equal(all.json<Page<SessionJson>>().total, 3);
    const first = all.json<Page<SessionJson>>().items[0]!;
    assert.equal(first.placesLeft, 20);
    assert.ok(first.courseTitle);
    assert.equal(first.joiningLink, null);

    assertProblem(await w.api.stranger('GET', `/training/courses/${courseId}/sessions`), 404);
    assertProblem(await w.api.stranger('GET', `/training/sessions?courseId=${courseId}`), 404);
    assertProblem(await w.api.practitioner('GET', '/training/sessions?when=someday'), 400);
  });

  it('shows a session, with the joining link only for trainers’ and admins’ tokens', async () => {
    const { sessionId } = await w.course();
    await bookSession(w.as(w.ann), sessionId);
    const link = async (api: typeof w.api.trainer) => {
      const res = await api('GET', `/training/sessions/${sessionId}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<SessionJson>().joiningLink;
    };
    assert.equal(await link(w.api.practitioner), null);
    assert.equal(await link(w.api.manager), null);
    assert.equal(await link(w.api.trainer), 'https://video.example/secret-room');
    assert.equal(await link(w.api.admin), 'https://video.example/secret-room');
    const one = await w.api.practitioner('GET', `/training/sessions/${sessionId}`);
    assert.equal(one.json<SessionJson>().placesLeft, 19);
    assertProblem(await w.api.stranger('GET', `/training/sessions/${sessionId}`), 404);
  });

  it('schedules a session for trainers’ tokens and refuses bad input, changing nothing', async () => {
    const { courseId } = await w.course();
    const made = await w.api.trainer('POST', `/training/courses/${courseId}/sessions`, body());
    assert.equal(made.statusCode, 201, made.body);
    const session = made.json<SessionJson>();
    assert.equal(session.course!.id, courseId);
    assert.equal(session.startsAt, at(30).toISOString());
    assert.equal(session.joiningLink, 'https://video.example/new-room');
    assert.equal(made.headers.location, `/api/v1/training/sessions/${session.id}`);
    assert.equal(
      (await tokenAudit(t, w.tokens.trainer, 'training-session.scheduled', session.id)).length,
      1,
    );

    const count = async () =>
      (
        await t.database.db
          .select()
          .from(trainingSessions)
          .where(eq(trainingSessions.courseId, courseId))
      ).length;
    const n = await count();
    const path = `/training/courses/${courseId}/sessions`;
    const bad = await w.api.trainer(
      'POST',
      path,
      body({ endsAt: at(29).toISOString(), joiningLink: '', places: 0 }),
    );
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad).sort(), ['endsAt', 'joiningLink', 'places']);
    const notTrainer = await w.api.trainer('POST', path, body({ trainerIds: [w.ann.id] }));
    assertProblem(notTrainer, 400);
    assert.deepEqual(errorPaths(notTrainer), ['trainerIds']);
    assertProblem(await w.api.practitioner('POST', path, body()), 403);
    assertProblem(await w.api.manager('POST', path, body()), 403);
    assertProblem(await w.api.stranger('POST', path, body()), 404);
    assert.equal(await count(), n);
  });

  it('schedules a repeating series with the form’s rule and checks', async () => {
    const { courseId } = await w.course();
    const path = `/training/courses/${courseId}/sessions/series`;
    const series = (over: Record<string, unknown> = {}) => ({
      repeat: 'monthly',
      ordinal: 'second',
      weekday: 'tuesday',
      from: '2027-01',
      count: 3,
      startTime: '10:00',
      endTime: '12:30',
      places: 15,
      delivery: 'online',
      joiningLink: 'https://video.example/series-room',
      trainerIds: [w.trainer.id],
      ...over,
    });
    const made = await w.api.trainer('POST', path, series());
    assert.equal(made.statusCode, 201, made.body);
    const { description, sessions } = made.json<{
      description: string;
      sessions: { id: string; startsAt: string }[];
    }>();
    assert.match(description, /second Tuesday of every month/i);
    assert.deepEqual(
      sessions.map((x) => x.startsAt),
      ['2027-01-12T10:00:00.000Z', '2027-02-09T10:00:00.000Z', '2027-03-09T10:00:00.000Z'],
    );
    const past = await w.api.trainer('POST', path, series({ from: '2025-01' }));
    assertProblem(past, 400);
    assert.match(past.json<{ detail: string }>().detail, /which has passed/);
    const bad = await w.api.trainer('POST', path, series({ from: 'March', weekday: 'someday' }));
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad).sort(), ['from', 'weekday']);
    assertProblem(await w.api.practitioner('POST', path, series()), 403);
    assertProblem(await w.api.stranger('POST', path, series()), 404);
  });

  it('changes a session, never to fewer places than are taken, and tells the delegates', async () => {
    const { sessionId } = await w.course({ places: 5 });
    await bookSession(w.as(w.ann), sessionId);
    await bookSession(w.as(w.ben), sessionId);
    const path = `/training/sessions/${sessionId}`;

    const tooFew = await w.api.trainer('PUT', path, body({ places: 1 }));
    assertProblem(tooFew, 400);
    assert.match(
      tooFew.json<{ detail: string }>().detail,
      /2 places are already booked or offered, so the session needs at least 2 places/,
    );
    assert.deepEqual(errorPaths(tooFew), ['places']);
    assertProblem(await w.api.manager('PUT', path, body()), 403);
    assertProblem(await w.api.stranger('PUT', path, body()), 404);

    const moved = await w.api.admin('PUT', path, body({ places: 2 }));
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json<SessionJson>().placesLeft, 0);
    assert.equal(moved.json<SessionJson>().startsAt, at(30).toISOString());
    assert.equal(
      (await tokenAudit(t, w.tokens.admin, 'training-session.updated', sessionId)).length,
      1,
    );
    const told = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, w.ann.email), eq(outbox.partnershipId, w.partnership.id)));
    assert.ok(
      told.some((m) => /changed/i.test(m.subject)),
      told.map((m) => m.subject).join(),
    );
  });

  it('refuses a start that has passed (named startsAt), but lets a session under way keep its own', async () => {
    const { courseId, sessionId } = await w.course({ places: 1 });
    await bookSession(w.as(w.ann), sessionId);
    await bookSession(w.as(w.ben), sessionId); // waitlisted
    const yesterday = { startsAt: at(-1).toISOString(), endsAt: at(-0.9).toISOString() };
    const past = await w.api.trainer('POST', `/training/courses/${courseId}/sessions`, {
      ...body(yesterday),
    });
    assertProblem(past, 400);
    assert.deepEqual(errorPaths(past), ['startsAt']);
    assert.match(past.json<{ detail: string }>().detail, /which has passed/);

    const mailToAnn = async () =>
      (await t.database.db.select().from(outbox).where(eq(outbox.to, w.ann.email))).length;
    const mailBefore = await mailToAnn();
    const path = `/training/sessions/${sessionId}`;
    const moved = await w.api.trainer('PUT', path, body({ ...yesterday, places: 1 }));
    assertProblem(moved, 400);
    assert.deepEqual(errorPaths(moved), ['startsAt']);
    const [row] = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    assert.equal(row!.startsAt.getTime(), at(7).getTime());
    assert.equal(await mailToAnn(), mailBefore, 'no one is told of a move that did not happen');

    const started = await w.course({ days: -1 / 24 });
    const [s] = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.id, started.sessionId));
    const kept = body({ startsAt: s!.startsAt.toISOString(), endsAt: s!.endsAt.toISOString() });
    const putRight = await w.api.trainer('PUT', `/training/sessions/${started.sessionId}`, kept);
    assert.equal(putRight.statusCode, 200, putRight.body);
    assert.equal(putRight.json<SessionJson>().joiningLink, 'https://video.example/new-room');
  });

  it('cancels a session and emails everyone booked on it', async () => {
    const { sessionId } = await w.course({ places: 1 });
    await bookSession(w.as(w.ann), sessionId);
    await bookSession(w.as(w.ben), sessionId); // waitlisted
    const path = `/training/sessions/${sessionId}/cancel`;
    assertProblem(await w.api.practitioner('POST', path), 403);
    assertProblem(await w.api.stranger('POST', path), 404);

    const res = await w.api.trainer('POST', path);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<SessionJson>().status, 'cancelled');
    for (const person of [w.ann, w.ben]) {
      const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, person.email));
      assert.ok(
        mail.some((m) => m.subject.startsWith('Cancelled:')),
        `${person.name} is told`,
      );
    }
    assert.equal(
      (await tokenAudit(t, w.tokens.trainer, 'training-session.cancelled', sessionId)).length,
      1,
    );
  });
});
