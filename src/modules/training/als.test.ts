import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { alsCourse, alsInput, attended, markAls } from '../../../test/support/als.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { seedDemo, demoEmail } from '../../demo/seed.js';
import { people } from '../../platform/tenancy/tables.js';
import { createCohort, getCohort, listCohorts } from './als.js';
import { alsCertificate, myActionLearning } from './als-mine.js';
import { addMember, MemberRefused, removeMember } from './als-members.js';
import { changeSessionDate, openAlsRegister, saveAlsRegister } from './als-sessions.js';
import { completedCourseIds } from './completion.js';
import { coverage } from './coverage.js';
import { FormProblem } from './problems.js';
import { RegisterProblem } from './attendance.js';
import { toLondon } from '../../platform/dates/uk-time.js';

const DAY = 86_400_000;
type Person = Awaited<ReturnType<typeof makePerson>>;

describe('action learning sets', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Person;
  let facilitator: Person;
  let intro: Awaited<ReturnType<typeof courseWithSession>>;
  let dev: Awaited<ReturnType<typeof courseWithSession>>;
  let alsCourseId: string;
  const as = (p: Person) => asPerson(t, p);
  const person = () => makePerson(t.database.db, partnershipId);

  /** A person who has completed the Introduction and, unless told otherwise, Development. */
  async function eligible(opts: { dev?: boolean } = {}) {
    const p = await person();
    await attended(t, intro.sessionId, p);
    if (opts.dev !== false) await attended(t, dev.sessionId, p);
    return p;
  }

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    facilitator = await makePerson(t.database.db, partnershipId, { roles: ['facilitator'] });
    intro = await courseWithSession(as(trainer), { course: { title: 'Introduction' } });
    dev = await courseWithSession(as(trainer), {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
    alsCourseId = await alsCourse(as(trainer), [intro.courseId, dev.courseId]);
  });
  after(() => t.close());

  it('creates six monthly 90-minute sessions at the same UK time, across the clock change', async () => {
    const id = await createCohort(
      as(trainer),
      alsInput(alsCourseId, facilitator.id, {
        first: { year: 2027, month: 1, day: 12, hour: 10, minute: 0 },
      }),
    );
    const { sessions, cohort } = await getCohort(as(trainer), id);
    assert.equal(cohort.places, 8);
    assert.equal(cohort.minAttended, 4);
    assert.deepEqual(
      sessions.map((s) => [s.number, toLondon(s.startsAt).day, toLondon(s.startsAt).hour]),
      [
        [1, 12, 10],
        [2, 9, 10],
        [3, 9, 10],
        [4, 13, 10],
        [5, 11, 10],
        [6, 8, 10],
      ],
    );
    for (const s of sessions) assert.equal(s.endsAt.getTime() - s.startsAt.getTime(), 90 * 60_000);
    const [created] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'training-als.created'), eq(auditEvents.recordId, id)));
    assert.ok(created);
  });

  it('refuses a member who has not completed the prerequisites, naming what is missing', async () => {
    const id = await createCohort(as(trainer), alsInput(alsCourseId, facilitator.id));
    const nobody = await person();
    await assert.rejects(addMember(as(trainer), id, nobody.id), (e: unknown) => {
      assert.ok(e instanceof MemberRefused);
      assert.match(e.reason, /need to complete Development and Introduction first/);
      assert.deepEqual(
        e.missing.map((m) => m.title),
        ['Development', 'Introduction'],
      );
      return true;
    });
    const halfway = await eligible({ dev: false });
    await assert.rejects(addMember(as(trainer), id, halfway.id), (e: unknown) => {
      assert.ok(e instanceof MemberRefused);
      assert.deepEqual(e.missing, [{ id: dev.courseId, title: 'Development' }]);
      return true;
    });
    const ready = await eligible();
    await addMember(as(trainer), id, ready.id);
    const { members } = await getCohort(as(trainer), id);
    assert.deepEqual(
      members.map((m) => m.personId),
      [ready.id],
    );
    const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, ready.email));
    assert.match(mail[0]!.subject, /You have joined an action learning set/);
    await assert.rejects(addMember(as(trainer), id, ready.id), /already a member/);
    await assert.rejects(addMember(as(trainer), id, facilitator.id), /facilitates this set/);
  });

  it('never takes more members than the set’s places', async () => {
    const id = await createCohort(
      as(trainer),
      alsInput(alsCourseId, facilitator.id, { places: 2 }),
    );
    await addMember(as(trainer), id, (await eligible()).id);
    await addMember(as(trainer), id, (await eligible()).id);
    await assert.rejects(addMember(as(trainer), id, (await eligible()).id), /This set is full/);
  });

  /** A set that started a day ago, with `members`, and the clock at the end of session n. */
  async function running(minAttended = 4) {
    const start = toLondon(new Date(t.clock.now().getTime() + DAY));
    const id = await createCohort(
      as(trainer),
      alsInput(alsCourseId, facilitator.id, {
        minAttended,
        first: { ...start, hour: 10, minute: 0 },
      }),
    );
    return id;
  }

  it('completes at 4 of 6 attended (3 is not enough), and completing counts as the course', async () => {
    const id = await running();
    const [three, four] = [await eligible(), await eligible()];
    for (const p of [three, four]) await addMember(as(trainer), id, p.id);
    const marks = {
      [three.id]: ['attended', 'late', 'attended', 'left_early', 'absent', 'absent'],
      [four.id]: ['attended', 'late', 'absent', 'attended', 'late', 'absent'],
    } as const;
    await markAls(t, facilitator, id, marks);
    const { members } = await getCohort(as(trainer), id);
    const row = (p: Person) => members.find((m) => m.personId === p.id)!;
    assert.deepEqual([row(three).attended, row(three).completed], [3, false]);
    assert.deepEqual([row(four).attended, row(four).completed], [4, true]);
    const done = (p: Person) =>
      completedCourseIds(t.database.db, partnershipId, p.id, [alsCourseId]);
    assert.equal((await done(three)).has(alsCourseId), false);
    assert.equal((await done(four)).has(alsCourseId), true);

    const certificate = await alsCertificate(as(four), row(four).id);
    assert.equal(certificate.course, 'Action learning set');
    assert.deepEqual(certificate.trainers, [facilitator.name]);
    await assert.rejects(alsCertificate(as(three), row(three).id), /Page not found/);
    await assert.rejects(alsCertificate(as(three), row(four).id), /Page not found/);

    const byLayer = await coverage(as(trainer), 'all');
    const share = byLayer.find((r) => r.courseId === alsCourseId)!;
    assert.ok(share.completed >= 1);
    const mine = await t.database.db.transaction((tx) => myActionLearning(tx, as(four)));
    assert.deepEqual(
      [mine[0]!.attended, mine[0]!.completed, mine[0]!.memberId],
      [4, true, row(four).id],
    );
  });

  it('a set may ask for fewer sessions: 3 of 6 completes a set whose rule is 3', async () => {
    const id = await running(3);
    const member = await eligible();
    await addMember(as(trainer), id, member.id);
    await markAls(t, facilitator, id, {
      [member.id]: ['attended', 'attended', 'late', 'absent', 'absent', 'absent'],
    });
    const { members } = await getCohort(as(trainer), id);
    assert.deepEqual([members[0]!.attended, members[0]!.completed], [3, true]);
  });

  it('removing a member keeps their attendance; later registers leave them out', async () => {
    const id = await running();
    const [stays, leaves] = [await eligible(), await eligible()];
    for (const p of [stays, leaves]) await addMember(as(trainer), id, p.id);
    await markAls(t, facilitator, id, { [stays.id]: ['attended'], [leaves.id]: ['late'] });
    const before = await getCohort(as(trainer), id);
    const leaving = before.members.find((m) => m.personId === leaves.id)!;
    await removeMember(as(trainer), leaving.id);
    const after = await getCohort(as(trainer), id);
    assert.deepEqual(
      after.members.map((m) => m.personId),
      [stays.id],
    );
    assert.equal(after.former[0]!.personId, leaves.id);
    assert.deepEqual(after.former[0]!.marks.slice(0, 1), ['late']);
    // Session 1's register still shows the mark; session 2's is only for current members.
    const [first, second] = after.sessions;
    const one = await openAlsRegister(as(facilitator), first!.id);
    assert.ok(one.rows.some((r) => r.personId === leaves.id));
    t.clock.advance(32 * DAY);
    const two = await openAlsRegister(as(facilitator), second!.id);
    assert.deepEqual(
      two.rows.map((r) => r.personId),
      [stays.id],
    );
    // Adding them back brings their history with them.
    await addMember(as(trainer), id, leaves.id);
    const back = await getCohort(as(trainer), id);
    assert.equal(back.members.find((m) => m.personId === leaves.id)!.attended, 1);
    assert.equal(back.former.length, 0);
  });

  it('the register: not before the session starts; every member needs a mark; facilitator or admin only', async () => {
    const id = await running();
    const member = await eligible();
    await addMember(as(trainer), id, member.id);
    const { sessions, members } = await getCohort(as(trainer), id);
    const field = `a-${members[0]!.id}`;
    await assert.rejects(
      saveAlsRegister(as(facilitator), sessions[0]!.id, { [field]: 'attended' }),
      /not started yet/,
    );
    t.clock.advance(60 * DAY);
    await assert.rejects(saveAlsRegister(as(facilitator), sessions[0]!.id, {}), RegisterProblem);
    await assert.rejects(
      saveAlsRegister(as(trainer), sessions[0]!.id, { [field]: 'attended' }),
      /Only the facilitator/,
    );
    const other = await makePerson(t.database.db, partnershipId, { roles: ['facilitator'] });
    await assert.rejects(
      getCohort(as(other), id),
      /Only the facilitator of this set, trainers and admins/,
    );
    await saveAlsRegister(as(facilitator), sessions[0]!.id, { [field]: 'left_early' });
    assert.deepEqual((await getCohort(as(trainer), id)).members[0]!.marks[0], 'left_early');
  });

  it('moves a session’s date, keeping the order, but not once its register is taken', async () => {
    const id = await running();
    const { sessions } = await getCohort(as(trainer), id);
    const [one, two, three] = sessions;
    const member = await eligible();
    await addMember(as(trainer), id, member.id);
    const third = toLondon(three!.startsAt);
    const tooLate = {
      when: { ...toLondon(new Date(three!.startsAt.getTime() + DAY)), hour: 10, minute: 0 },
    };
    await assert.rejects(changeSessionDate(as(trainer), two!.id, tooLate), (e: unknown) => {
      assert.ok(e instanceof FormProblem);
      assert.match(e.form.errors.start!, /must be before session 3/);
      return true;
    });
    const earlier = { when: { ...third, hour: 8, minute: 0 } };
    await changeSessionDate(as(trainer), three!.id, earlier);
    const moved = (await getCohort(as(trainer), id)).sessions[2]!;
    assert.equal(toLondon(moved.startsAt).hour, 8);
    assert.equal(moved.endsAt.getTime() - moved.startsAt.getTime(), 90 * 60_000);
    const told = await t.database.db.select().from(outbox).where(eq(outbox.to, member.email));
    assert.ok(told.some((m) => /New date/.test(m.subject)));
    await markAls(t, facilitator, id, { [member.id]: ['attended'] });
    await assert.rejects(
      changeSessionDate(as(trainer), one!.id, {
        when: { ...toLondon(one!.startsAt), hour: 9, minute: 0 },
      }),
      /register for this session has been taken/,
    );
  });

  it('the demo partnership has a set part-way through', async () => {
    const demo = await seedDemo(t.database.db);
    const [admin] = await t.database.db
      .select()
      .from(people)
      .where(
        and(eq(people.partnershipId, demo.partnershipId), eq(people.email, demoEmail('admin'))),
      );
    const ctx = { ...as(admin!), now: new Date() };
    const list = await listCohorts(ctx, { q: '', page: 1 });
    assert.equal(list.items.length, 1);
    const set = await getCohort(ctx, list.items[0]!.id);
    const taken = set.sessions.filter((s) => s.registerTaken).length;
    assert.equal(set.sessions.length, 6);
    assert.ok(taken > 0 && taken < 6, `${taken} registers taken`);
    assert.equal(set.members.length, 3);
    assert.equal(set.status, 'running');
  });
});
