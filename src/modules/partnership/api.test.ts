import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { auditRowsFor, latestMailTo } from '../../../test/support/partnership.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import { sessions } from '../../platform/auth/tables.js';
import type { Role } from '../../platform/tenancy/tables.js';

describe('partnership JSON API', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof makePartnership>>;
  let adminToken: string;
  let leaderToken: string;
  let practitionerToken: string;
  before(async () => {
    t = await startTestApp();
    p = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, p.partnership.id, { roles: ['admin'] });
    const token = async (roles: Role[]) =>
      (
        await createApiToken(t.database.db, {
          partnershipId: p.partnership.id,
          name: `token ${roles.join()}`,
          roles,
          createdBy: admin.id,
        })
      ).secret;
    adminToken = await token(['admin']);
    leaderToken = await token(['leader']);
    practitionerToken = await token(['practitioner']);
  });
  after(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    token: string,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });

  it('adds a person with an invitation, reads them (audited), patches and deactivates them', async () => {
    const created = await call('POST', '/people', adminToken, {
      name: 'Api Person',
      email: 'Api.Person@Example.test',
      organisationId: p.organisation.id,
      teamIds: [p.team.id],
      roles: ['practitioner'],
      trainingLayer: 'champion',
    });
    assert.equal(created.statusCode, 201, created.body);
    const person = created.json<{ id: string; email: string; teamIds: string[]; status: string }>();
    assert.equal(person.email, 'api.person@example.test');
    assert.deepEqual(person.teamIds, [p.team.id]);
    assert.equal(person.status, 'invited');
    assert.equal(created.headers.location, `/api/v1/people/${person.id}`);
    const { mail, invitation } = await latestMailTo(t.database.db, person.email);
    assert.equal(mail?.status, 'local');
    assert.ok(invitation);
    assert.equal((await auditRowsFor(t.database.db, 'person.created', person.id)).length, 1);

    const read = await call('GET', `/people/${person.id}`, leaderToken);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<{ name: string }>().name, 'Api Person');
    assert.ok((await auditRowsFor(t.database.db, 'person.viewed', person.id)).length >= 2);

    const patched = await call('PATCH', `/people/${person.id}`, adminToken, {
      name: 'Api Person Renamed',
      roles: ['manager', 'trainer'],
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const after = patched.json<{ name: string; roles: string[]; teamIds: string[] }>();
    assert.equal(after.name, 'Api Person Renamed');
    assert.deepEqual(after.roles.sort(), ['manager', 'trainer']);
    assert.deepEqual(after.teamIds, [p.team.id], 'fields not sent are kept');
    // Null clears an organisation and a training layer, as JSON Merge Patch has it.
    const cleared = await call('PATCH', `/people/${person.id}`, adminToken, {
      organisationId: null,
      trainingLayer: null,
    });
    assert.equal(cleared.statusCode, 200, cleared.body);
    const now = cleared.json<{ organisationId: string | null; trainingLayer: string | null }>();
    assert.deepEqual([now.organisationId, now.trainingLayer], [null, null]);
    assert.equal(cleared.json<{ name: string }>().name, 'Api Person Renamed');

    const newcomer = new Agent(t.app);
    await newcomer.post(
      invitation,
      { password: PASSWORD, confirm: PASSWORD },
      { from: invitation },
    );
    assert.equal((await newcomer.get('/')).statusCode, 200);
    const off = await call('POST', `/people/${person.id}/deactivate`, adminToken);
    assert.equal(off.statusCode, 200);
    assert.equal(off.json<{ status: string }>().status, 'deactivated');
    assert.equal(
      (await t.database.db.select().from(sessions).where(eq(sessions.personId, person.id))).length,
      0,
    );
    assert.equal((await newcomer.get('/')).statusCode, 303);
  });

  it('answers bad input with problem+json and field errors, and a taken email the same way', async () => {
    const bad = await call('POST', '/people', adminToken, { name: '', email: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
    const errors = bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    assert.ok(errors.includes('name'));
    assert.ok(errors.includes('email'));

    const existing = await makePerson(t.database.db, p.partnership.id);
    const taken = await call('POST', '/people', adminToken, {
      name: 'Copy',
      email: existing.email.toUpperCase(),
    });
    assert.equal(taken.statusCode, 400);
    assert.match(String(taken.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(taken.json<{ errors: unknown[] }>().errors, [
      { path: 'email', message: 'A person with this email address already exists' },
    ]);
  });

  it('lists and searches people, paginated, only in the token’s partnership', async () => {
    const other = await makePartnership(t.database.db);
    await makePerson(t.database.db, other.partnership.id, { name: 'Quilla Elsewhere' });
    for (let i = 0; i < 27; i++)
      await makePerson(t.database.db, p.partnership.id, { name: `Quilla ${i}` });
    const first = await call('GET', '/people?q=quilla', leaderToken);
    assert.equal(first.statusCode, 200);
    const body = first.json<{ items: { name: string }[]; total: number; pageCount: number }>();
    assert.equal(body.total, 27);
    assert.equal(body.items.length, 25);
    assert.equal(body.pageCount, 2);
    assert.ok(body.items.every((i) => i.name !== 'Quilla Elsewhere'));
    const second = await call('GET', '/people?q=quilla&page=2', leaderToken);
    assert.equal(second.json<{ items: unknown[] }>().items.length, 2);
  });

  it('refuses a filter value it does not know, rather than list everyone', async () => {
    for (const [url, field] of [
      ['/people?status=deactived', 'status'],
      ['/people?role=boss', 'role'],
      ['/people?teamId=team-a', 'teamId'],
      ['/organisations?show=gone', 'show'],
      ['/teams?show=gone', 'show'],
    ] as const) {
      const res = await call('GET', url, leaderToken);
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.deepEqual(
        res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path),
        [field],
        url,
      );
    }
  });

  it('keeps at least one partnership admin, whatever a token asks', async () => {
    const own = await makePartnership(t.database.db);
    const solo = await makePerson(t.database.db, own.partnership.id, { roles: ['admin'] });
    const { secret } = await createApiToken(t.database.db, {
      partnershipId: own.partnership.id,
      name: 'A script',
      roles: ['admin'],
      createdBy: solo.id,
    });
    const demoted = await call('PATCH', `/people/${solo.id}`, secret, { roles: ['leader'] });
    assert.equal(demoted.statusCode, 400);
    assert.match(demoted.body, /must keep at least one partnership admin/);
    const off = await call('POST', `/people/${solo.id}/deactivate`, secret);
    assert.equal(off.statusCode, 400);
    assert.match(off.body, /must keep at least one partnership admin/);
    await makePerson(t.database.db, own.partnership.id, { roles: ['admin', 'leader'] });
    assert.equal((await call('POST', `/people/${solo.id}/deactivate`, secret)).statusCode, 200);
  });

  it('gives 404 for another partnership’s ids', async () => {
    const other = await makePartnership(t.database.db);
    const stranger = await makePerson(t.database.db, other.partnership.id);
    for (const [method, url] of [
      ['GET', `/people/${stranger.id}`],
      ['PATCH', `/people/${stranger.id}`],
      ['POST', `/people/${stranger.id}/deactivate`],
    ] as const) {
      const res = await call(
        method,
        url,
        adminToken,
        method === 'PATCH' ? { name: 'x' } : undefined,
      );
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
    const team = await call('POST', '/teams', adminToken, {
      name: 'Foreign owned',
      type: 'single',
      organisationId: other.organisation.id,
    });
    assert.equal(team.statusCode, 400);
  });

  it('creates and lists organisations, localities and teams', async () => {
    const org = await call('POST', '/organisations', adminToken, {
      name: 'Api Police',
      kind: 'police',
    });
    assert.equal(org.statusCode, 201, org.body);
    const dup = await call('POST', '/organisations', adminToken, {
      name: 'api police',
      kind: 'police',
    });
    assert.equal(dup.statusCode, 400);
    const loc = await call('POST', '/localities', adminToken, { name: 'Api Locality' });
    assert.equal(loc.statusCode, 201);
    const team = await call('POST', '/teams', adminToken, {
      name: 'Api MAT',
      type: 'multi',
      localityId: loc.json<{ id: string }>().id,
    });
    assert.equal(team.statusCode, 201, team.body);
    assert.equal(team.json<{ multiAgency: boolean }>().multiAgency, true);
    for (const [url, name] of [
      ['/organisations?q=api', 'Api Police'],
      ['/localities?q=api', 'Api Locality'],
      ['/teams?q=api', 'Api MAT'],
    ] as const) {
      const res = await call('GET', url, leaderToken);
      assert.equal(res.statusCode, 200, url);
      assert.deepEqual(
        res.json<{ items: { name: string }[] }>().items.map((i) => i.name),
        [name],
      );
    }
  });

  it('describes its routes in the OpenAPI document', async () => {
    const res = await call('GET', '/openapi.json', leaderToken);
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    for (const path of ['/api/v1/people', '/api/v1/people/{id}', '/api/v1/teams'])
      assert.ok(paths.includes(path), path);
  });

  it('lets leaders read but not change, and practitioners neither', async () => {
    const write = await call('POST', '/organisations', leaderToken, { name: 'No', kind: 'other' });
    assert.equal(write.statusCode, 403);
    assert.equal((await call('GET', '/people', practitionerToken)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/people' })).statusCode, 401);
  });
});
