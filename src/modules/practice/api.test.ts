import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertProblem,
  callApi,
  tokenAudit,
  tokenFor,
  type ApiToken,
} from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld } from '../../../test/support/families.js';
import { practiceFamilies } from '../../../test/support/practice.js';
import { snapshot } from '../../../test/support/snapshot.js';
import * as service from './service.js';

// Everyday practice through the API: a token of team A reads the practice with team A's
// families (audited) and, with a manager's role, its team's counts; it has no practice of its
// own to log or list. Other teams' families and other partnerships' are not found.

describe('everyday practice API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let fam: Awaited<ReturnType<typeof practiceFamilies>>;
  let practitionerToken: ApiToken;
  let managerToken: ApiToken;
  let stranger: ApiToken;
  let logId: string;

  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    fam = await practiceFamilies(w);
    const ctx = w.ctx.practitioner();
    const logged = await service.createLog(ctx, {
      kind: 'question',
      withWhom: 'Rosa',
      familyMemberId: null,
      familyId: fam.teamAFamily,
      context: 'home visit',
      contextOther: null,
      note: 'Asked how the week went',
      happenedAt: null,
    });
    assert.ok(logged.ok);
    logId = logged.id;
    await service.createLog(ctx, {
      kind: 'statement',
      withWhom: 'A colleague',
      familyMemberId: null,
      familyId: null,
      context: 'team or supervision',
      contextOther: null,
      note: null,
      happenedAt: null,
    });
    const pid = w.partnership.id;
    practitionerToken = await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamA.id] });
    managerToken = await tokenFor(t, pid, w.manager.id, {
      roles: ['manager'],
      teamIds: [w.teamA.id],
    });
    stranger = await tokenFor(t, w.stranger.partnershipId, w.stranger.id, {
      roles: ['manager', 'practitioner'],
      teamIds: [w.strangerTeam.id],
    });
  });
  after(() => t.close());

  it('reads the practice with a family of its team, audited with the token as actor', async () => {
    const res = await callApi(t, practitionerToken)('GET', `/families/${fam.teamAFamily}/practice`);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<{ items: { id: string; practitionerName: string; note: string }[] }>();
    assert.deepEqual(
      page.items.map((l) => [l.id, l.practitionerName, l.note]),
      [[logId, 'Pat Practitioner', 'Asked how the week went']],
    );
    assert.equal(
      (await tokenAudit(t, practitionerToken, 'practice.listed', fam.teamAFamily)).length,
      1,
    );
  });

  it('reads its team’s counts with a manager’s role', async () => {
    const api = callApi(t, managerToken);
    const res = await api('GET', `/practice/counts?team=${w.teamA.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const counts = res.json<{
      team: { id: string };
      people: { name: string; month: { total: number } }[];
      totals: { month: { total: number; question: number } };
    }>();
    assert.equal(counts.team.id, w.teamA.id);
    assert.deepEqual([counts.totals.month.total, counts.totals.month.question], [2, 1]);
    assert.equal(counts.people.find((p) => p.name === 'Pat Practitioner')!.month.total, 2);
    assertProblem(await api('GET', `/practice/counts?team=${w.teamB.id}`), 404, 'not its team');
    assertProblem(await api('GET', '/practice/counts'), 400, 'a token has no counts of its own');
    assertProblem(await api('GET', '/practice/counts?team=someone'), 400, 'not an id');
    const practitioner = callApi(t, practitionerToken);
    assertProblem(await practitioner('GET', `/practice/counts?team=${w.teamA.id}`), 403);
  });

  it('finds no other team’s or partnership’s family, and logs nothing of its own', async () => {
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    for (const [token, id] of [
      [practitionerToken, fam.teamBFamily],
      [stranger, fam.teamAFamily],
    ] as const) {
      const res = await callApi(t, token)('GET', `/families/${id}/practice`);
      assertProblem(res, 404);
      assert.doesNotMatch(res.body, /Rosa|week/);
    }
    const api = callApi(t, managerToken);
    const logged = await api('POST', '/practice/logs', {
      kind: 'statement',
      withWhom: 'Rosa',
      context: 'school',
      familyId: fam.teamAFamily,
    });
    assertProblem(logged, 403);
    assertProblem(await api('GET', '/practice/logs'), 403);
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
    assert.equal(
      (await tokenAudit(t, practitionerToken, 'practice.listed', fam.teamBFamily, 'denied')).length,
      1,
    );
  });
});
