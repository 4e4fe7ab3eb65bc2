import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { alsCourse, alsInput, attended, markAls } from '../../../test/support/als.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { createCohort, getCohort } from './als.js';
import { addMember } from './als-members.js';
import { toLondon } from '../../platform/dates/uk-time.js';

type Person = Awaited<ReturnType<typeof makePerson>>;
const DAY = 86_400_000;

describe('action learning set pages', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Person;
  let facilitator: Person;
  let practitioner: Person;
  let introId: string;
  let devSessionId: string;
  let introSessionId: string;
  let courseId: string;
  // Signed-in agents, signed in again once the clock has moved past the idle timeout.
  const agents = new Map<string, { agent: Agent; at: number }>();
  const as = async (p: Person) => {
    const known = agents.get(p.id);
    if (known && t.clock.now().getTime() - known.at < 10 * 60_000) return known.agent;
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    agents.set(p.id, { agent, at: t.clock.now().getTime() });
    return agent;
  };
  const eligible = async (name?: string) => {
    const p = await makePerson(t.database.db, partnershipId, { name });
    await attended(t, introSessionId, p);
    await attended(t, devSessionId, p);
    return p;
  };
  const soon = () => ({
    ...toLondon(new Date(t.clock.now().getTime() + DAY)),
    hour: 10,
    minute: 0,
  });

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    facilitator = await makePerson(t.database.db, partnershipId, {
      roles: ['facilitator'],
      name: 'Femi Facilitator',
    });
    practitioner = await makePerson(t.database.db, partnershipId, { name: 'Pat Newcomer' });
    const ctx = asPerson(t, trainer);
    const intro = await courseWithSession(ctx, { course: { title: 'Introduction' } });
    const dev = await courseWithSession(ctx, {
      course: { title: 'Development', prerequisiteIds: [intro.courseId] },
    });
    [introId, introSessionId, devSessionId] = [intro.courseId, intro.sessionId, dev.sessionId];
    courseId = await alsCourse(ctx, [intro.courseId, dev.courseId]);
  });
  after(() => t.close());

  it('a trainer starts a set; bad input is refused with messages and what was typed is kept', async () => {
    const agent = await as(trainer);
    const form = {
      name: 'Early help managers',
      courseId,
      facilitatorId: facilitator.id,
      'start-day': '12',
      'start-month': '1',
      'start-year': '2027',
      startTime: '10:00',
      venue: 'Civic offices, room 4',
      places: '8',
      minAttended: '4',
    };
    const bad = await agent.post(
      '/training/action-learning',
      { ...form, name: '', 'start-day': '31', 'start-month': '2', minAttended: '7' },
      { from: '/training/action-learning/new' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: Start a new action learning set/);
    assert.match(bad.body, /Enter a name for the set/);
    assert.match(bad.body, /The date of the meeting must be a real date/);
    assert.match(bad.body, /Enter the number of sessions of 6 or fewer/);
    assert.match(bad.body, /value="Civic offices, room 4"/);

    const ok = await agent.post('/training/action-learning', form);
    assert.equal(ok.statusCode, 303);
    const page = await agent.get(ok.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Early help managers/);
    assert.match(page.body, /created with 6 monthly sessions/);
    for (const when of ['12 January 2027', '9 February 2027', '8 June 2027'])
      assert.ok(page.body.includes(`${when} at 10:00am`), when);
    assert.match(page.body, /Attend at least 4 of the 6 sessions/);

    const list = await agent.get('/training/action-learning?q=early');
    assert.match(list.body, /Early help managers/);
    assert.match(list.body, /0 of 8/);
  });

  it('only trainers and admins manage sets; a facilitator sees their own; others are refused', async () => {
    const mine = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, facilitator.id, { name: 'Femi’s set' }),
    );
    const otherFacilitator = await makePerson(t.database.db, partnershipId, {
      roles: ['facilitator'],
    });
    const theirs = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, otherFacilitator.id, { name: 'Another set' }),
    );
    const f = await as(facilitator);
    const list = await f.get('/training/action-learning');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Femi’s set/);
    assert.doesNotMatch(list.body, /Another set/);
    assert.equal((await f.get(`/training/action-learning/${mine}`)).statusCode, 200);
    assert.equal((await f.get(`/training/action-learning/${theirs}`)).statusCode, 403);
    const [denied] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, theirs), eq(auditEvents.outcome, 'denied')));
    assert.ok(denied);
    assert.equal((await f.get('/training/action-learning/new')).statusCode, 403);
    assert.equal((await f.get(`/training/action-learning/${mine}/edit`)).statusCode, 403);

    const p = await as(practitioner);
    assert.equal((await p.get('/training/action-learning')).statusCode, 403);
    assert.equal((await p.get(`/training/action-learning/${mine}`)).statusCode, 403);
    const before = await snapshot(t.database.query, ['rate_limits', 'audit_events', 'sessions']);
    const post = await p.post(`/training/action-learning/${mine}/members`, {
      personId: practitioner.id,
    });
    assert.equal(post.statusCode, 403);
    assert.deepEqual(
      await snapshot(t.database.query, ['rate_limits', 'audit_events', 'sessions']),
      before,
    );

    // Another partnership's trainer finds nothing.
    const elsewhere = (await makePartnership(t.database.db)).partnership.id;
    const stranger = await makePerson(t.database.db, elsewhere, { roles: ['admin'] });
    const s = await as(stranger);
    assert.equal((await s.get(`/training/action-learning/${mine}`)).statusCode, 404);
    assert.doesNotMatch((await s.get('/training/action-learning')).body, /Femi’s set/);
  });

  it('adding a member checks eligibility and names the missing courses with links', async () => {
    const id = await createCohort(asPerson(t, trainer), alsInput(courseId, facilitator.id));
    const agent = await as(trainer);
    const search = await agent.get(`/training/action-learning/${id}/members/new?q=newcomer`);
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /Pat Newcomer/);
    const refused = await agent.post(`/training/action-learning/${id}/members`, {
      personId: practitioner.id,
      q: 'newcomer',
    });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /There is a problem/);
    assert.match(
      refused.body,
      /Pat Newcomer cannot join Action learning set yet: they need to complete Development and Introduction first/,
    );
    assert.ok(refused.body.includes(`href="/training/courses/${introId}"`));

    const ready = await eligible('Rita Ready');
    const added = await agent.post(`/training/action-learning/${id}/members`, {
      personId: ready.id,
    });
    assert.equal(added.statusCode, 303);
    const page = await agent.get(added.headers.location as string);
    assert.match(page.body, /The member has been added/);
    assert.match(page.body, /Rita Ready/);

    // The member sees the set on "My training".
    const mine = await (await as(ready)).get('/training/mine');
    assert.match(mine.body, /Action learning sets/);
    assert.match(mine.body, /facilitated by Femi Facilitator/);
  });

  it('removing a member asks first, then keeps them as a former member with their history', async () => {
    const id = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, facilitator.id, { first: soon() }),
    );
    const leaver = await eligible('Lee Leaving');
    await addMember(asPerson(t, trainer), id, leaver.id);
    await markAls(t, facilitator, id, { [leaver.id]: ['late'] });
    const memberId = (await getCohort(asPerson(t, trainer), id)).members[0]!.id;
    const agent = await as(trainer);
    const confirm = await agent.get(`/training/action-learning/members/${memberId}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Remove Lee Leaving from the set\?/);
    const done = await agent.post(`/training/action-learning/members/${memberId}/remove`, {});
    assert.equal(done.statusCode, 303);
    const page = await agent.get(done.headers.location as string);
    assert.match(page.body, /Former members/);
    assert.match(page.body, /Arrived late/);
    assert.match(page.body, /Left on/);
  });

  it('the facilitator takes a register; a member who completes downloads a certificate', async () => {
    const id = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, facilitator.id, { first: soon(), minAttended: 1 }),
    );
    const member = await eligible('Mo Member');
    await addMember(asPerson(t, trainer), id, member.id);
    const { sessions, members } = await getCohort(asPerson(t, trainer), id);
    const url = `/training/action-learning/sessions/${sessions[0]!.id}/register`;
    assert.match((await (await as(facilitator)).get(url)).body, /has not started yet/);
    t.clock.advance(sessions[0]!.startsAt.getTime() - t.clock.now().getTime() + 60_000);
    const f = await as(facilitator);
    const page = await f.get(url);
    assert.match(page.body, /Mo Member/);
    const bad = await f.post(url, {});
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Choose whether Mo Member attended/);
    const ok = await f.post(url, { [`a-${members[0]!.id}`]: 'attended' });
    assert.equal(ok.statusCode, 303);
    assert.match((await f.get(ok.headers.location as string)).body, /The register has been saved/);
    assert.equal((await (await as(trainer)).get(url)).statusCode, 403);

    const m = await as(member);
    const mine = await m.get('/training/mine');
    assert.match(mine.body, /You have completed this set/);
    const pdf = await m.get(`/training/action-learning/members/${members[0]!.id}/certificate`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const other = await as(practitioner);
    const refused = await other.get(
      `/training/action-learning/members/${members[0]!.id}/certificate`,
    );
    assert.equal(refused.statusCode, 404);
  });

  it('a trainer moves a session; a refused date keeps what was typed', async () => {
    const id = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, facilitator.id, { first: soon() }),
    );
    const { sessions } = await getCohort(asPerson(t, trainer), id);
    const agent = await as(trainer);
    const url = `/training/action-learning/sessions/${sessions[1]!.id}`;
    assert.equal((await agent.get(`${url}/edit`)).statusCode, 200);
    const late = toLondon(new Date(sessions[2]!.startsAt.getTime() + 2 * DAY));
    const bad = await agent.post(url, {
      'start-day': String(late.day),
      'start-month': String(late.month),
      'start-year': String(late.year),
      startTime: '2pm',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be before session 3/);
    assert.match(bad.body, /value="2pm"/);
    const next = toLondon(new Date(sessions[1]!.startsAt.getTime() + DAY));
    const ok = await agent.post(url, {
      'start-day': String(next.day),
      'start-month': String(next.month),
      'start-year': String(next.year),
      startTime: '2pm',
    });
    assert.equal(ok.statusCode, 303);
    assert.match(
      (await agent.get(ok.headers.location as string)).body,
      /date has been changed. The set has no members yet, so no one has been emailed/,
    );
  });

  it('says the members were emailed of a move only when they were, not for a date that has passed', async () => {
    const id = await createCohort(
      asPerson(t, trainer),
      alsInput(courseId, facilitator.id, { first: soon() }),
    );
    const joiner = await eligible();
    await addMember(asPerson(t, trainer), id, joiner.id);
    const { sessions } = await getCohort(asPerson(t, trainer), id);
    const agent = await as(trainer);
    const url = `/training/action-learning/sessions/${sessions[0]!.id}`;
    const moveTo = (d: Date) => {
      const day = toLondon(d);
      return agent.post(url, {
        'start-day': String(day.day),
        'start-month': String(day.month),
        'start-year': String(day.year),
        startTime: '10am',
      });
    };
    const newDates = async () =>
      (await t.database.db.select().from(outbox).where(eq(outbox.to, joiner.email))).filter((m) =>
        m.subject.startsWith('New date:'),
      ).length;

    const past = await moveTo(new Date(t.clock.now().getTime() - 2 * DAY));
    assert.equal(past.statusCode, 303);
    const page = (await agent.get(past.headers.location as string)).body;
    assert.match(page, /The new date has passed, so we have not emailed the members/);
    assert.doesNotMatch(page, /We have emailed the members/);
    assert.equal(await newDates(), 0);

    const later = await moveTo(new Date(t.clock.now().getTime() + 2 * DAY));
    assert.match(
      (await agent.get(later.headers.location as string)).body,
      /date has been changed. We have emailed the members/,
    );
    assert.equal(await newDates(), 1);
  });

  it('the list of sets is paginated', async () => {
    const other = (await makePartnership(t.database.db)).partnership.id;
    const admin = await makePerson(t.database.db, other, { roles: ['admin', 'facilitator'] });
    const course = await alsCourse(asPerson(t, admin), []);
    for (let i = 1; i <= 27; i++) {
      await createCohort(
        asPerson(t, admin),
        alsInput(course, admin.id, { name: `Set number ${String(i).padStart(2, '0')}` }),
      );
    }
    const agent = await as(admin);
    const first = await agent.get('/training/action-learning');
    assert.match(first.body, /Showing 1 to 25 of 27 sets/);
    const second = await agent.get('/training/action-learning?page=2');
    assert.match(second.body, /Showing 26 to 27 of 27 sets/);
    assert.match(second.body, /Set number 26/);
    assert.match(second.body, /Set number 27/);
  });
});
