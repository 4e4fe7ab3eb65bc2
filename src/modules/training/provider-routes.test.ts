import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { trainingSessionProviders } from './tables-cascade.js';

// A trainer or admin records that an external provider delivered a session; the cascade page
// counts local and external sessions apart, and only those already held.

const DAY = 86_400_000;

describe('who delivered a session', () => {
  let t: TestApp;
  let partnershipId: string;
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(() => t.close());

  it('is recorded on a page, shown on the session, and counted once the session has been held', async () => {
    const trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const bought = await courseWithSession(asPerson(t, trainer), { days: 2 });
    await courseWithSession(asPerson(t, trainer), { days: 2 }); // by the local trainers
    await courseWithSession(asPerson(t, trainer), { days: 30 }); // not held for a month
    const agent = await signedIn(trainer);
    const url = `/training/sessions/${bought.sessionId}`;
    assert.match((await agent.get(url)).body, new RegExp(`href="${url}/provider"`));

    const form = await agent.get(`${url}/provider`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="local" checked/);
    const bad = await agent.post(`${url}/provider`, { deliveredBy: 'external', provider: ' ' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the provider’s name/);
    assert.match(bad.body, /value="external" checked/);
    const ok = await agent.post(`${url}/provider`, {
      deliveredBy: 'external',
      provider: 'Restorative Practice Ltd',
    });
    assert.equal(ok.statusCode, 303);
    assert.match(
      (await agent.get(url)).body,
      /Delivered by Restorative Practice Ltd, an external provider/,
    );
    assert.match((await agent.get(`${url}/provider`)).body, /value="Restorative Practice Ltd"/);

    // Before they are held, neither session counts as delivered.
    const before = await agent.get('/training/cascade');
    assert.match(before.body, /id="local-count">0</);
    assert.match(before.body, /id="external-count">0</);
    t.clock.advance(3 * DAY);
    try {
      const held = await (await signedIn(trainer)).get('/training/cascade');
      assert.match(held.body, /id="local-count">1</);
      assert.match(held.body, /id="external-count">1</);
    } finally {
      t.clock.advance(-3 * DAY);
    }

    // Back to the local trainers.
    await agent.post(
      `${url}/provider`,
      { deliveredBy: 'local', provider: 'ignored' },
      { from: url },
    );
    const [row] = await t.database.db
      .select()
      .from(trainingSessionProviders)
      .where(eq(trainingSessionProviders.sessionId, bought.sessionId));
    assert.equal(row!.provider, null);
    assert.doesNotMatch((await agent.get(url)).body, /an external provider/);
  });

  it('is for trainers and admins of the partnership only', async () => {
    const trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    const { sessionId } = await courseWithSession(asPerson(t, trainer));
    const url = `/training/sessions/${sessionId}/provider`;
    const practitioner = await signedIn(await makePerson(t.database.db, partnershipId));
    assert.equal((await practitioner.get(url)).statusCode, 403);
    const admin = await signedIn(
      await makePerson(t.database.db, partnershipId, { roles: ['admin'] }),
    );
    assert.equal((await admin.get(url)).statusCode, 200);
    const other = (await makePartnership(t.database.db)).partnership.id;
    const outsider = await signedIn(await makePerson(t.database.db, other, { roles: ['trainer'] }));
    assert.equal((await outsider.get(url)).statusCode, 404);
    const post = await outsider.post(
      url,
      { deliveredBy: 'external', provider: 'X' },
      { from: '/training' },
    );
    assert.equal(post.statusCode, 404);
    const rows = await t.database.db
      .select()
      .from(trainingSessionProviders)
      .where(eq(trainingSessionProviders.sessionId, sessionId));
    assert.equal(rows.length, 0);
  });
});
