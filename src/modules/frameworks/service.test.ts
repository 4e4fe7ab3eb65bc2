import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { frameworkContext } from '../../../test/support/frameworks.js';
import { applyTemplate } from './apply-template.js';
import {
  addItem,
  editItem,
  markQuestionUsed,
  moveItem,
  readFramework,
  removeItem,
  restoreItem,
  retireItem,
} from './service.js';

describe('practice framework service', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const newContext = async () => {
    const { partnership } = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    return frameworkContext(t, admin);
  };

  it('applies the Portsmouth-style template: 10 principles, the 4 ways, the six-step continuum and questions', async () => {
    const ctx = await newContext();
    await applyTemplate(ctx, 'portsmouth', 'add');
    const f = await readFramework(ctx);
    assert.equal(f.principles.length, 10);
    const [window, continuum] = f.concepts;
    assert.deepEqual(
      window!.children.map((c) => c.name),
      ['TO', 'WITH', 'FOR', 'NOT'],
    );
    assert.equal(continuum!.children.length, 6);
    assert.equal(continuum!.children[0]!.name, 'Affective statement');
    assert.equal(continuum!.children[5]!.name, 'Restorative conference');
    assert.equal(f.questionSets.length, 1);
    assert.match(f.credit, /Portsmouth Children’s Trust/);
  });

  it('applies the Shropshire-style template: questions in five categories', async () => {
    const ctx = await newContext();
    await applyTemplate(ctx, 'shropshire', 'add');
    const f = await readFramework(ctx);
    const categories = f.questionSets[0]!.children;
    assert.deepEqual(
      categories.map((c) => c.name),
      ['What happened', 'Thoughts and feelings', 'Impact', 'Needs', 'Ways forward'],
    );
    assert.ok(
      categories.every(
        (c) => c.children.length >= 4 && c.children.every((q) => q.kind === 'question'),
      ),
    );
    assert.ok(f.principles.length >= 3);
  });

  it('applies the Devon-style template: five Rs with three "we are / we will" values each', async () => {
    const ctx = await newContext();
    await applyTemplate(ctx, 'devon', 'add');
    const f = await readFramework(ctx);
    assert.deepEqual(
      f.principles.map((p) => p.name),
      ['Relational', 'Respect', 'Responsibility', 'Resilience', 'Reflective'],
    );
    for (const r of f.principles) {
      assert.equal(r.children.length, 3);
      assert.ok(r.children.every((v) => v.kind === 'value' && v.weAre && v.weWill));
    }
  });

  it('adding a template keeps what is there; replacing deletes unused items and retires used ones', async () => {
    const ctx = await newContext();
    await applyTemplate(ctx, 'shropshire', 'add');
    const before = await readFramework(ctx);
    const question = before.questionSets[0]!.children[0]!.children[0]!;
    await ctx.db.transaction((tx) => markQuestionUsed(tx, ctx, question.id));

    await applyTemplate(ctx, 'devon', 'add');
    const added = await readFramework(ctx);
    assert.equal(added.principles.length, before.principles.length + 5);
    assert.match(added.credit, /Shropshire[\s\S]*Devon/);

    await applyTemplate(ctx, 'portsmouth', 'replace');
    const replaced = await readFramework(ctx);
    assert.equal(replaced.principles.length, 10);
    assert.equal(replaced.questionSets.length, 1, 'the used Shropshire set is retired, not shown');
    const all = await readFramework(ctx, { includeRetired: true });
    const kept = all.questionSets.find((s) => s.retiredAt !== null);
    assert.ok(kept, 'the set holding a used question is retired, not deleted');
    assert.equal(all.principles.length, 10, 'unused principles were deleted');
    assert.doesNotMatch(replaced.credit, /Shropshire/);
  });

  it('edits, reorders, retires and restores an item', async () => {
    const ctx = await newContext();
    const a = await addItem(ctx, 'principle', {
      name: 'A',
      description: '',
      weAre: '',
      weWill: '',
      parentId: null,
    });
    const b = await addItem(ctx, 'principle', {
      name: 'B',
      description: '',
      weAre: '',
      weWill: '',
      parentId: null,
    });
    await editItem(ctx, a.id, { name: 'A changed', description: 'Why' });
    await moveItem(ctx, b.id, 'up');
    let f = await readFramework(ctx);
    assert.deepEqual(
      f.principles.map((p) => p.name),
      ['B', 'A changed'],
    );
    assert.equal(f.principles[1]!.description, 'Why');
    await moveItem(ctx, b.id, 'up'); // already first: nothing happens
    await moveItem(ctx, b.id, 'down');
    f = await readFramework(ctx);
    assert.deepEqual(
      f.principles.map((p) => p.name),
      ['A changed', 'B'],
    );

    await retireItem(ctx, a.id);
    f = await readFramework(ctx);
    assert.deepEqual(
      f.principles.map((p) => p.name),
      ['B'],
    );
    await restoreItem(ctx, a.id);
    f = await readFramework(ctx);
    assert.equal(f.principles.length, 2);

    const { rows } = await t.database.query<{ action: string }>(
      `select action from audit_events where record_id = $1 order by seq`,
      [a.id],
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      [
        'framework_item.created',
        'framework_item.updated',
        'framework_item.retired',
        'framework_item.restored',
      ],
    );
  });

  it('a used item cannot be removed, only retired; an unused one can be removed', async () => {
    const ctx = await newContext();
    const set = await addItem(ctx, 'question_set', {
      name: 'Set',
      description: '',
      weAre: '',
      weWill: '',
      parentId: null,
    });
    const cat = await addItem(ctx, 'category', {
      name: 'Cat',
      description: '',
      weAre: '',
      weWill: '',
      parentId: set.id,
    });
    const q1 = await addItem(ctx, 'question', {
      name: 'Q1?',
      description: '',
      weAre: '',
      weWill: '',
      parentId: cat.id,
    });
    const q2 = await addItem(ctx, 'question', {
      name: 'Q2?',
      description: '',
      weAre: '',
      weWill: '',
      parentId: cat.id,
    });
    await ctx.db.transaction((tx) => markQuestionUsed(tx, ctx, q1.id));

    assert.deepEqual(await removeItem(ctx, q1.id), { ok: false, reason: 'used' });
    assert.deepEqual(
      await removeItem(ctx, cat.id),
      { ok: false, reason: 'used' },
      'nor its category',
    );
    assert.deepEqual(await removeItem(ctx, q2.id), { ok: true });
    await retireItem(ctx, q1.id);
    const all = await readFramework(ctx, { includeRetired: true });
    assert.deepEqual(
      all.questionSets[0]!.children[0]!.children.map((q) => q.name),
      ['Q1?'],
    );
    assert.ok(all.questionSets[0]!.children[0]!.children[0]!.retiredAt);
  });

  it('refuses a question outside a category, and another partnership’s item is not found', async () => {
    const ctx = await newContext();
    await assert.rejects(
      addItem(ctx, 'question', {
        name: 'Q?',
        description: '',
        weAre: '',
        weWill: '',
        parentId: null,
      }),
      (e: { errors?: object }) =>
        JSON.stringify(e.errors) ===
        JSON.stringify({ parentId: 'A question must go under a category' }),
    );
    const mine = await addItem(ctx, 'principle', {
      name: 'Mine',
      description: '',
      weAre: '',
      weWill: '',
      parentId: null,
    });
    const other = await newContext();
    await assert.rejects(
      editItem(other, mine.id, { name: 'Theirs' }),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
    await assert.rejects(
      removeItem(other, mine.id),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });
});
