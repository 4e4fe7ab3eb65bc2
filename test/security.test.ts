import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ConfigError, loadConfig } from '../src/config.js';
import { createApiToken, revokeApiToken } from '../src/platform/auth/api-tokens.js';
import { startTestApp, type TestApp } from './support/app.js';
import { Agent } from './support/agent.js';
import { makePartnership, makePerson, PASSWORD } from './support/factories.js';

// "    at fn (/path/file.ts:1:2)" or "at /path/file.ts:1:2": a stack frame, never shown to anyone.
const STACK_FRAME = /\bat (?:[\w.<>[\] ]+ )?\(?(?:file:|node:|\/)[^\s)]*:\d+:\d+/;

describe('security headers, error pages and failures', () => {
  let t: TestApp;
  let partnershipId: string;
  let adminId: string;
  let agent: Agent;
  const seen: LightMyRequestResponse[] = [];
  const keep = (res: LightMyRequestResponse) => (seen.push(res), res);

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    adminId = admin.id;
    agent = new Agent(t.app);
    await agent.signIn(admin.email, PASSWORD);
  });
  after(() => t.close());

  it('sends the security headers, with a CSP nonce that the page’s script carries', async () => {
    const res = keep(await t.app.inject({ method: 'GET', url: '/sign-in' }));
    assert.equal(res.statusCode, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, `a script nonce in ${csp}`);
    assert.match(res.body, new RegExp(`<script[^>]+nonce="${nonce}"`));
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id']);

    const again = await t.app.inject({ method: 'GET', url: '/sign-in' });
    assert.notEqual(
      /'nonce-([^']+)'/.exec(String(again.headers['content-security-policy']))?.[1],
      nonce,
      'a new nonce on every response',
    );
  });

  it('marks pages for a signed-in person as not to be stored', async () => {
    const res = keep(await agent.get('/'));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('shows the styled 404 page, and problem+json for the API', async () => {
    const page = keep(await agent.get('/no-such-page'));
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /<title>Page not found/);
    assert.match(page.body, /govuk-header/);
    assert.match(page.body, /\/public\/app.css/);

    const api = keep(await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }));
    assert.equal(api.statusCode, 404);
    assert.match(String(api.headers['content-type']), /application\/problem\+json/);
    const problem = api.json<{ status: number; title: string }>();
    assert.equal(problem.status, 404);
    assert.equal(problem.title, 'Not found');
  });

  it('refuses a body over the limit with 413, and a malformed one with 400, without internals', async () => {
    const big = keep(
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `email=${'a'.repeat(300 * 1024)}`,
      }),
    );
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /too large/);

    const bigApi = keep(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/anything',
        headers: { 'content-type': 'application/json' },
        payload: `{"a":"${'b'.repeat(300 * 1024)}"}`,
      }),
    );
    assert.ok([404, 413].includes(bigApi.statusCode));
    assert.match(String(bigApi.headers['content-type']), /problem\+json/);

    const badJson = keep(
      await t.app.inject({
        method: 'POST',
        url: '/session/keep-alive',
        headers: { 'content-type': 'application/json', cookie: agent.cookieHeader },
        payload: '{"not json',
      }),
    );
    assert.equal(badJson.statusCode, 400);
    const oddType = keep(
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-unknown' },
        payload: 'x',
      }),
    );
    assert.equal(oddType.statusCode, 415);
  });

  it('takes NUL characters out of what is sent, which the database would refuse', async () => {
    const res = keep(
      await agent.post(
        '/admin/organisations/new',
        { name: 'Harbour\u0000 Trust', kind: 'nhs' },
        { from: '/admin/organisations/new' },
      ),
    );
    assert.equal(res.statusCode, 303);
    const page = keep(await agent.get(res.headers.location as string));
    assert.match(page.body, /Harbour Trust/);
  });

  it('takes NUL characters out of a search too, for pages and the API', async () => {
    const page = keep(await agent.get('/admin/people?q=%00Harbour'));
    assert.equal(page.statusCode, 200);
    const { secret } = await createApiToken(t.database.db, {
      partnershipId,
      name: 'NUL prober',
      roles: ['practitioner'],
      createdBy: adminId,
    });
    const api = keep(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/families?q=%00',
        headers: { authorization: `Bearer ${secret}` },
      }),
    );
    assert.equal(api.statusCode, 200);
  });

  it('refuses a session cookie on an API route whatever way its path is written', async () => {
    for (const url of ['/api/v1/families', '/%61pi/v1/families', '/%61pi/v1/caseload']) {
      const res = keep(
        await t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookieHeader } }),
      );
      assert.equal(res.statusCode, 401, url);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, url);
    }
  });

  it('answers /health with the database status', async () => {
    const res = keep(await t.app.inject({ method: 'GET', url: '/health' }));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI 3.1 document only to a valid token, and refuses a revoked one', async () => {
    const get = (token?: string) =>
      t.app
        .inject({
          method: 'GET',
          url: '/api/v1/openapi.json',
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
        .then(keep);
    const anonymous = await get();
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer');
    assert.match(String(anonymous.headers['content-type']), /application\/problem\+json/);
    assert.equal((await get('dw_not-a-real-token')).statusCode, 401);

    const { id, secret } = await createApiToken(t.database.db, {
      partnershipId,
      name: 'Docs reader',
      roles: ['practitioner'],
      createdBy: adminId,
    });
    const doc = await get(secret);
    assert.equal(doc.statusCode, 200);
    const body = doc.json<{ openapi: string; info: { title: string } }>();
    assert.equal(body.openapi, '3.1.0');
    assert.equal(body.info.title, 'Doing With API');

    await revokeApiToken(t.database.db, partnershipId, id, t.clock.now());
    const revoked = await get(secret);
    assert.equal(revoked.statusCode, 401);
    assert.match(String(revoked.headers['content-type']), /application\/problem\+json/);
    // A session cookie is no way into the API.
    const withCookie = keep(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/openapi.json',
        headers: { cookie: agent.cookieHeader },
      }),
    );
    assert.equal(withCookie.statusCode, 401);
  });

  it('never shows a stack frame in any response', () => {
    assert.ok(seen.length >= 10);
    for (const res of seen) {
      assert.doesNotMatch(res.body, STACK_FRAME, `${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    assert.match('    at handler (/app/src/x.ts:10:5)', STACK_FRAME, 'the check itself works');
    assert.match('at file:///app/src/x.ts:10:5', STACK_FRAME);
    assert.doesNotMatch('Sign in at 2:05pm on 21 November 2026', STACK_FRAME);
  });
});

describe('configuration', () => {
  it('refuses a port that is not a port', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), ConfigError);
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  });

  it('refuses to run in production without a session secret of its own', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' }),
      ConfigError,
    );
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
    assert.equal(config.NODE_ENV, 'production');
  });

  it('refuses settings in the wrong shape, and has safe defaults', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), ConfigError);
    assert.throws(() => loadConfig({ SMTP_URL: 'http://mail' }), ConfigError);
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.secureCookies, false);
    assert.equal(loadConfig({ BASE_URL: 'https://rp.example.org' }).secureCookies, true);
  });

  it('trusts the proxies it is told of, and refuses anything else', () => {
    assert.equal(loadConfig({}).TRUST_PROXY, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, true);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).TRUST_PROXY, [
      '10.0.0.1',
      '10.1.0.0/16',
    ]);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'the load balancer' }), /TRUST_PROXY/);
  });
});
