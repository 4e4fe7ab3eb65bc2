import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { auditEvents } from '../audit/tables.js';
import { teams } from '../tenancy/tables.js';
import { createApiToken, resolveApiToken } from './api-tokens.js';
import { apiTokens } from './tables.js';
import { hashSecret } from './tokens.js';

const idOnPage = (body: string) => /\/admin\/api-tokens\/([0-9a-f-]{36})\/revoke/.exec(body)?.[1];

describe('API tokens', () => {
  let t: TestApp;
  let partnershipId: string;
  let admin: Agent;
  let adminId: string;
  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    const person = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    adminId = person.id;
    admin = new Agent(t.app);
    await admin.signIn(person.email, PASSWORD);
  });
  after(() => t.close());

  it('creates a token, shows its secret once, stores only its hash, and audits it', async () => {
    const empty = await admin.get('/admin/api-tokens');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /There are no tokens yet/);

    const form = await admin.get('/admin/api-tokens/new');
    assert.match(form.body, /name="roles" type="checkbox" value="manager"/);
    const created = await admin.post('/admin/api-tokens', {
      name: 'Case system',
      roles: ['manager', 'trainer'],
    });
    // Shown after a redirect, so reloading the page cannot make a second token.
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/admin/api-tokens/created');
    const shown = await admin.get('/admin/api-tokens/created');
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.headers['cache-control'], 'no-store');
    assert.match(shown.body, /Copy the token now/);
    const secret = /value="(dw_[\w-]+)"/.exec(shown.body)?.[1];
    assert.ok(secret, 'the secret is on the page');
    const reloaded = await admin.get('/admin/api-tokens/created');
    assert.match(reloaded.body, /The token has already been shown/);
    assert.ok(!reloaded.body.includes(secret), 'shown once');

    const [row] = await t.database.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.partnershipId, partnershipId));
    assert.equal(row!.tokenHash, hashSecret(secret));
    assert.deepEqual(row!.roles, ['manager', 'trainer']);
    assert.equal(row!.createdBy, adminId);
    assert.ok(!JSON.stringify(row).includes(secret), 'the secret itself is not stored');

    const list = await admin.get('/admin/api-tokens');
    assert.match(list.body, /Case system/);
    assert.match(list.body, /Manager, Trainer/);
    assert.match(list.body, /Never/);
    assert.ok(!list.body.includes(secret), 'never shown again');

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, row!.id));
    assert.deepEqual(
      audited.map((a) => [a.action, a.actorId]),
      [['api-token.created', adminId]],
    );
  });

  it('refuses a token with no name or no roles, keeping what was typed', async () => {
    await admin.get('/admin/api-tokens/new');
    const res = await admin.post('/admin/api-tokens', { name: '  ', roles: 'leader' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Create an API token/);
    assert.match(res.body, /Enter a name for the token/);
    assert.match(res.body, /value="leader" checked/);
    const noRoles = await admin.post('/admin/api-tokens', { name: 'Reports' });
    assert.equal(noRoles.statusCode, 400);
    assert.match(noRoles.body, /Choose at least one role/);
    assert.match(noRoles.body, /value="Reports"/);
    const bogus = await admin.post('/admin/api-tokens', { name: 'Reports', roles: 'superuser' });
    assert.equal(bogus.statusCode, 400);
  });

  it('shows a new secret only to the admin who made it, and not once the token is revoked', async () => {
    const made = await admin.post('/admin/api-tokens', { name: 'Carried', roles: 'leader' });
    const line = ([made.headers['set-cookie']].flat() as string[]).find((c) =>
      c.startsWith('dw_token_created='),
    )!;
    assert.match(line, /Path=\/admin\/api-tokens\/created/);
    assert.match(line, /HttpOnly/);
    assert.match(line, /SameSite=Strict/);
    assert.match(line, /Max-Age=60/);
    const carried = line.split(';')[0]!;
    const other = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    const colleague = new Agent(t.app);
    await colleague.signIn(other.email, PASSWORD);
    const seen = (agent: Agent, cookie: string) =>
      t.app.inject({
        url: '/admin/api-tokens/created',
        headers: {
          // the agent keeps cookies whatever their path: only the one given here is sent
          cookie: [
            ...agent.cookieHeader.split('; ').filter((c) => !c.startsWith('dw_token_created=')),
            cookie,
          ].join('; '),
        },
      });
    assert.match((await seen(colleague, carried)).body, /already been shown/);
    const tampered = carried.replace(/dw_token_created=./, 'dw_token_created=x');
    assert.match((await seen(admin, tampered)).body, /already been shown/);
    assert.match((await seen(admin, carried)).body, /Copy the token now/);
    await t.database.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.name, 'Carried'));
    assert.match((await seen(admin, carried)).body, /already been shown/);
  });

  it('revokes a token after a confirmation page; the API then refuses it', async () => {
    const { id, secret } = await createApiToken(t.database.db, {
      partnershipId,
      name: 'Old link',
      roles: ['admin'],
      createdBy: adminId,
    });
    const api = (token?: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/openapi.json',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    assert.equal((await api(secret)).statusCode, 200);
    const list = await admin.get('/admin/api-tokens');
    assert.match(list.body, new RegExp(`/admin/api-tokens/${id}/revoke`));
    const rowOf = (body: string) => body.split('Old link')[1]!.split('</tr>')[0]!;
    assert.doesNotMatch(rowOf(list.body), /Never/, 'last used is shown once used');

    const confirm = await admin.get(`/admin/api-tokens/${id}/revoke`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Revoke the token “Old link”\?/);
    const done = await admin.post(`/admin/api-tokens/${id}/revoke`, {});
    assert.equal(done.statusCode, 303);
    assert.match(String(done.headers.location), /revoked=1/);
    const after = await admin.get(String(done.headers.location));
    assert.match(after.body, /The token has been revoked/);
    assert.match(after.body, /Revoked/);
    assert.equal(idOnPage(rowOf(after.body)), undefined);

    const refused = await api(secret);
    assert.equal(refused.statusCode, 401);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, id));
    assert.ok(audited.some((a) => a.action === 'api-token.revoked'));
  });

  it("treats another partnership's token as not found, and is for partnership admins only", async () => {
    const other = await makePartnership(t.database.db);
    const otherAdmin = await makePerson(t.database.db, other.partnership.id, { roles: ['admin'] });
    const { id } = await createApiToken(t.database.db, {
      partnershipId: other.partnership.id,
      name: 'Theirs',
      roles: ['admin'],
      createdBy: otherAdmin.id,
    });
    assert.equal((await admin.get(`/admin/api-tokens/${id}/revoke`)).statusCode, 404);
    await admin.get('/admin/api-tokens');
    assert.equal((await admin.post(`/admin/api-tokens/${id}/revoke`, {})).statusCode, 404);
    assert.equal((await admin.get('/admin/api-tokens/not-a-uuid/revoke')).statusCode, 404);
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    assert.equal(row!.revokedAt, null);
    assert.doesNotMatch((await admin.get('/admin/api-tokens')).body, /Theirs/);

    const practitioner = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(practitioner.email, PASSWORD);
    assert.equal((await agent.get('/admin/api-tokens')).statusCode, 403);
  });

  it('scopes a token to the teams the admin chooses, only this partnership’s', async () => {
    const db = t.database.db;
    const [team] = await db
      .insert(teams)
      .values({ partnershipId, name: 'Northside MAT', multiAgency: true })
      .returning();
    const [retired] = await db
      .insert(teams)
      .values({ partnershipId, name: 'Old team', multiAgency: true, retiredAt: new Date() })
      .returning();
    const other = await makePartnership(db);
    const form = await admin.get('/admin/api-tokens/new');
    assert.match(form.body, new RegExp(`name="teamIds" type="checkbox" value="${team!.id}"`));
    assert.doesNotMatch(form.body, new RegExp(retired!.id), 'retired teams are not offered');

    const foreign = await admin.post('/admin/api-tokens', {
      name: 'Sneaky',
      roles: 'practitioner',
      teamIds: [team!.id, other.team.id],
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Choose teams from the list/);
    assert.match(foreign.body, /value="Sneaky"/);
    assert.match(foreign.body, new RegExp(`value="${team!.id}" checked`));
    const notId = await admin.post('/admin/api-tokens', {
      name: 'Sneaky',
      roles: 'practitioner',
      teamIds: 'everyone',
    });
    assert.equal(notId.statusCode, 400);
    assert.equal(
      (await db.select().from(apiTokens).where(eq(apiTokens.name, 'Sneaky'))).length,
      0,
      'nothing made',
    );

    const created = await admin.post('/admin/api-tokens', {
      name: 'Northside system',
      roles: 'practitioner',
      teamIds: team!.id,
    });
    assert.equal(created.statusCode, 303);
    const shown = await admin.get(created.headers.location as string);
    assert.match(shown.body, /It works for Northside MAT/);
    const secret = /value="(dw_[\w-]+)"/.exec(shown.body)![1]!;
    const actor = await resolveApiToken(db, secret, new Date());
    assert.deepEqual([actor!.kind, actor!.teamIds], ['service', [team!.id]]);
    const list = await admin.get('/admin/api-tokens?q=northside');
    assert.match(list.body, /Northside system/);
    assert.match(list.body, /<td class="govuk-table__cell">Northside MAT<\/td>/);

    const bare = await createApiToken(db, {
      partnershipId,
      name: 'No team',
      roles: ['admin'],
      createdBy: adminId,
    });
    assert.deepEqual((await resolveApiToken(db, bare.secret, new Date()))!.teamIds, []);
  });

  it('records when a token was last used, to the minute, without a write on every request', async () => {
    const db = t.database.db;
    const { id, secret } = await createApiToken(db, {
      partnershipId,
      name: 'Busy system',
      roles: ['leader'],
      createdBy: adminId,
    });
    const lastUsed = async () =>
      (await db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt?.getTime();
    const first = new Date('2026-11-21T10:00:00Z');
    assert.ok(await resolveApiToken(db, secret, first));
    assert.equal(await lastUsed(), first.getTime());
    assert.ok(await resolveApiToken(db, secret, new Date(first.getTime() + 59_000)));
    assert.equal(await lastUsed(), first.getTime(), 'not written again within the minute');
    const later = new Date(first.getTime() + 60_000);
    assert.ok(await resolveApiToken(db, secret, later));
    assert.equal(await lastUsed(), later.getTime());
  });

  it('searches tokens by name', async () => {
    await createApiToken(t.database.db, {
      partnershipId,
      name: 'Finance export',
      roles: ['leader'],
      createdBy: adminId,
    });
    const found = await admin.get('/admin/api-tokens?q=finance');
    assert.match(found.body, /Finance export/);
    assert.doesNotMatch(found.body, /Case system/);
    const none = await admin.get('/admin/api-tokens?q=zzz');
    assert.match(none.body, /No tokens have a name matching/);
  });
});
