import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld } from '../../../test/support/families.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import { HttpError } from '../../platform/http/errors.js';
import { periodStarts } from './counts.js';
import type { PracticeLogInput } from './schemas.js';
import * as service from './service.js';

// Counts per practitioner and per team: this week (from Monday, UK time) and this month.

const log = (kind: PracticeLogInput['kind'], happenedAt: Date | null = null): PracticeLogInput => ({
  kind,
  withWhom: 'Someone',
  familyMemberId: null,
  familyId: null,
  context: 'school',
  contextOther: null,
  note: null,
  happenedAt,
});

describe('everyday practice counts', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    // The test clock is Saturday 21 November 2026, 10:00.
    const pat = w.ctx.practitioner();
    await service.createLog(pat, log('statement'));
    await service.createLog(pat, log('statement', new Date('2026-11-16T09:00:00Z'))); // Monday
    await service.createLog(pat, log('question', new Date('2026-11-10T09:00:00Z'))); // last week
    await service.createLog(pat, log('conversation', new Date('2026-10-31T09:00:00Z'))); // October
    await service.createLog(w.ctx.manager(), log('conversation'));
    await service.createLog(w.ctx.otherPractitioner(), log('question'));
  });
  after(() => t.close());

  it('starts the week on Monday and the month on the 1st, in UK time', () => {
    const { weekStart, monthStart } = periodStarts(new Date('2026-11-21T10:00:00Z'));
    assert.equal(weekStart.toISOString(), '2026-11-16T00:00:00.000Z');
    assert.equal(monthStart.toISOString(), '2026-11-01T00:00:00.000Z');
    const summer = periodStarts(new Date('2026-07-01T00:30:00Z'));
    assert.equal(summer.monthStart.toISOString(), '2026-06-30T23:00:00.000Z');
  });

  it('counts a practitioner’s own logs by kind', async () => {
    const mine = await service.myCounts(w.ctx.practitioner());
    assert.deepEqual(mine.week, { statement: 2, question: 0, conversation: 0, total: 2 });
    assert.deepEqual(mine.month, { statement: 2, question: 1, conversation: 0, total: 3 });
  });

  it('counts each member of a manager’s team, and the team', async () => {
    const team = await service.teamCounts(w.ctx.manager(), w.teamA.id);
    const pat = team.members.find((m) => m.id === w.practitioner.id)!;
    assert.equal(pat.month.total, 3);
    assert.equal(team.members.find((m) => m.id === w.manager.id)!.week.conversation, 1);
    assert.equal(
      team.members.some((m) => m.id === w.otherPractitioner.id),
      false,
    );
    assert.deepEqual(team.totals.month, { statement: 2, question: 1, conversation: 1, total: 4 });
  });

  it('refuses a practitioner (403) and a manager asking for another team (404)', async () => {
    await assert.rejects(
      service.teamCounts(w.ctx.practitioner(), w.teamA.id),
      (e: unknown) => e instanceof HttpError && e.statusCode === 403,
    );
    await assert.rejects(
      service.teamCounts(w.ctx.manager(), w.teamB.id),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
    await assert.rejects(
      service.teamCounts(w.ctx.stranger(), w.teamA.id),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
  });

  it('API: team counts for a leader’s token; logging refused to a token (no practitioner)', async () => {
    const token = async (roles: ('leader' | 'manager' | 'practitioner')[]) =>
      (
        await createApiToken(t.database.db, {
          partnershipId: w.partnership.id,
          name: `Token ${roles.join()}`,
          roles,
          createdBy: w.manager.id,
        })
      ).secret;
    const call = (method: 'GET' | 'POST', url: string, secret: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${secret}` },
        ...(payload ? { payload } : {}),
      });
    const leader = await token(['leader']);
    const ok = await call('GET', `/api/v1/practice/counts?team=${w.teamA.id}`, leader);
    assert.equal(ok.statusCode, 200);
    const body = ok.json<{ totals: { month: { total: number } }; people: unknown[] }>();
    assert.equal(body.totals.month.total, 4);
    const practitioner = await token(['practitioner']);
    const refused = await call('GET', `/api/v1/practice/counts?team=${w.teamA.id}`, practitioner);
    assert.equal(refused.statusCode, 403);
    assert.match(String(refused.headers['content-type']), /problem\+json/);
    const noTeam = await call('GET', '/api/v1/practice/counts', leader);
    assert.equal(noTeam.statusCode, 400);
    const logged = await call('POST', '/api/v1/practice/logs', leader, {
      kind: 'statement',
      withWhom: 'x',
      context: 'school',
    });
    assert.equal(logged.statusCode, 403);
  });
});
