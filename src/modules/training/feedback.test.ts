import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { people } from '../../platform/tenancy/tables.js';
import { trainingBookings, trainingSessionTrainers } from './tables.js';
import { trainingFeedback } from './tables-completion.js';

describe('feedback after a session', () => {
  let t: TestApp;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let delegate: Awaited<ReturnType<typeof makePerson>>;
  let absent: Awaited<ReturnType<typeof makePerson>>;
  let url: string;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };

  before(async () => {
    t = await startTestApp();
    const p = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, p, { roles: ['trainer'], name: 'Tess Trainer' });
    delegate = await makePerson(t.database.db, p);
    absent = await makePerson(t.database.db, p);
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Restorative basics' },
    });
    url = `/training/sessions/${sessionId}/feedback`;
    for (const [person, attendance] of [
      [delegate, 'attended'],
      [absent, 'absent'],
    ] as const) {
      await bookSession(asPerson(t, person), sessionId);
      await t.database.db
        .update(trainingBookings)
        .set({ attendance })
        .where(
          and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, person.id)),
        );
    }
  });
  after(() => t.close());

  it('is given once by someone who attended; bad input keeps what was typed', async () => {
    const agent = await signedIn(delegate);
    assert.equal((await agent.get(url)).statusCode, 200);
    const bad = await agent.post(url, { usefulness: '9', whatWorked: 'The circle practice' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Choose how useful the session was/);
    assert.match(bad.body, /The circle practice/);
    assert.equal(
      (await agent.post(url, { usefulness: '4', whatWorked: 'Practice', couldBeBetter: '' }))
        .statusCode,
      303,
    );
    assert.equal(
      (
        await agent.post(
          url,
          { usefulness: '1', whatWorked: '', couldBeBetter: '' },
          { from: '/training' },
        )
      ).statusCode,
      303,
    );
    const rows = await t.database.db.select().from(trainingFeedback);
    assert.deepEqual(
      rows.map((r) => r.usefulness),
      [4],
    );
    assert.match((await agent.get(url)).body, /Thank you/);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'training-feedback.given'));
    assert.equal(audits.length, 1);
  });

  it('is not for people who were absent or not there (404)', async () => {
    assert.equal((await (await signedIn(absent)).get(url)).statusCode, 404);
    assert.equal((await (await signedIn(trainer)).get(url)).statusCode, 404);
  });

  it('shows results per course and per trainer to trainers only, never an average of a few', async () => {
    const page = await (await signedIn(trainer)).get('/training/feedback');
    assert.equal(page.statusCode, 200);
    // One answer: its average would be that delegate's own rating.
    assert.match(
      page.body,
      /Restorative basics<span[^>]*>: what people said<\/span><\/a><\/th><td[^>]*>1<\/td><td[^>]*>Not shown: fewer than 5 responses/,
    );
    assert.doesNotMatch(page.body, /4\.0/);
    assert.equal((await (await signedIn(delegate)).get('/training/feedback')).statusCode, 403);

    // Four more people attend another session of Tess's and answer: five in all.
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Circles' },
    });
    const other = await makePerson(t.database.db, trainer.partnershipId, {
      roles: ['trainer'],
      name: 'Omar Other',
    });
    await t.database.db
      .insert(trainingSessionTrainers)
      .values({ partnershipId: trainer.partnershipId, sessionId, personId: other.id });
    for (const usefulness of ['5', '5', '3', '3', '4']) {
      const person = await makePerson(t.database.db, trainer.partnershipId);
      await bookSession(asPerson(t, person), sessionId);
      await t.database.db
        .update(trainingBookings)
        .set({ attendance: 'attended' })
        .where(
          and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, person.id)),
        );
      await (
        await signedIn(person)
      ).post(`/training/sessions/${sessionId}/feedback`, {
        usefulness,
        whatWorked: usefulness === '5' ? `The role play (${usefulness})` : '',
        couldBeBetter: usefulness === '3' ? 'More time for questions' : '',
      });
    }
    const tess = (await (await signedIn(trainer)).get('/training/feedback')).body;
    assert.match(
      tess,
      /Circles<span[^>]*>: what people said<\/span><\/a><\/th><td[^>]*>5<\/td><td[^>]*>4\.0/,
    );
    assert.match(tess, /Tess Trainer<\/th><td[^>]*>6<\/td><td[^>]*>4\.0/);
    assert.doesNotMatch(tess, /Omar Other/, 'a trainer sees only their own row');
    const admin = await makePerson(t.database.db, trainer.partnershipId, { roles: ['admin'] });
    const all = (await (await signedIn(admin)).get('/training/feedback')).body;
    assert.match(all, /Omar Other<\/th><td[^>]*>5<\/td><td[^>]*>4\.0/);
  });

  it('lets trainers read what was said of their sessions, without names, once there are five', async () => {
    const tess = await signedIn(trainer);
    const results = (await tess.get('/training/feedback')).body;
    const link = (title: string) =>
      new RegExp(`href="(/training/feedback/courses/[0-9a-f-]{36})">${title}<`).exec(results)![1]!;
    // Restorative basics: one response, its comment not shown.
    const basics = await tess.get(link('Restorative basics'));
    assert.equal(basics.statusCode, 200);
    assert.match(basics.body, /1 person has given feedback on your sessions/);
    assert.match(basics.body, /Comments are shown once there are 5 responses or more/);
    assert.doesNotMatch(basics.body, /govuk-table__cell">Practice</);
    // Circles: five responses, four of them with words, in no order of time and without names.
    const circles = await tess.get(link('Circles'));
    assert.match(circles.body, /5 people have given feedback on your sessions/);
    assert.match(circles.body, /Showing 1 to 4 of 4 comments/);
    assert.equal(circles.body.match(/The role play \(5\)/g)?.length, 2);
    assert.equal(circles.body.match(/More time for questions/g)?.length, 2);
    assert.doesNotMatch(circles.body, /Omar Other/, "no trainer's name either");
    // A page past the end shows the last.
    assert.match((await tess.get(`${link('Circles')}?page=9`)).body, /Showing 1 to 4 of 4/);
    // Its co-trainer reads the same; an admin reads every session's.
    const [omar] = await t.database.db
      .select({ email: people.email })
      .from(people)
      .where(eq(people.name, 'Omar Other'));
    const coTrainer = await (await signedIn(omar!)).get(link('Circles'));
    assert.match(coTrainer.body, /Showing 1 to 4 of 4 comments/);
    const admin = await makePerson(t.database.db, trainer.partnershipId, { roles: ['admin'] });
    const all = await (await signedIn(admin)).get(link('Circles'));
    assert.match(all.body, /5 people have given feedback\. /);
    assert.match(all.body, /Showing 1 to 4 of 4 comments/);
    // A trainer of the partnership who ran none of it reads none of it; a delegate, nothing.
    const newcomer = await makePerson(t.database.db, trainer.partnershipId, { roles: ['trainer'] });
    const theirs = await (await signedIn(newcomer)).get(link('Circles'));
    assert.match(theirs.body, /No one has given feedback on a session you ran of this course yet/);
    assert.doesNotMatch(theirs.body, /role play/);
    assert.equal((await (await signedIn(delegate)).get(link('Circles'))).statusCode, 403);
    // Another partnership's admin: not found.
    const elsewhere = await makePerson(
      t.database.db,
      (await makePartnership(t.database.db)).partnership.id,
      { roles: ['admin'] },
    );
    const away = await signedIn(elsewhere);
    assert.equal((await away.get(link('Circles'))).statusCode, 404);
    assert.equal((await away.get('/training/feedback/courses/not-a-course')).statusCode, 404);
  });
});
