import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { conferenceWorld } from '../../../test/support/conferences.js';
import { agentFor, arrangeCircle, auditRows } from '../../../test/support/meetings.js';
import { meetingFormValues } from './schemas.js';
import { meetings } from './tables.js';

// The facilitator of a restorative conference comes from team B, which does not work with the
// Rivers family: they can open the conference they run (its pages are audited as anyone's),
// but not the family's record, nor another of the family's meetings.

describe('a meeting’s facilitator from another team', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof conferenceWorld>>;
  let oli: Agent;
  let circleId: string;

  before(async () => {
    t = await startTestApp();
    w = await conferenceWorld(t);
    await t.database.db
      .update(meetings)
      .set({ facilitatorId: w.other.id })
      .where(eq(meetings.id, w.meetingId));
    circleId = await arrangeCircle(w);
    oli = await agentFor(t, w.other);
  });
  after(() => t.close());

  it('opens the conference they facilitate, its guide, agreement and details, audited', async () => {
    const base = `/meetings/${w.meetingId}`;
    for (const url of [base, `${base}/guide`, `${base}/agreement`, `${base}/edit`]) {
      const res = await oli.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /Putting things right after the fire/, url);
    }
    for (const recordId of [w.meetingId, w.family.id]) {
      const rows = await auditRows(t, 'meeting.guide_viewed', recordId);
      assert.deepEqual(
        rows.map((r) => r.actorId),
        [w.other.id],
        recordId,
      );
    }
  });

  it('does not open the family’s record, nor another of its meetings', async () => {
    for (const url of [
      `/families/${w.family.id}`,
      `/families/${w.family.id}/meetings`,
      `/meetings/${circleId}`,
      `/meetings/${circleId}/guide`,
    ]) {
      const res = await oli.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /Rivers/, url);
    }
    assert.equal((await auditRows(t, 'meeting.guide_viewed', w.family.id, 'denied')).length, 1);
  });

  it('cannot hand the conference, and the access it gives, to someone else', async () => {
    const [row] = await t.database.db.select().from(meetings).where(eq(meetings.id, w.meetingId));
    const url = `/meetings/${w.meetingId}/edit`;
    await oli.get(url);
    const res = await oli.post(
      url,
      { ...meetingFormValues(row!), facilitatorId: w.admin.id },
      { from: url },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Only someone who works with the family can change who is facilitating/);
    const [still] = await t.database.db.select().from(meetings).where(eq(meetings.id, w.meetingId));
    assert.equal(still!.facilitatorId, w.other.id);
    // Their other details they can change: they run it.
    const held = await oli.post(url, { ...meetingFormValues(row!), status: 'held' }, { from: url });
    assert.equal(held.statusCode, 303, held.body);
  });

  it('does not open a cancelled meeting to its facilitator', async () => {
    await t.database.db
      .update(meetings)
      .set({ status: 'cancelled' })
      .where(eq(meetings.id, w.meetingId));
    assert.equal((await oli.get(`/meetings/${w.meetingId}/guide`)).statusCode, 404);
    await t.database.db
      .update(meetings)
      .set({ status: 'held' })
      .where(eq(meetings.id, w.meetingId));
    assert.equal((await oli.get(`/meetings/${w.meetingId}/guide`)).statusCode, 200);
  });

  it('loses the conference once someone else facilitates it', async () => {
    await t.database.db
      .update(meetings)
      .set({ facilitatorId: w.practitioner.id })
      .where(eq(meetings.id, w.meetingId));
    assert.equal((await oli.get(`/meetings/${w.meetingId}/guide`)).statusCode, 404);
  });
});
