import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registeredRoutes } from '../http/pipeline.js';
import { isPolicyName } from './policies.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { snapshot } from '../../../test/support/snapshot.js';

const ANONYMOUS_ALLOWED = [
  /^\/sign-in/,
  /^\/signed-out$/,
  /^\/forgot-password/,
  /^\/reset-password\//,
  /^\/invitation\//,
  /^\/health$/,
  /^\/public\//,
  /^\/assets\//,
  /^\/accessibility$/,
  /^\/privacy$/,
];

const fill = (url: string) =>
  url.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000').replace('*', 'x');

describe('access rules on every route', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('every registered route declares a known policy', () => {
    const routes = registeredRoutes.get(t.app)!;
    assert.ok(routes.length > 20, 'routes were recorded');
    const missing = routes
      .filter((r) => !isPolicyName(r.config.policy))
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
  });

  it('only sign-in, password reset, invitation, health, legal pages and static assets are public', () => {
    const publicRoutes = registeredRoutes
      .get(t.app)!
      .filter((r) => r.config.policy === 'public')
      .map((r) => r.url);
    const unexpected = publicRoutes.filter((url) => !ANONYMOUS_ALLOWED.some((re) => re.test(url)));
    assert.deepEqual(unexpected, []);
  });

  it('an anonymous request to any other route is sent to sign in (pages) or refused (posts without our CSRF token, and the API)', async () => {
    for (const r of registeredRoutes.get(t.app)!) {
      if (r.config.policy === 'public' || r.method === 'HEAD') continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: fill(r.url) });
      if (r.url.startsWith('/api/')) {
        assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      } else {
        // A signed-out post is kept for after sign-in only when it carries our CSRF token
        // (the sign-in tests); without one it is refused like any forged form.
        const expected = r.method === 'GET' ? 303 : 403;
        assert.equal(res.statusCode, expected, `${r.method} ${r.url} gave ${res.statusCode}`);
      }
    }
  });

  it('every state-changing form refuses a post without a CSRF token, and changes nothing', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const agent = new Agent(t.app);
    await agent.signIn(admin.email, PASSWORD);
    const formRoutes = registeredRoutes
      .get(t.app)!
      .filter(
        (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.url.startsWith('/api/'),
      );
    assert.ok(formRoutes.length > 5);
    const before = await snapshot(t.database.query, ['rate_limits', 'audit_events']);
    for (const r of formRoutes) {
      if (r.url === '/sign-in' || r.url.startsWith('/sign-in/')) continue; // below, with no session
      const res = await agent.post(fill(r.url), { name: 'changed' }, { csrf: false });
      assert.equal(res.statusCode, 403, `${r.method} ${r.url} gave ${res.statusCode}`);
    }
    assert.deepEqual(await snapshot(t.database.query, ['rate_limits', 'audit_events']), before);
    const anonymous = new Agent(t.app);
    const res = await anonymous.post(
      '/sign-in',
      { email: admin.email, password: PASSWORD },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.equal(anonymous.hasCookie('dw_session'), false);

    // Single sign-on starts from a form too: without the token it goes nowhere and sets no
    // flow cookie; with it, it gets as far as looking for the email's provider (none here).
    const sso = new Agent(t.app);
    await sso.get('/sign-in');
    const refused = await sso.post('/sign-in/sso', { email: admin.email }, { csrf: false });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers.location, undefined);
    assert.equal(sso.hasCookie('dw_sso'), false);
    const withToken = await sso.post('/sign-in/sso', { email: admin.email });
    assert.equal(withToken.statusCode, 404);
    assert.deepEqual(await snapshot(t.database.query, ['rate_limits', 'audit_events']), before);
  });
});
