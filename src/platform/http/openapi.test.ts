import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiRoutes, callApi, tokenFor } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';

// The OpenAPI document describes every API route, and each route of the work with families
// with its schemas: parameters, the body (the same zod schema as the page's form), what it
// answers, and its problem+json refusals.

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const FAMILY_WORK = [
  '/families',
  '/meetings',
  '/plans',
  '/actions',
  '/practice',
  '/caseload',
  '/team',
];
/** Changes whose path says it all (retire, end, held): no body. */
const NO_BODY = /\/(retire|end|held|close|reopen)$/;

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  before(async () => {
    t = await startTestApp();
    const { partnership } = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const token = await tokenFor(t, partnership.id, admin.id);
    const res = await callApi(t, token)('GET', '/openapi.json');
    assert.equal(res.statusCode, 200);
    doc = res.json<Doc>();
  });
  after(() => t.close());

  it('lists every API route', () => {
    const missing = apiRoutes(t, '/')
      .filter((r) => r.url !== '/api/v1/openapi.json')
      .filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
  });

  it('describes the refusals of every route, people and the framework included', () => {
    const routes = apiRoutes(t, '/').filter((r) => r.url !== '/api/v1/openapi.json');
    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!;
      for (const status of ['400', '401', '403', '404']) {
        const schema = op.responses[status]?.content?.['application/problem+json']?.schema as
          { properties?: Record<string, unknown> } | undefined;
        assert.ok(schema?.properties?.detail, `${name} describes its ${status} as a problem`);
      }
      // Under the media type the refusal is sent with, never as plain JSON.
      for (const [status, response] of Object.entries(op.responses))
        if (Number(status) >= 400)
          assert.ok(!response.content?.['application/json'], `${name} ${status}: problem+json`);
    }
  });

  it('describes a date the API takes as a calendar date, YYYY-MM-DD', () => {
    const body = (path: string) =>
      doc.paths[path]!.post!.requestBody!.content['application/json']!.schema.properties!;
    for (const [path, field] of [
      ['/api/v1/plans/{id}/reviews', 'dueOn'],
      ['/api/v1/plans/{id}/actions', 'dueOn'],
    ] as const)
      assert.equal((body(path)[field] as { format?: string }).format, 'date', `${path} ${field}`);
  });

  it('describes the 409 of each change that the record’s state can refuse', () => {
    const conflicts: [string, string][] = [
      ['/api/v1/training/courses/{id}/retire', 'post'], // other courses need it first
      ['/api/v1/training/sessions/{id}/cancel', 'post'], // it has started
      ['/api/v1/training/sessions/{id}/register', 'put'], // it has not started yet
      ['/api/v1/meetings/{id}/answers', 'post'], // a conference's private family time
      ['/api/v1/meetings/{id}/participants/{participantId}/invitations', 'post'], // held, passed
    ];
    for (const [path, method] of conflicts)
      assert.ok(doc.paths[path]![method]!.responses['409'], `${method} ${path} describes its 409`);
  });

  it('describes each route of the work with families with its schemas', () => {
    const routes = apiRoutes(t, ...FAMILY_WORK);
    assert.ok(routes.length >= 40, `${routes.length} routes`);
    for (const r of routes) {
      const name = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!;
      assert.ok(op.summary, `${name} has a summary`);
      for (const param of r.url.match(/:(\w+)/g) ?? [])
        assert.ok(
          op.parameters?.some((p) => p.in === 'path' && p.name === param.slice(1)),
          `${name} describes ${param}`,
        );
      const ok = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status));
      assert.ok(ok?.[1].content?.['application/json']?.schema, `${name} describes its answer`);
      for (const status of ['400', '401', '403', '404'])
        assert.ok(op.responses[status], `${name} describes its ${status}`);
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !NO_BODY.test(r.url))
        assert.ok(
          op.requestBody?.content['application/json']?.schema,
          `${name} describes its body`,
        );
    }
  });

  it('documents the same schema the pages’ forms use', () => {
    const body = (path: string, method: string) =>
      doc.paths[path]![method]!.requestBody!.content['application/json']!.schema.properties!;
    assert.ok('dateOfBirth-day' in body('/api/v1/families/{id}/members', 'post'));
    assert.ok('interpreterNeeded' in body('/api/v1/families/{id}/members/{memberId}', 'put'));
    // A meeting's start is an instant, and preparation dates are calendar dates, not the
    // form's three boxes.
    const meeting = body('/api/v1/families/{id}/meetings', 'post');
    assert.equal((meeting['startsAt'] as { format?: string }).format, 'date-time');
    assert.ok(!('date-day' in meeting));
    const preparation = body(
      '/api/v1/meetings/{id}/participants/{participantId}/preparation',
      'put',
    );
    assert.ok(!('contacted-day' in preparation));
    assert.ok(JSON.stringify(preparation['contactedOn']).includes('"format":"date"'));
    assert.ok('version' in body('/api/v1/plans/{id}/entries/{entryId}', 'put'));
    assert.ok('howWeWillKnow' in body('/api/v1/plans/{id}/actions', 'post'));
    const conflict = doc.paths['/api/v1/plans/{id}/entries/{entryId}']!.put!.responses['409'];
    assert.ok(conflict, 'the stale-version answer is described');
  });
});
