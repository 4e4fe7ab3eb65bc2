import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { Agent } from '../../../test/support/agent.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_PASSWORD, demoEmail, seedDemo } from '../../demo/seed.js';
import { meetings } from './tables.js';

// The demo partnership has a restorative conference being followed up, which its practitioner
// and facilitator can open: the participants' roles are the partnership's to name, and of its
// three agreement items one is done, one open and one overdue.

describe('the demo partnership’s restorative conference', () => {
  let t: TestApp;
  let meetingId: string;
  before(async () => {
    t = await startTestApp();
    // The demo is dated from the real time it is loaded: the app's clock moves there too.
    t.clock.advance(Date.now() - t.clock.now().getTime());
    await seedDemo(t.database.db);
    const rows = await t.database.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(eq(meetings.kind, 'conference'));
    assert.equal(rows.length, 1);
    meetingId = rows[0]!.id;
  });
  after(() => t.close());

  const signIn = async (role: 'practitioner' | 'facilitator' | 'admin') => {
    const agent = new Agent(t.app);
    await agent.signIn(demoEmail(role), DEMO_PASSWORD);
    return agent;
  };

  it('is followed up: one item done, one open and one overdue', async () => {
    for (const role of ['practitioner', 'facilitator'] as const) {
      const agent = await signIn(role);
      const page = await agent.get(`/meetings/${meetingId}/agreement`);
      assert.equal(page.statusCode, 200, role);
      assert.match(page.body, /2 of 3 items still open, <strong>1 overdue<\/strong>/);
      const tags = [...page.body.matchAll(/govuk-tag--(\w+)">(Open|Overdue|Done|Closed)</g)].map(
        (m) => m[2],
      );
      assert.deepEqual(tags.sort(), ['Done', 'Open', 'Overdue']);
      assert.match(page.body, /Jamie writes to Arun to say sorry, in his own words\./);
      assert.match(page.body, /Find Jamie a place at the Thursday youth club\./);
    }
  });

  it('names the participants’ roles as the partnership does, and follows a rename', async () => {
    const pat = await signIn('practitioner');
    const url = `/meetings/${meetingId}/participants`;
    const before = await pat.get(url);
    assert.match(before.body, /Jamie Hughes<\/td>[\s\S]*?Person responsible<\/td>/);
    assert.match(before.body, /Arun Patel<\/td>[\s\S]*?Person harmed<\/td>/);
    assert.match(before.body, /Dana Hughes<\/td>[\s\S]*?Supporter<\/td>/);
    assert.match(before.body, /Sandra Hughes<\/td>[\s\S]*?Supporter<\/td>/);

    const admin = await signIn('admin');
    const renamed = await admin.post('/admin/conference-roles', {
      harmed: 'Person affected',
      responsible: 'Young person',
      supporter: 'Supporter',
    });
    assert.equal(renamed.statusCode, 303);
    const after = await pat.get(url);
    assert.match(after.body, /Jamie Hughes<\/td>[\s\S]*?Young person<\/td>/);
    assert.match(after.body, /Arun Patel<\/td>[\s\S]*?Person affected<\/td>/);
    assert.doesNotMatch(after.body, /Person harmed|Person responsible/);
  });

  it('shows on the practitioner’s caseload as overdue', async () => {
    const pat = await signIn('practitioner');
    const caseload = await pat.get('/caseload?q=Hughes');
    assert.equal(caseload.statusCode, 200);
    assert.match(caseload.body, /The Hughes family/);
    assert.match(caseload.body, /overdue/i);
  });
});
