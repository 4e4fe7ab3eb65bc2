import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { trainingSessions, trainingSessionTrainers } from './tables.js';

// Those who run training reach a course's ended sessions from its page, to take or correct
// the register; the sessions still to come stay under "Dates".

const DAY = 86_400_000;
const sessionLinks = (html: string) =>
  [...html.matchAll(/href="\/training\/sessions\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
const pastPart = (html: string) =>
  /id="past-sessions"[\s\S]*?(?=Manage this course)/.exec(html)?.[0] ?? '';

describe('past sessions on a course page', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const agents = new Map<string, Agent>();
  const signedIn = async (person: { email: string }) => {
    let agent = agents.get(person.email);
    if (!agent) {
      agent = new Agent(t.app);
      await agent.signIn(person.email, PASSWORD);
      agents.set(person.email, agent);
    }
    return agent;
  };

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('lists ended sessions newest first, 25 to a page, for trainers and admins only', async () => {
    const { courseId, sessionId: upcoming } = await courseWithSession(asPerson(t, trainer), {
      days: 3,
    });
    // 26 sessions that have ended, one a day before today; the first is the newest.
    const ended = await t.database.db
      .insert(trainingSessions)
      .values(
        Array.from({ length: 26 }, (_, i) => {
          const endsAt = new Date(t.clock.now().getTime() - (i + 1) * DAY);
          return {
            partnershipId,
            courseId,
            startsAt: new Date(endsAt.getTime() - 3 * 3_600_000),
            endsAt,
            places: 10,
            delivery: 'online' as const,
            status: i === 1 ? ('cancelled' as const) : ('scheduled' as const),
          };
        }),
      )
      .returning({ id: trainingSessions.id });
    await t.database.db
      .insert(trainingSessionTrainers)
      .values({ partnershipId, sessionId: ended[0]!.id, personId: trainer.id });

    const agent = await signedIn(trainer);
    const first = await agent.get(`/training/courses/${courseId}`);
    assert.equal(first.statusCode, 200);
    const past = pastPart(first.body);
    assert.match(first.body, /<h2 class="govuk-heading-m" id="past-sessions">Past sessions<\/h2>/);
    assert.match(past, /Showing 1 to 25 of 26 past sessions/);
    assert.deepEqual(
      sessionLinks(past),
      ended.slice(0, 25).map((s) => s.id),
    );
    assert.match(past, /Cancelled/);
    assert.match(past, new RegExp(`href="/training/courses/${courseId}\\?page=2"`));
    // The session still to come is under "Dates", not among the past ones.
    assert.ok(sessionLinks(first.body).includes(upcoming));
    assert.ok(!sessionLinks(past).includes(upcoming));

    const second = await agent.get(`/training/courses/${courseId}?page=2`);
    assert.equal(second.statusCode, 200);
    assert.match(pastPart(second.body), /Showing 26 to 26 of 26 past sessions/);
    assert.deepEqual(sessionLinks(pastPart(second.body)), [ended[25]!.id]);

    const beyond = await agent.get(`/training/courses/${courseId}?page=5`);
    assert.match(pastPart(beyond.body), /There is nothing on this page/);

    // The session's page leads to its register, which its trainer can take after it ended.
    const session = await agent.get(`/training/sessions/${ended[0]!.id}`);
    assert.match(session.body, /Manage this session/);
    assert.match(session.body, new RegExp(`href="/training/sessions/${ended[0]!.id}/register"`));
    const register = await agent.get(`/training/sessions/${ended[0]!.id}/register`);
    assert.equal(register.statusCode, 200);

    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    assert.match(
      pastPart((await (await signedIn(admin)).get(`/training/courses/${courseId}`)).body),
      /Showing 1 to 25 of 26 past sessions/,
    );

    for (const roles of [['practitioner'], ['manager']] as const) {
      const person = await makePerson(t.database.db, partnershipId, { roles: [...roles] });
      const page = await (await signedIn(person)).get(`/training/courses/${courseId}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Past sessions/);
      for (const s of ended) assert.ok(!sessionLinks(page.body).includes(s.id));
    }
  });

  it('shows another partnership’s trainer neither the course nor its past sessions', async () => {
    const { courseId, sessionId } = await courseWithSession(asPerson(t, trainer));
    await t.database.db
      .update(trainingSessions)
      .set({
        startsAt: new Date(t.clock.now().getTime() - 2 * DAY),
        endsAt: new Date(t.clock.now().getTime() - 2 * DAY + 3 * 3_600_000),
      })
      .where(eq(trainingSessions.id, sessionId));
    const elsewhere = (await makePartnership(t.database.db)).partnership.id;
    const outsider = await makePerson(t.database.db, elsewhere, { roles: ['trainer', 'admin'] });
    const agent = await signedIn(outsider);
    assert.equal((await agent.get(`/training/courses/${courseId}`)).statusCode, 404);
    assert.equal((await agent.get(`/training/courses/${courseId}?page=2`)).statusCode, 404);
    assert.equal((await agent.get(`/training/sessions/${sessionId}`)).statusCode, 404);
    assert.equal((await agent.get(`/training/sessions/${sessionId}/register`)).statusCode, 404);
  });

  it('says so when no session of the course has ended', async () => {
    const { courseId } = await courseWithSession(asPerson(t, trainer));
    const page = await (await signedIn(trainer)).get(`/training/courses/${courseId}`);
    assert.match(pastPart(page.body), /No session of this course has ended yet/);
    assert.doesNotMatch(pastPart(page.body), /Showing/);
  });
});
