import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { frameworkContext } from '../../../test/support/frameworks.js';
import { markQuestionUsed, readFramework } from './service.js';

const idOf = (html: string, name: string) => {
  const at = html.indexOf(`<strong>${name}</strong>`);
  assert.ok(at > 0, `${name} is on the page`);
  const ids = [...html.slice(0, at).matchAll(/id="item-([0-9a-f-]{36})"/g)];
  return ids.at(-1)![1]!;
};

describe('practice framework pages', () => {
  let t: TestApp;
  let admin: Agent;
  let practitioner: Agent;
  let adminPerson: Awaited<ReturnType<typeof makePerson>>;

  before(async () => {
    t = await startTestApp();
    const { partnership } = await makePartnership(t.database.db);
    adminPerson = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const p = await makePerson(t.database.db, partnership.id, { roles: ['practitioner'] });
    admin = new Agent(t.app);
    await admin.signIn(adminPerson.email, PASSWORD);
    practitioner = new Agent(t.app);
    await practitioner.signIn(p.email, PASSWORD);
  });
  after(() => t.close());

  it('shows an empty framework: admins are offered a template, others are told to wait', async () => {
    const a = await admin.get('/framework');
    assert.equal(a.statusCode, 200);
    assert.match(a.body, /Choose a starting template/);
    const p = await practitioner.get('/framework');
    assert.equal(p.statusCode, 200);
    assert.doesNotMatch(p.body, /Choose a starting template/);
    assert.match(p.body, /not set up its practice framework yet/);
  });

  it('applies a template from the radios, and asks before applying another', async () => {
    const page = await admin.get('/framework/templates');
    assert.match(page.body, /type="radio"/);
    const none = await admin.post('/framework/templates', {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Choose a starting template/);

    const first = await admin.post('/framework/templates', { template: 'devon' });
    assert.equal(first.statusCode, 303);
    const view = await practitioner.get('/framework');
    assert.match(view.body, /Relational/);
    assert.match(view.body, /We are trustworthy\./);
    assert.match(view.body, /Devon County Council/);

    const second = await admin.post(
      '/framework/templates',
      { template: 'shropshire' },
      { from: '/framework/templates' },
    );
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /already has items/);
    const noMode = await admin.post('/framework/templates/apply', { template: 'shropshire' });
    assert.equal(noMode.statusCode, 400);
    assert.match(noMode.body, /Choose whether to add to or replace/);
    const applied = await admin.post('/framework/templates/apply', {
      template: 'shropshire',
      mode: 'add',
    });
    assert.equal(applied.statusCode, 303);
    const after = await practitioner.get('/framework');
    assert.match(after.body, /Relational/);
    assert.match(after.body, /Ways forward/);
  });

  it('adds, edits and reorders principles and questions without JavaScript', async () => {
    const bad = await admin.post(
      '/framework/add/principle',
      { name: '  ', description: 'Kept as typed' },
      { from: '/framework/add/principle' },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the principle/);
    assert.match(bad.body, /Kept as typed/);

    const ok = await admin.post('/framework/add/principle', {
      name: 'Plain words',
      description: 'We write so families understand',
    });
    assert.equal(ok.statusCode, 303);
    let manage = await admin.get('/framework/manage');
    const id = idOf(manage.body, 'Plain words');
    const moved = await admin.post(`/framework/items/${id}/move`, { direction: 'up' });
    assert.equal(moved.statusCode, 303);
    manage = await admin.get('/framework/manage');
    const principles = [...manage.body.matchAll(/Principle<\/span>\s*<strong>([^<]+)</g)].map(
      (m) => m[1],
    );
    assert.equal(principles.at(-2), 'Plain words', 'moved up one place');

    const edit = await admin.post(
      `/framework/items/${id}/edit`,
      { name: '', description: 'Still here' },
      { from: `/framework/items/${id}/edit` },
    );
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /Still here/);
    await admin.post(`/framework/items/${id}/edit`, { name: 'Plain English', description: '' });
    assert.match((await practitioner.get('/framework')).body, /Plain English/);

    const f = await readFramework(frameworkContext(t, adminPerson));
    const category = f.questionSets[0]!.children[0]!;
    const added = await admin.post(
      '/framework/add/question',
      { name: 'What matters most to you?', parentId: category.id },
      { from: `/framework/add/question?parent=${category.id}` },
    );
    assert.equal(added.statusCode, 303);
    assert.match((await practitioner.get('/framework')).body, /What matters most to you\?/);
  });

  it('names a description that is too long as its box is labelled', async () => {
    const f = await readFramework(frameworkContext(t, adminPerson));
    const category = f.questionSets[0]!.children[0]!;
    const res = await admin.post(
      '/framework/add/question',
      { name: 'How are you now?', description: 'x'.repeat(2001), parentId: category.id },
      { from: `/framework/add/question?parent=${category.id}` },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Note for the person asking \(optional\)/);
    assert.match(res.body, /“Note for the person asking” must be 2000 characters or fewer/);
    assert.doesNotMatch(res.body, /The description must be/);
  });

  it('retires after a confirmation page, restores, and removes only what was never used', async () => {
    let manage = await admin.get('/framework/manage');
    const id = idOf(manage.body, 'Plain English');
    const confirm = await admin.get(`/framework/items/${id}/retire`);
    assert.match(confirm.body, /Retire the principle/);
    await admin.post(`/framework/items/${id}/retire`, {});
    assert.doesNotMatch((await practitioner.get('/framework')).body, /Plain English/);
    manage = await admin.get('/framework/manage');
    assert.match(manage.body, /Retired/);
    await admin.post(`/framework/items/${id}/restore`, {}, { from: '/framework/manage' });
    assert.match((await practitioner.get('/framework')).body, /Plain English/);

    const ctx = frameworkContext(t, adminPerson);
    const f = await readFramework(ctx);
    const question = f.questionSets[0]!.children[0]!.children[0]!;
    await ctx.db.transaction((tx) => markQuestionUsed(tx, ctx, question.id));
    const refused = await admin.get(`/framework/items/${question.id}/remove`);
    assert.match(refused.body, /cannot be removed/);
    const post = await admin.post(`/framework/items/${question.id}/remove`, {});
    assert.equal(post.statusCode, 409);
    assert.ok((await readFramework(ctx)).questionSets[0]!.children[0]!.children[0]);

    const removePage = await admin.get(`/framework/items/${id}/remove`);
    assert.match(removePage.body, /Remove the principle/);
    const removed = await admin.post(`/framework/items/${id}/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.doesNotMatch((await admin.get('/framework/manage')).body, /Plain English/);
  });

  it('edits the name and credit', async () => {
    const res = await admin.post(
      '/framework/details',
      { name: 'The Demo Way', credit: 'Adapted by our partnership' },
      { from: '/framework/details' },
    );
    assert.equal(res.statusCode, 303);
    const view = await practitioner.get('/framework');
    assert.match(view.body, /The Demo Way/);
    assert.match(view.body, /Adapted by our partnership/);
  });

  it('a practitioner can read but every change is refused with 403', async () => {
    const manage = await admin.get('/framework/manage');
    const id = idOf(manage.body, 'Relational');
    for (const url of [
      '/framework/manage',
      '/framework/templates',
      `/framework/items/${id}/edit`,
    ]) {
      assert.equal((await practitioner.get(url)).statusCode, 403, url);
    }
    await practitioner.get('/framework');
    for (const [url, form] of [
      ['/framework/templates', { template: 'devon' }],
      ['/framework/add/principle', { name: 'Mine' }],
      [`/framework/items/${id}/edit`, { name: 'Mine' }],
      [`/framework/items/${id}/retire`, {}],
      [`/framework/items/${id}/move`, { direction: 'up' }],
    ] as const) {
      assert.equal((await practitioner.post(url, form)).statusCode, 403, url);
    }
  });

  it('another partnership’s item is not found', async () => {
    const manage = await admin.get('/framework/manage');
    const id = idOf(manage.body, 'Relational');
    const { partnership } = await makePartnership(t.database.db);
    const otherAdmin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const other = new Agent(t.app);
    await other.signIn(otherAdmin.email, PASSWORD);
    assert.equal((await other.get(`/framework/items/${id}/edit`)).statusCode, 404);
    await other.get('/framework/manage');
    assert.equal(
      (await other.post(`/framework/items/${id}/edit`, { name: 'Taken' })).statusCode,
      404,
    );
    assert.equal((await other.post(`/framework/items/${id}/retire`, {})).statusCode, 404);
    assert.equal((await other.get('/framework/items/not-a-uuid/edit')).statusCode, 404);
    assert.equal((await other.get(`/framework/add/value?parent=${id}`)).statusCode, 404);
    assert.equal(
      (await other.post('/framework/add/value', { name: 'Under theirs', parentId: id })).statusCode,
      404,
    );
    assert.equal((await other.get('/framework/add/question')).statusCode, 404, 'needs a category');
    assert.equal((await other.get('/framework/add/nonsense')).statusCode, 404);
    assert.doesNotMatch((await other.get('/framework')).body, /Relational/);
  });
});
