import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { frameworkContext } from '../../../test/support/frameworks.js';
import { startBrowserSuite, type BrowserSuite } from '../../../test/browser/support.js';
import { applyTemplate } from './apply-template.js';
import { markQuestionUsed, readFramework, retireItem } from './service.js';

// Every framework page in a real browser, each checked by axe (WCAG 2.2 AA).
describe('practice framework pages in a browser', () => {
  let s: BrowserSuite;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  before(async () => {
    s = await startBrowserSuite();
    const { partnership } = await makePartnership(s.t.database.db);
    admin = await makePerson(s.t.database.db, partnership.id, { roles: ['admin'] });
  });
  after(() => s?.close());

  it('every page passes axe, with retired and used items on show', async () => {
    const ctx = frameworkContext(s.t, admin);
    await applyTemplate(ctx, 'devon', 'add');
    await applyTemplate(ctx, 'portsmouth', 'add');
    const f = await readFramework(ctx);
    const rs = f.principles[0]!;
    const question = f.questionSets[0]!.children[0]!.children[0]!;
    await ctx.db.transaction((tx) => markQuestionUsed(tx, ctx, question.id));
    await retireItem(ctx, f.principles[1]!.id);

    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    for (const path of [
      '/framework',
      '/framework/manage',
      '/framework/templates',
      '/framework/details',
      '/framework/add/principle',
      `/framework/add/value?parent=${rs.id}`,
      `/framework/items/${rs.children[0]!.id}/edit`,
      `/framework/items/${rs.id}/retire`,
      `/framework/items/${rs.id}/remove`,
      `/framework/items/${question.id}/remove`,
    ]) {
      const res = await j.visit(path);
      assert.equal(res?.status(), 200, path);
    }

    await j.visit('/framework/templates');
    await j.page.getByLabel('The Five Rs').check();
    await Promise.all([
      j.page.waitForNavigation(),
      j.page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    await j.check();
    assert.match(await j.heading(), /already has items/);
    await j.submit({}, 'Apply the template');
    assert.match(await j.page.title(), /^Error: /);
  });
});
