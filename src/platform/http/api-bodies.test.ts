import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiRoutes,
  assertProblem,
  callApi,
  tokenFor,
  type ApiToken,
} from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { roles } from '../tenancy/tables.js';

// A JSON body that is not an object (null, a string, an array), or an object whose fields have
// the wrong types, is a 400 problem+json on every route that takes a body: never a 500 from a
// cross-field check that ran on what was not an object, or on a field that was not a string.

const ANY_ID = '00000000-0000-4000-8000-000000000000';

describe('API bodies of the wrong shape', () => {
  let t: TestApp;
  let token: ApiToken;
  let withBody: Set<string>;
  before(async () => {
    t = await startTestApp();
    const { partnership } = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    token = await tokenFor(t, partnership.id, admin.id, { roles: [...roles] });
    // The routes that take a body, as the OpenAPI document describes them.
    const doc = (await callApi(t, token)('GET', '/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody?: object }>>;
    }>();
    withBody = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.requestBody)
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
  });
  after(() => t.close());

  const send = (method: string, url: string, payload: string) =>
    t.app.inject({
      method: method as 'POST',
      url: url.replace(/:\w+/g, ANY_ID),
      headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
      payload,
    });

  it('refuses null, a string or an array as the body with a 400, on every route', async () => {
    // A person's own routes ('signedIn') refuse a token before its body is read.
    const routes = apiRoutes(t, '/').filter(
      (r) => withBody.has(`${r.method} ${r.url}`) && r.policy !== 'signedIn',
    );
    assert.ok(routes.length >= 40, `${routes.length} routes`);
    for (const r of routes) {
      for (const payload of ['null', '"text"', '[]']) {
        const res = await send(r.method, r.url, payload);
        assertProblem(res, 400, `${r.method} ${r.url} ${payload}`);
        assert.ok(res.json<{ errors?: unknown[] }>().errors?.length, `${r.method} ${r.url}`);
      }
    }
  });

  it('refuses a body that is not JSON as an unsupported media type (415)', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/families',
        headers: { authorization: `Bearer ${token.secret}`, 'content-type': type },
        payload: '{"name":"The Plain family"}',
      });
      assertProblem(res, 415, type);
    }
  });

  it('refuses a meeting whose start is not a string, naming the field', async () => {
    for (const startsAt of [1000, { hour: 10 }]) {
      const res = await send(
        'POST',
        '/api/v1/families/:id/meetings',
        JSON.stringify({ kind: 'circle', title: 'Circle', startsAt }),
      );
      assertProblem(res, 400, JSON.stringify(startsAt));
      const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
      assert.ok(paths.includes('startsAt'), res.body);
    }
  });
});
