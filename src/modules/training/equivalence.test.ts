import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../platform/mail/tables.js';
import { people } from '../../platform/tenancy/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession } from './bookings.js';
import { completedCourseIds, hasCompletedCourse } from './completion.js';
import {
  declareEquivalent,
  decideEquivalence,
  equivalencesOf,
  pendingEquivalences,
  type EquivalenceInput,
} from './equivalence.js';
import { myTraining } from './mine.js';
import { BookingRefused, FormProblem } from './problems.js';
import { trainingBookings } from './tables.js';

// Declared equivalent courses: an approved one counts as completing the course it stands in
// for, wherever "completed" is asked; a declined one does not.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('declared equivalent courses', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Person;
  let admin: Person;
  let intro: { courseId: string; sessionId: string };
  let dev: { courseId: string; sessionId: string };
  const as = (p: Person) => asPerson(t, p);
  const earlier = (over: Partial<EquivalenceInput> = {}): EquivalenceInput => ({
    courseId: intro.courseId,
    earlierCourse: 'Restorative practice: 4-day course',
    provider: 'City council training team',
    completedOn: '2019-03-27',
    notes: null,
    ...over,
  });
  const refusal = async (p: Person, sessionId: string) => {
    try {
      await bookSession(as(p), sessionId);
      return null;
    } catch (e) {
      if (e instanceof BookingRefused) return e;
      throw e;
    }
  };
  const mailsTo = (email: string) =>
    t.database.db.select().from(outbox).where(eq(outbox.to, email));

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    intro = await courseWithSession(as(trainer), { course: { title: 'Introduction' } });
    dev = await courseWithSession(as(trainer), {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
  });
  after(() => t.close());

  it('counts an approved declaration as completing the course: prerequisites and what to book next', async () => {
    const p = await makePerson(t.database.db, partnershipId, { name: 'Pat Earlier' });
    assert.ok(await refusal(p, dev.sessionId), 'refused before declaring');
    const id = await declareEquivalent(as(p), earlier());
    assert.ok(await refusal(p, dev.sessionId), 'a pending declaration does not count');
    assert.equal(
      await hasCompletedCourse(t.database.db, partnershipId, p.id, intro.courseId),
      false,
    );

    const queue = await pendingEquivalences(as(admin), { q: '', page: 1 });
    assert.ok(queue.items.some((d) => d.id === id && d.personName === 'Pat Earlier'));
    await decideEquivalence(as(admin), id, { approve: true });

    assert.equal(
      await hasCompletedCourse(t.database.db, partnershipId, p.id, intro.courseId),
      true,
    );
    const mine = await myTraining(as(p));
    const titles = mine.canBook.map((c) => c.title);
    assert.ok(titles.includes('Development'), 'Development can be booked next');
    assert.ok(!titles.includes('Introduction'), 'Introduction counts as done');
    assert.deepEqual(
      mine.equivalences.map((e) => e.status),
      ['approved'],
    );
    assert.equal(await bookSession(as(p), dev.sessionId), 'booked');
    const [mail] = (await mailsTo(p.email)).filter((m) => m.subject.startsWith('Accepted'));
    assert.match(mail!.text, /We have accepted Restorative practice: 4-day course/);
    assert.match(mail!.text, /27 March 2019/);
    assert.ok(
      !(await pendingEquivalences(as(admin), { q: '', page: 1 })).items.some((d) => d.id === id),
    );
  });

  it('does not count a declined declaration, tells the person why, and lets them declare again', async () => {
    const p = await makePerson(t.database.db, partnershipId);
    const id = await declareEquivalent(as(p), earlier());
    await decideEquivalence(as(trainer), id, {
      approve: false,
      reason: 'That course did not cover restorative questions.',
    });
    const refused = await refusal(p, dev.sessionId);
    assert.ok(refused, 'still refused');
    assert.deepEqual(refused.missing, [{ id: intro.courseId, title: 'Introduction' }]);
    assert.equal(
      await hasCompletedCourse(t.database.db, partnershipId, p.id, intro.courseId),
      false,
    );
    assert.ok(!(await myTraining(as(p))).canBook.some((c) => c.title === 'Development'));
    const [mail] = await mailsTo(p.email);
    assert.match(mail!.subject, /^Not accepted/);
    assert.match(mail!.text, /The reason: That course did not cover restorative questions\./);
    const [row] = await equivalencesOf(t.database.db, partnershipId, p.id);
    assert.equal(row!.declinedReason, 'That course did not cover restorative questions.');
    assert.ok(await declareEquivalent(as(p), earlier({ earlierCourse: 'Another course' })));
  });

  it('asks the partnership’s trainers to check a declaration, or its admins if it has none', async () => {
    const db = t.database.db;
    const subject = 'An earlier course to check: Introduction';
    const askedOf = async (id: string) =>
      (await db.select().from(outbox)).filter(
        (m) => m.subject === subject && m.text.includes(`/training/equivalents/${id}`),
      );
    const second = await makePerson(db, partnershipId, { roles: ['trainer'] });
    const gone = await makePerson(db, partnershipId, { roles: ['trainer'] });
    await db.update(people).set({ deactivatedAt: t.clock.now() }).where(eq(people.id, gone.id));
    const p = await makePerson(db, partnershipId, { name: 'Dee Clarer' });
    const id = await declareEquivalent(as(p), earlier());
    const asked = await askedOf(id);
    assert.deepEqual(asked.map((m) => m.to).sort(), [trainer.email, second.email].sort());
    assert.match(
      asked[0]!.text,
      /Dee Clarer did Restorative practice: 4-day course \(City council training team, finished 27 March 2019\) and asks for it to count in place of Introduction\./,
    );
    // A trainer's own declaration goes to the other trainers only.
    const own = await declareEquivalent(as(second), earlier());
    assert.deepEqual(
      (await askedOf(own)).map((m) => m.to),
      [trainer.email],
    );

    // A partnership without trainers: its admins are asked.
    const { partnership } = await makePartnership(db);
    const boss = await makePerson(db, partnership.id, { roles: ['admin'] });
    const lead = await makePerson(db, partnership.id, { roles: ['leader'] });
    const maker = asPerson(t, await makePerson(db, partnership.id, { roles: ['trainer'] }));
    const { courseId: root } = await courseWithSession(maker, {
      course: { title: 'Introduction' },
    });
    await courseWithSession(maker, { course: { prerequisiteIds: [root] } });
    await db
      .update(people)
      .set({ roles: ['practitioner'] })
      .where(eq(people.id, maker.actor.id!));
    const q = await makePerson(db, partnership.id);
    const there = await declareEquivalent(asPerson(t, q), earlier({ courseId: root }));
    assert.deepEqual(
      (await askedOf(there)).map((m) => m.to),
      [boss.email],
    );
    assert.ok(!(await askedOf(there)).some((m) => m.to === lead.email));
  });

  it('refuses what cannot be declared, with a message for the field', async () => {
    const p = await makePerson(t.database.db, partnershipId);
    const problem = async (input: EquivalenceInput, field: string, message: RegExp) =>
      assert.rejects(declareEquivalent(as(p), input), (e: unknown) => {
        assert.ok(e instanceof FormProblem);
        assert.match(e.form.errors[field]!, message);
        return true;
      });
    // Development is nobody's prerequisite, so nothing can stand in for it.
    await problem(
      earlier({ courseId: dev.courseId }),
      'courseId',
      /Choose which of our courses it replaces/,
    );
    await problem(earlier({ completedOn: '2026-11-22' }), 'completed', /today or in the past/);
    await declareEquivalent(as(p), earlier());
    await problem(earlier(), 'courseId', /already declared an equivalent/);

    const attended = await makePerson(t.database.db, partnershipId);
    await bookSession(as(attended), intro.sessionId);
    await t.database.db
      .update(trainingBookings)
      .set({ attendance: 'late' })
      .where(
        and(
          eq(trainingBookings.sessionId, intro.sessionId),
          eq(trainingBookings.personId, attended.id),
        ),
      );
    await assert.rejects(
      declareEquivalent(as(attended), earlier()),
      /already completed Introduction/,
    );
  });

  it('is decided once, never by the person who declared it, and only within the partnership', async () => {
    const declaringTrainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const own = await declareEquivalent(as(declaringTrainer), earlier());
    await assert.rejects(
      decideEquivalence(as(declaringTrainer), own, { approve: true }),
      /Someone else needs to check your own declaration/,
    );
    const results = await Promise.allSettled([
      decideEquivalence(as(admin), own, { approve: true }),
      decideEquivalence(as(trainer), own, { approve: false, reason: 'No' }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = results.find((r) => r.status === 'rejected');
    assert.match(String(lost?.reason), /already been decided/);

    const other = (await makePartnership(t.database.db)).partnership.id;
    const outsider = await makePerson(t.database.db, other, { roles: ['admin'] });
    const p = await makePerson(t.database.db, partnershipId);
    const id = await declareEquivalent(as(p), earlier());
    await assert.rejects(decideEquivalence(as(outsider), id, { approve: true }), {
      statusCode: 404,
    });
    assert.equal((await pendingEquivalences(as(outsider), { q: '', page: 1 })).total, 0);
  });

  it('has one rule for completion: attended or late, or an approved equivalent; not leaving early', async () => {
    const course = await courseWithSession(as(trainer), { course: { title: 'Circles' } });
    const [a, b, c] = [
      await makePerson(t.database.db, partnershipId),
      await makePerson(t.database.db, partnershipId),
      await makePerson(t.database.db, partnershipId),
    ];
    for (const [p, attendance] of [
      [a, 'attended'],
      [b, 'late'],
      [c, 'left_early'],
    ] as const) {
      await bookSession(as(p), course.sessionId);
      await t.database.db
        .update(trainingBookings)
        .set({ attendance })
        .where(
          and(
            eq(trainingBookings.sessionId, course.sessionId),
            eq(trainingBookings.personId, p.id),
          ),
        );
    }
    const done = (p: Person) =>
      hasCompletedCourse(t.database.db, partnershipId, p.id, course.courseId);
    assert.deepEqual([await done(a), await done(b), await done(c)], [true, true, false]);
    assert.deepEqual(await completedCourseIds(t.database.db, partnershipId, a.id, []), new Set());
    assert.deepEqual(
      await completedCourseIds(t.database.db, partnershipId, a.id),
      new Set([course.courseId]),
    );
  });
});
