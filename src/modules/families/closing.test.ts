import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { assertProblem, callApi, tokenFor } from '../../../test/support/api.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { families } from './tables.js';

// Closing a family's record when the work ends: a confirmation page, then the family leaves the
// caseload and the team view, keeps everything, and can be reopened; audited; others 404.

describe('closing a family’s record', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let familyId: string;

  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    familyId = (await familyWithPlan(w.ctx.practitioner())).familyId;
  });
  after(() => t.close());

  it('asks first, then closes: off the caseload and the team view, the record kept', async () => {
    const pat = await signedIn(t, w.practitioner);
    const page = await pat.get(`/families/${familyId}`);
    assert.match(page.body, new RegExp(`href="/families/${familyId}/close"`));
    const confirm = await pat.get(`/families/${familyId}/close`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to close The Oak family’s record\?/);
    assert.match(confirm.body, /Nothing is deleted/);
    assert.match((await pat.get('/families')).body, /The Oak family/);
    const mo = await signedIn(t, w.manager);
    assert.match((await mo.get('/team')).body, /The Oak family/);

    const res = await pat.post(
      `/families/${familyId}/close`,
      {},
      { from: `/families/${familyId}/close` },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/families/${familyId}?done=closed`);
    const [row] = await t.database.db.select().from(families).where(eq(families.id, familyId));
    assert.ok(row!.retiredAt);
    assert.equal((await familyAudit(t, 'family.closed', familyId)).length, 1);

    assert.doesNotMatch((await pat.get('/families')).body, /The Oak family/);
    // Found again among the closed records, to be read or reopened.
    const closedList = await pat.get('/families?show=closed');
    assert.match(closedList.body, new RegExp(`href="/families/${familyId}">The Oak family`));
    assert.match(closedList.body, /<option value="closed" selected>Closed records/);
    assert.doesNotMatch((await mo.get('/team')).body, /The Oak family/);
    const closed = await pat.get(`/families/${familyId}?done=closed`);
    assert.equal(closed.statusCode, 200);
    assert.match(closed.body, /This family’s record was closed on/);
    assert.match(closed.body, /Jo/); // its people are still there
    assert.match((await pat.get(`/families/${familyId}/plans`)).body, /Our plan for a calmer home/);
  });

  it('is reopened from the family’s page, and is back on the caseload', async () => {
    const pat = await signedIn(t, w.practitioner);
    const res = await pat.post(
      `/families/${familyId}/reopen`,
      {},
      { from: `/families/${familyId}` },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/families/${familyId}?done=reopened`);
    const [row] = await t.database.db.select().from(families).where(eq(families.id, familyId));
    assert.equal(row!.retiredAt, null);
    assert.equal((await familyAudit(t, 'family.reopened', familyId)).length, 1);
    assert.match((await pat.get('/families')).body, /The Oak family/);
  });

  it('closes and reopens through the API, for a token of the family’s team only', async () => {
    const pid = w.partnership.id;
    const api = callApi(t, await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamA.id] }));
    const closed = await api('POST', `/families/${familyId}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.ok(closed.json<{ closedAt: string | null }>().closedAt);
    const reopened = await api('POST', `/families/${familyId}/reopen`);
    assert.equal(reopened.json<{ closedAt: string | null }>().closedAt, null);
    const other = callApi(t, await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamB.id] }));
    assertProblem(await other('POST', `/families/${familyId}/close`), 404);
  });

  it('is not found for a practitioner of another team, and refused to a trainer', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    assert.equal((await oli.get(`/families/${familyId}/close`)).statusCode, 404);
    const post = await oli.post(`/families/${familyId}/close`, {}, { from: '/' });
    assert.equal(post.statusCode, 404);
    const denied = await familyAudit(t, 'family.closed', familyId, 'denied');
    assert.equal(denied.filter((r) => r.actorId === w.otherPractitioner.id).length, 1);
    const tam = await signedIn(t, w.trainer);
    const refused = await tam.post(`/families/${familyId}/close`, {}, { from: '/' });
    assert.equal(refused.statusCode, 403);
    const [row] = await t.database.db.select().from(families).where(eq(families.id, familyId));
    assert.equal(row!.retiredAt, null);
    // The refusal is on record, as a refused route is.
    const routeRefusals = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, w.trainer.id), eq(auditEvents.action, 'access.denied')));
    assert.deepEqual(
      routeRefusals.map((r) => [r.recordId, r.outcome]),
      [['POST /families/:id/close', 'denied']],
    );
  });
});
