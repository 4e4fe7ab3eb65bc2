import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { createApiToken } from '../../platform/auth/api-tokens.js';

describe('the practice framework in the OpenAPI description', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('describes reading the framework and writing principles and questions', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const person = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const { secret } = await createApiToken(t.database.db, {
      partnershipId: partnership.id,
      name: 'docs',
      roles: ['practitioner'],
      createdBy: person.id,
    });
    const res = await t.app.inject({
      url: '/api/v1/openapi.json',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(res.statusCode, 200);
    const paths = res.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    assert.ok(paths['/api/v1/framework']?.get);
    assert.ok(paths['/api/v1/framework/principles']?.post);
    assert.ok(paths['/api/v1/framework/principles/{id}']?.patch);
    assert.ok(paths['/api/v1/framework/questions']?.post);
    assert.ok(paths['/api/v1/framework/questions/{id}']?.patch);
  });
});
