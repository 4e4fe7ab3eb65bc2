import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD, demoEmail, seedDemo } from '../../demo/seed.js';
import { fgcConferences } from './tables-fgc.js';

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
});
