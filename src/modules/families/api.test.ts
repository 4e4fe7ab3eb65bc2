import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  assertProblem,
  auditByToken,
  callApi,
  errorPaths,
  tokenAudit,
  tokenFor,
  type ApiToken,
} from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld } from '../../../test/support/families.js';
import { snapshot } from '../../../test/support/snapshot.js';
import * as service from './service.js';
import { families, familyMembers, familyWorkers } from './tables.js';

// The families API for a service account: a token scoped to team A works with team A's
// families exactly as a member of team A does (every read and change audited with the token as
// the actor); team B's families, another partnership's and, for a token with no team, every
// family are not found.

describe('family API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let familyId: string;
  let teamBFamily: string;
  let tokenA: ApiToken;
  let tokenB: ApiToken;
  let noTeams: ApiToken;
  let stranger: ApiToken;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    const saved = await service.createFamily(w.ctx.practitioner(), {
      name: 'The Api family',
      firstMemberName: 'Ada',
      firstMemberRelationship: 'mum',
    });
    const other = await service.createFamily(w.ctx.otherPractitioner(), { name: 'The Bee family' });
    assert.ok(saved.ok && other.ok);
    familyId = saved.id;
    teamBFamily = other.id;
    const pid = w.partnership.id;
    tokenA = await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamA.id] });
    tokenB = await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamB.id] });
    noTeams = await tokenFor(t, pid, w.manager.id, { roles: ['admin', 'practitioner', 'leader'] });
    const sp = w.stranger.partnershipId;
    stranger = await tokenFor(t, sp, w.stranger.id, { teamIds: [w.strangerTeam.id] });
  });
  after(() => t.close());

  it('lists, reads and starts families for a token’s teams, audited with the token as actor', async () => {
    const api = callApi(t, tokenA);
    const list = await api('GET', '/families?q=api');
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json<{ items: { id: string; memberCount: number }[]; total: number }>();
    assert.deepEqual(
      page.items.map((f) => [f.id, f.memberCount]),
      [[familyId, 1]],
    );
    assert.deepEqual(
      (await api('GET', '/families')).json<{ items: { id: string }[] }>().items.map((f) => f.id),
      [familyId],
      'team B’s family is not listed',
    );

    const read = await api('GET', `/families/${familyId}`);
    assert.equal(read.statusCode, 200, read.body);
    const family = read.json<{ name: string; members: { name: string }[]; workers: unknown[] }>();
    assert.equal(family.name, 'The Api family');
    assert.deepEqual(
      family.members.map((m) => m.name),
      ['Ada'],
    );
    const viewed = await tokenAudit(t, tokenA, 'family.viewed', familyId);
    assert.equal(viewed.length, 1);
    assert.equal(viewed[0]!.actorRole, 'service:practitioner', 'a service account, by kind');
    assert.equal((await tokenAudit(t, tokenA, 'family.network_viewed', familyId)).length, 1);

    const made = await api('POST', '/families', { name: 'The Token family' });
    assert.equal(made.statusCode, 201, made.body);
    const created = made.json<{ id: string; workers: { teamId: string | null }[] }>();
    assert.equal(made.headers.location, `/api/v1/families/${created.id}`);
    assert.deepEqual(
      created.workers.map((x) => x.teamId),
      [w.teamA.id],
      'the token’s team is allocated; nothing is allocated to the token itself',
    );
    const [row] = await t.database.db.select().from(families).where(eq(families.id, created.id));
    assert.equal(row!.createdBy, null);
    assert.equal((await tokenAudit(t, tokenA, 'family.created', created.id)).length, 1);
    // Team A's manager sees it from the start, as if a member of the team had made it.
    const seen = await service.viewFamily(w.ctx.manager(), created.id);
    assert.equal(seen.family.name, 'The Token family');
  });

  it('adds, changes and retires members and network members', async () => {
    const api = callApi(t, tokenA);
    const added = await api('POST', `/families/${familyId}/members`, {
      name: 'Kai',
      relationship: 'son',
      dateOfBirth: '2015-03-27',
      interpreterNeeded: false,
    });
    assert.equal(added.statusCode, 201, added.body);
    const kai = added.json<{ id: string; age: number; dateOfBirth: string }>();
    assert.equal(kai.dateOfBirth, '2015-03-27');
    assert.equal(kai.age, 11);
    assert.equal((await tokenAudit(t, tokenA, 'family.member_added', familyId)).length, 1);

    const changed = await api('PUT', `/families/${familyId}/members/${kai.id}`, {
      name: 'Kai Api',
      relationship: 'son',
      pronouns: 'he/him',
      interpreterNeeded: true,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const now = changed.json<{ name: string; pronouns: string; dateOfBirth: null }>();
    assert.equal(now.name, 'Kai Api');
    assert.equal(now.pronouns, 'he/him');
    assert.equal(now.dateOfBirth, null, 'a whole form: what is not sent is cleared');

    const retired = await api('POST', `/families/${familyId}/members/${kai.id}/retire`);
    assert.equal(retired.statusCode, 200, retired.body);
    const [kept] = await t.database.db
      .select()
      .from(familyMembers)
      .where(eq(familyMembers.id, kai.id));
    assert.ok(kept!.retiredAt, 'kept, retired');
    assertProblem(
      await api('PUT', `/families/${familyId}/members/${kai.id}`, {
        name: 'Kai',
        relationship: 'son',
      }),
      404,
    );

    const nan = await api('POST', `/families/${familyId}/network`, {
      name: 'Nan',
      kind: 'relative',
      relationship: 'grandmother',
      strength: 'strong',
      supportOffered: 'School runs',
    });
    assert.equal(nan.statusCode, 201, nan.body);
    const nanId = nan.json<{ id: string }>().id;
    const gp = await api('POST', `/families/${familyId}/network`, {
      name: 'Dr Lee',
      kind: 'professional',
      relationship: 'GP',
      organisation: 'Health centre',
      strength: 'tenuous',
    });
    assert.equal(gp.statusCode, 201);
    const moved = await api('PUT', `/families/${familyId}/network/${nanId}`, {
      name: 'Nan',
      kind: 'relative',
      relationship: 'grandmother',
      strength: 'stressful',
    });
    assert.equal(moved.json<{ strength: string }>().strength, 'stressful');
    const net = await api('GET', `/families/${familyId}/network`);
    const body = net.json<{ items: { name: string }[]; counts: { sentence: string } }>();
    assert.deepEqual(
      body.items.map((n) => n.name),
      ['Nan', 'Dr Lee'],
    );
    assert.equal(body.counts.sentence, '1 person from the family’s own network and 1 professional');
    const gone = await api(
      'POST',
      `/families/${familyId}/network/${gp.json<{ id: string }>().id}/retire`,
    );
    assert.equal(gone.statusCode, 200);
    assert.equal(
      (await api('GET', `/families/${familyId}/network`)).json<{ total: number }>().total,
      1,
    );
    for (const action of [
      'family.network_added',
      'family.network_updated',
      'family.network_retired',
    ])
      assert.ok((await tokenAudit(t, tokenA, action, familyId)).length >= 1, action);
  });

  it('allocates a practitioner, and ends an allocation but never the last', async () => {
    const api = callApi(t, tokenA);
    const made = await api('POST', '/families', { name: 'The Worked family' });
    const id = made.json<{ id: string }>().id;
    const allocated = await api('POST', `/families/${id}/workers`, { personId: w.practitioner.id });
    assert.equal(allocated.statusCode, 201, allocated.body);
    assert.equal(allocated.json<{ name: string }>().name, 'Pat Practitioner');
    const again = await api('POST', `/families/${id}/workers`, { personId: w.practitioner.id });
    assertProblem(again, 400);
    assert.deepEqual(errorPaths(again), ['personId']);
    const list = await api('GET', `/families/${id}/workers`);
    const items = list.json<{ items: { id: string; teamId: string | null }[] }>().items;
    assert.equal(items.length, 2);
    const team = items.find((x) => x.teamId === w.teamA.id)!;
    const ended = await api('POST', `/families/${id}/workers/${team.id}/end`);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json<{ stillVisible: boolean }>().stillVisible, false);
    // The token's team no longer works with the family: it is gone for the token.
    assertProblem(await api('GET', `/families/${id}`), 404);
    const rows = await t.database.db
      .select()
      .from(familyWorkers)
      .where(eq(familyWorkers.familyId, id));
    assert.equal(rows.length, 2, 'the ended allocation is kept');
  });

  it('treats a family of another team, of another partnership, or any family for a token with no team, as not found', async () => {
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    for (const [token, id] of [
      [tokenB, familyId],
      [noTeams, familyId],
      [stranger, familyId],
      [tokenA, teamBFamily],
    ] as const) {
      const api = callApi(t, token);
      for (const [method, path, body] of [
        ['GET', `/families/${id}`],
        ['GET', `/families/${id}/network`],
        ['GET', `/families/${id}/workers`],
        ['POST', `/families/${id}/members`, { name: 'X', relationship: 'Y' }],
        [
          'POST',
          `/families/${id}/network`,
          { name: 'X', kind: 'friend', relationship: 'Y', strength: 'strong' },
        ],
        ['POST', `/families/${id}/workers`, { teamId: w.teamB.id }],
      ] as const) {
        const res = await api(method, path, body);
        assertProblem(res, 404, `${method} ${path}`);
        // The API has no pages: its 404 does not say "Page not found".
        assert.equal(
          res.json<{ detail: string }>().detail,
          'There is nothing at this address that you may see',
        );
        assert.doesNotMatch(res.body, /Api family|Bee family|Ada/);
      }
    }
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
    const denied = await tokenAudit(t, tokenB, 'family.viewed', familyId, 'denied');
    assert.equal(denied.length, 2, 'each refusal is audited, with the token as actor');
    assert.deepEqual(
      (await callApi(t, noTeams)('GET', '/families')).json<{ total: number }>().total,
      0,
    );
    const refused = await callApi(t, noTeams)('POST', '/families', { name: 'Nowhere' });
    assertProblem(refused, 403);
  });

  it('refuses bad input with 400 problem+json and changes nothing', async () => {
    const api = callApi(t, tokenA);
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const bad = await api('POST', `/families/${familyId}/members`, {
      name: '',
      relationship: 'x',
      dateOfBirth: '2015-02-30',
    });
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad).sort(), ['dateOfBirth', 'name']);
    const future = await api('POST', `/families/${familyId}/members`, {
      name: 'Not yet',
      relationship: 'son',
      dateOfBirth: '2030-01-01',
    });
    assertProblem(future, 400);
    assert.deepEqual(errorPaths(future), ['dateOfBirth']);
    const nullDate = await api('POST', `/families/${familyId}/members`, {
      name: 'Null',
      relationship: 'son',
      dateOfBirth: null,
    });
    assertProblem(nullDate, 400);
    assert.deepEqual(errorPaths(nullDate), ['dateOfBirth']);
    assertProblem(await api('POST', '/families', { name: '   ' }), 400);
    assertProblem(
      await api('POST', `/families/${familyId}/network`, { name: 'X', kind: 'alien' }),
      400,
    );
    assertProblem(await api('POST', `/families/${familyId}/workers`, {}), 400);
    assertProblem(await api('GET', '/families/not-an-id'), 400);
    // A list filter it does not know is refused, not read as "every family".
    assertProblem(await api('GET', '/families?show=all'), 400);
    const after = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    assert.deepEqual(after, before);
    assert.ok((await auditByToken(t, tokenA)).length > 0);
  });

  it('asks for a token when there is none', async () => {
    assertProblem(await callApi(t, null)('GET', `/families/${familyId}`), 401);
  });
});
