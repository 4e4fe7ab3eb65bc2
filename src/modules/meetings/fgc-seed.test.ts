import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD, demoEmail, seedDemo } from '../../demo/seed.js';
import { eq } from 'drizzle-orm';
import { fgcConferences } from './tables-fgc.js';
import { meetingParticipants } from './tables.js';

// The demo partnership has a family group conference part-way through, which its practitioner
// and the independent coordinator can open, at the stage its record says.

describe('the demo partnership’s family group conference', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('is at information sharing, with an independent coordinator, three days before it meets', async () => {
    await seedDemo(t.database.db);
    const [conference] = await t.database.db.select().from(fgcConferences);
    assert.equal(conference!.stage, 'information');
    for (const role of ['practitioner', 'facilitator'] as const) {
      const agent = new Agent(t.app);
      await agent.signIn(demoEmail(role), DEMO_PASSWORD);
      const page = await agent.get(`/meetings/${conference!.meetingId}/fgc`);
      assert.equal(page.statusCode, 200, role);
      assert.match(page.body, /has reached: <strong>Information sharing<\/strong>/);
      assert.match(page.body, /Femi Facilitator is the coordinator/);
      assert.match(page.body, /The coordinator has met 4 of 4 people taking part/);
      assert.doesNotMatch(page.body, /Overdue/);
    }
  });

  it('invites people in words that say what happens at a family group conference', async () => {
    const [conference] = await t.database.db.select().from(fgcConferences);
    const meetingId = conference!.meetingId;
    const [grace] = await t.database.db
      .select()
      .from(meetingParticipants)
      .where(eq(meetingParticipants.meetingId, meetingId));
    const agent = new Agent(t.app);
    await agent.signIn(demoEmail('facilitator'), DEMO_PASSWORD);
    const url = `/meetings/${meetingId}/invitations/${grace!.id}`;
    const sent = await agent.post(url, { method: 'letter', email: '' }, { from: url });
    assert.equal(sent.statusCode, 303);
    const letter = await agent.get(`${url}/letter`);
    assert.match(letter.body, /It may last up to 4 hours\./);
    assert.match(letter.body, /talk on their own and make their own plan/);
    assert.doesNotMatch(letter.body, /two hours/);
  });
});
