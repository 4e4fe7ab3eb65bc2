import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld } from '../../../test/support/families.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import * as service from './service.js';
import { families } from './tables.js';

// The family API refuses service accounts (API tokens): a token has no allocation to any
// family, and letting it read every family in its partnership would show it more than any
// practitioner or manager sees. See api.ts. The refusal is problem+json and audited.

describe('family API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let familyId: string;
  let adminToken: string;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    const saved = await service.createFamily(w.ctx.practitioner(), { name: 'The Api family' });
    assert.ok(saved.ok);
    familyId = saved.id;
    adminToken = (
      await createApiToken(t.database.db, {
        partnershipId: w.partnership.id,
        name: 'Case system',
        roles: ['admin', 'practitioner', 'manager', 'leader'],
        createdBy: w.manager.id,
      })
    ).secret;
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });

  const routes: ['GET' | 'POST', string, object?][] = [
    ['GET', '/api/v1/families'],
    ['POST', '/api/v1/families', { name: 'From a token' }],
    ['GET', '/api/v1/families/:id'],
    ['POST', '/api/v1/families/:id/members', { name: 'Kai', relationship: 'son' }],
    [
      'POST',
      '/api/v1/families/:id/network',
      { name: 'Nan', kind: 'relative', relationship: 'nan', strength: 'strong' },
    ],
  ];

  it('refuses every family route to an API token, even an admin’s, with problem+json', async () => {
    for (const [method, path, body] of routes) {
      const url = path.replace(':id', familyId);
      const res = await call(method, url, adminToken, body);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json<{ status: number }>().status, 403);
      assert.doesNotMatch(res.body, /Api family/);
    }
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'access.denied'), eq(auditEvents.outcome, 'denied')));
    for (const [method, path] of routes)
      assert.ok(
        denied.some((d) => d.recordId === `${method} /api/v1${path.replace('/api/v1', '')}`),
        `${method} ${path} denial audited`,
      );
    const made = await t.database.db
      .select()
      .from(families)
      .where(eq(families.name, 'From a token'));
    assert.equal(made.length, 0);
  });

  it('asks for a token when there is none', async () => {
    const res = await call('GET', `/api/v1/families/${familyId}`);
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await call('GET', '/api/v1/openapi.json', adminToken);
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/api/v1/families',
      '/api/v1/families/{id}',
      '/api/v1/families/{id}/network',
    ])
      assert.ok(doc.paths[path], path);
  });
});
