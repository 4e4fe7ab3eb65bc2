import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../platform/auth/api-tokens.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';

describe('the training API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const tokenFor = async (partnershipId: string, createdBy: string) =>
    (
      await createApiToken(t.database.db, {
        partnershipId,
        name: 'reader',
        roles: ['practitioner'],
        createdBy,
      })
    ).secret;

  it('lists courses and shows one with its sessions, without the joining link', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const trainer = await makePerson(t.database.db, partnership.id, { roles: ['trainer'] });
    const first = await courseWithSession(asPerson(t, trainer), { course: { title: 'First' } });
    const second = await courseWithSession(asPerson(t, trainer), {
      course: { title: 'Second', prerequisiteIds: [first.courseId] },
      places: 12,
    });
    const secret = await tokenFor(partnership.id, trainer.id);
    const get = (url: string, token = secret) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

    const list = await get('/api/v1/training/courses');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json<{ courses: { title: string }[] }>().courses.map((c) => c.title),
      ['First', 'Second'],
    );

    const one = await get(`/api/v1/training/courses/${second.courseId}`);
    assert.equal(one.statusCode, 200);
    const body = one.json<{
      prerequisites: { title: string }[];
      sessions: { id: string; placesLeft: number }[];
    }>();
    assert.deepEqual(
      body.prerequisites.map((p) => p.title),
      ['First'],
    );
    assert.equal(body.sessions[0]!.id, second.sessionId);
    assert.equal(body.sessions[0]!.placesLeft, 12);
    assert.doesNotMatch(one.body, /secret-room/);

    // Another partnership's course is not found; a bad id is a validation problem.
    const other = await makePartnership(t.database.db);
    const outsider = await makePerson(t.database.db, other.partnership.id);
    const theirs = await get(
      `/api/v1/training/courses/${second.courseId}`,
      await tokenFor(other.partnership.id, outsider.id),
    );
    assert.equal(theirs.statusCode, 404);
    assert.match(String(theirs.headers['content-type']), /application\/problem\+json/);
    assert.equal((await get('/api/v1/training/courses/not-an-id')).statusCode, 400);

    const docs = await get('/api/v1/openapi.json');
    const paths = docs.json<{ paths: Record<string, unknown> }>().paths;
    assert.ok(paths['/api/v1/training/courses']);
    assert.ok(paths['/api/v1/training/courses/{id}']);
  });
});
