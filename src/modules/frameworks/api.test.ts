import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';

interface Node {
  id: string;
  kind: string;
  name: string;
  weAre: string | null;
  weWill: string | null;
  children: Node[];
}

describe('practice framework API', () => {
  let t: TestApp;
  let adminToken: string;
  let readToken: string;
  let otherToken: string;

  before(async () => {
    t = await startTestApp();
    const db = t.database.db;
    const { partnership } = await makePartnership(db);
    const person = await makePerson(db, partnership.id, { roles: ['admin'] });
    const base = { partnershipId: partnership.id, createdBy: person.id };
    adminToken = (await createApiToken(db, { ...base, name: 'admin', roles: ['admin'] })).secret;
    readToken = (await createApiToken(db, { ...base, name: 'read', roles: ['practitioner'] }))
      .secret;
    const other = await makePartnership(db);
    const otherPerson = await makePerson(db, other.partnership.id, { roles: ['admin'] });
    otherToken = (
      await createApiToken(db, {
        partnershipId: other.partnership.id,
        createdBy: otherPerson.id,
        name: 'other',
        roles: ['admin'],
      })
    ).secret;
  });
  after(() => t.close());

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });

  it('reads an empty framework, then writes principles, values and questions', async () => {
    const empty = await call(readToken, 'GET', '/api/v1/framework');
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(empty.json<{ principles: unknown[] }>().principles, []);

    const principle = await call(adminToken, 'POST', '/api/v1/framework/principles', {
      name: 'Relational',
      description: 'Relationships first',
    });
    assert.equal(principle.statusCode, 201);
    const p = principle.json<Node>();
    const value = await call(adminToken, 'POST', '/api/v1/framework/values', {
      name: 'Caring',
      parentId: p.id,
      weAre: 'caring',
      weWill: 'speak kindly',
    });
    assert.equal(value.statusCode, 201);

    const set = await call(adminToken, 'POST', '/api/v1/framework/question-sets', {
      name: 'Restorative questions',
    });
    const category = await call(adminToken, 'POST', '/api/v1/framework/categories', {
      name: 'What happened',
      parentId: set.json<Node>().id,
    });
    const question = await call(adminToken, 'POST', '/api/v1/framework/questions', {
      name: 'What happened?',
      parentId: category.json<Node>().id,
    });
    assert.equal(question.statusCode, 201);
    const q = question.json<Node>();

    const patched = await call(adminToken, 'PATCH', `/api/v1/framework/questions/${q.id}`, {
      name: 'Can you tell me what happened?',
    });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json<Node>().name, 'Can you tell me what happened?');
    const renamed = await call(adminToken, 'PATCH', `/api/v1/framework/principles/${p.id}`, {
      description: 'Trust comes first',
    });
    assert.equal(renamed.statusCode, 200);

    const read = await call(readToken, 'GET', '/api/v1/framework');
    const body = read.json<{ principles: Node[]; questionSets: Node[] }>();
    assert.equal(body.principles[0]!.children[0]!.weWill, 'speak kindly');
    assert.equal(
      body.questionSets[0]!.children[0]!.children[0]!.name,
      'Can you tell me what happened?',
    );
  });

  it('refuses bad input, wrong places, other partnerships and read-only tokens with problem+json', async () => {
    const problem = (
      res: { statusCode: number; headers: Record<string, unknown> },
      status: number,
    ) => {
      assert.equal(res.statusCode, status);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    };
    const empty = await call(adminToken, 'POST', '/api/v1/framework/principles', { name: ' ' });
    problem(empty, 400);
    assert.match(empty.body, /Enter the principle/);
    const loose = await call(adminToken, 'POST', '/api/v1/framework/questions', { name: 'Loose?' });
    problem(loose, 400);
    // Where it belongs is a field to fix, named like any other.
    assert.deepEqual(loose.json<{ errors: unknown[] }>().errors, [
      { path: 'parentId', message: 'A question must go under a category' },
    ]);
    problem(await call(readToken, 'POST', '/api/v1/framework/principles', { name: 'Mine' }), 403);

    const f = (await call(readToken, 'GET', '/api/v1/framework')).json<{ principles: Node[] }>();
    const id = f.principles[0]!.id;
    problem(
      await call(otherToken, 'PATCH', `/api/v1/framework/principles/${id}`, { name: 'x' }),
      404,
    );
    problem(
      await call(adminToken, 'PATCH', `/api/v1/framework/questions/${id}`, { name: 'x' }),
      404,
    );
    const otherView = await call(otherToken, 'GET', '/api/v1/framework');
    assert.deepEqual(otherView.json<{ principles: unknown[] }>().principles, []);
    problem(await t.app.inject({ method: 'GET', url: '/api/v1/framework' }), 401);
  });
});
