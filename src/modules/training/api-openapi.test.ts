import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiRoutes, callApi, tokenFor } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';

// The OpenAPI document describes every training route with its schemas: the path's ids, the
// body (the same zod schema as the page's form, or the API one defined beside it), what it
// answers, and its problem+json refusals, a refused booking's courses to complete included.

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Operation {
  summary?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** Changes whose path says it all: no body. */
const NO_BODY = /\/(cancel|retire|restore)$/;
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('the training API in the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  before(async () => {
    t = await startTestApp();
    const { partnership } = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const res = await callApi(t, await tokenFor(t, partnership.id, admin.id))(
      'GET',
      '/openapi.json',
    );
    assert.equal(res.statusCode, 200);
    doc = res.json<Doc>();
  });
  after(() => t.close());

  const op = (path: string, method: string) => doc.paths[path]![method]!;
  const body = (path: string, method: string) =>
    op(path, method).requestBody!.content['application/json']!.schema.properties!;

  it('describes every training route with its schemas and refusals', () => {
    const routes = apiRoutes(t, '/training');
    const expected = [
      'GET /api/v1/training/courses',
      'POST /api/v1/training/courses',
      'GET /api/v1/training/courses/:id',
      'PUT /api/v1/training/courses/:id',
      'POST /api/v1/training/courses/:id/retire',
      'POST /api/v1/training/courses/:id/restore',
      'GET /api/v1/training/sessions',
      'GET /api/v1/training/courses/:id/sessions',
      'POST /api/v1/training/courses/:id/sessions',
      'GET /api/v1/training/sessions/:id',
      'PUT /api/v1/training/sessions/:id',
      'POST /api/v1/training/sessions/:id/cancel',
      'GET /api/v1/training/sessions/:id/bookings',
      'POST /api/v1/training/sessions/:id/bookings',
      'POST /api/v1/training/sessions/:id/team-bookings',
      'POST /api/v1/training/bookings/:id/cancel',
      'GET /api/v1/training/people/:id/bookings',
      'GET /api/v1/training/sessions/:id/register',
      'PUT /api/v1/training/sessions/:id/register',
      'GET /api/v1/training/coverage',
    ];
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const name of expected) assert.ok(names.includes(name), `${name} is a route`);

    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      const o = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      assert.ok(o, `${name} is in the document`);
      assert.ok(o.summary, `${name} has a summary`);
      for (const param of r.url.match(/:(\w+)/g) ?? [])
        assert.ok(
          o.parameters?.some((p) => p.in === 'path' && p.name === param.slice(1)),
          `${name} describes ${param}`,
        );
      const ok = Object.entries(o.responses).find(([status]) => /^2\d\d$/.test(status));
      assert.ok(ok?.[1].content?.['application/json']?.schema, `${name} describes its answer`);
      for (const status of ['400', '401', '403', '404'])
        assert.ok(o.responses[status], `${name} describes its ${status}`);
      if (['POST', 'PUT'].includes(r.method) && !NO_BODY.test(r.url))
        assert.ok(o.requestBody?.content['application/json']?.schema, `${name} describes its body`);
    }
  });

  it('documents the forms’ schemas, and the API’s own beside them', () => {
    const course = body('/api/v1/training/courses', 'post');
    for (const field of ['title', 'learningOutcomes', 'prerequisiteIds', 'delivery'])
      assert.ok(field in course, `a course has ${field}`);
    const session = body('/api/v1/training/courses/{id}/sessions', 'post');
    for (const field of ['startsAt', 'endsAt', 'places', 'trainerIds'])
      assert.ok(field in session, `a session has ${field}`);
    assert.ok('personIds' in body('/api/v1/training/sessions/{id}/team-bookings', 'post'));
    assert.ok('personId' in body('/api/v1/training/sessions/{id}/bookings', 'post'));
    const marks = body('/api/v1/training/sessions/{id}/register', 'put').marks!;
    assert.ok(marks.items!.properties!.attendance);

    // A refused booking says why, and which courses come first.
    const refused = op('/api/v1/training/sessions/{id}/bookings', 'post').responses['409'];
    const refusal = refused?.content?.['application/problem+json']?.schema;
    assert.ok(refusal?.properties?.missing, 'a refusal lists the courses to complete first');
    assert.ok(op('/api/v1/training/bookings/{id}/cancel', 'post').responses['409']);
  });
});
