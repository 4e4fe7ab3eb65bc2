import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../../test/support/agent.js';
import { testDatabase } from '../../../test/support/database.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../db/index.js';
import { createMailer } from '../mail/index.js';

// What someone sees when the app itself fails: the service's own 500 page (or problem+json under
// /api/), never the error, its message or its stack. The failing routes exist only in this test.
const SECRET = 'connect ECONNREFUSED 10.0.0.5:5432 password=hunter2';

describe('a failure inside the app', () => {
  let database: Database;
  let app: FastifyInstance;
  before(async () => {
    database = await testDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    const mail = createMailer({ db: database.db, from: config.MAIL_FROM });
    app = await buildApp({ config, database, mail });
    const fail = () => {
      throw new Error(SECRET);
    };
    app.get('/broken', { config: { policy: 'public' } }, fail);
    app.get('/broken/signed-in', { config: { policy: 'signedIn' } }, fail);
    app.get('/api/v1/broken', { config: { policy: 'public' } }, fail);
    await app.ready();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const noInternals = (body: string) => {
    assert.doesNotMatch(body, /hunter2|ECONNREFUSED|10\.0\.0\.5/);
    assert.doesNotMatch(body, /\bat .+\.(ts|js):\d+/, 'no stack trace');
  };

  it('answers a page with the styled 500 page, and nothing of the error', async () => {
    const res = await new Agent(app).get('/broken');
    assert.equal(res.statusCode, 500);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(
      res.body,
      /<h1 class="govuk-heading-l">Sorry, there is a problem with the service/,
    );
    assert.match(res.body, /What you entered has not been saved/);
    assert.match(res.body, /<link rel="stylesheet" href="\/public\/app.css">/);
    assert.match(res.body, /<header class="govuk-header"/);
    assert.match(res.body, /<footer/);
    noInternals(res.body);
  });

  it('keeps the signed-in layout on a failed page', async () => {
    const { partnership } = await makePartnership(database.db, 'Failing Partnership');
    const person = await makePerson(database.db, partnership.id, { name: 'Fay Failure' });
    const agent = new Agent(app);
    await agent.signIn(person.email, PASSWORD);
    const res = await agent.get('/broken/signed-in');
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /Sorry, there is a problem with the service/);
    assert.match(res.body, /Signed in as Fay Failure/);
    assert.match(res.body, /dw-header__partnership[^"]*">Failing Partnership/);
    assert.equal(res.headers['cache-control'], 'no-store');
    noInternals(res.body);
  });

  it('answers the API with problem+json, and nothing of the error', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/broken' });
    assert.equal(res.statusCode, 500);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const problem = res.json<Record<string, unknown>>();
    assert.equal(problem.status, 500);
    assert.equal(problem.title, 'Internal server error');
    noInternals(res.body);
  });
});
