import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { frameworkContext } from '../../../test/support/frameworks.js';
import { seedDemo } from '../../demo/seed.js';
import { readFramework } from './service.js';

describe('the demo partnership’s practice framework', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('starts from the Portsmouth-style template', async () => {
    const demo = await seedDemo(t.database.db);
    const ctx = frameworkContext(t, {
      id: '00000000-0000-4000-8000-000000000000',
      partnershipId: demo.partnershipId,
      name: 'Reader',
      roles: ['practitioner'],
    });
    const f = await readFramework(ctx);
    assert.equal(f.principles.length, 10);
    assert.equal(f.concepts.length, 2);
    assert.match(f.credit, /Portsmouth/);
  });
});
