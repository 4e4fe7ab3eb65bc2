import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDatabase } from '../../../test/support/database.js';
import { partnerships } from '../tenancy/tables.js';
import { anyOf } from './any-of.js';
import type { Database } from './index.js';

describe('anyOf', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  const named = (db: Database['db'], ids: string[]) =>
    db.select({ id: partnerships.id }).from(partnerships).where(anyOf(partnerships.id, ids));

  it('finds the rows of the list, and none for an empty list', async () => {
    const [a, b] = ['Alpha', 'Bravo'].map((name) => ({ name, slug: `any-of-${name}` }));
    const made = await database.db.insert(partnerships).values([a!, b!]).returning();
    const ids = made.map((p) => p.id).sort();
    assert.deepEqual((await named(database.db, ids)).map((r) => r.id).sort(), ids);
    assert.deepEqual(await named(database.db, [ids[0]!]), [{ id: ids[0] }]);
    assert.deepEqual(await named(database.db, []), []);
  });

  it('sends the list as one value, so the text is the same whatever its length', () => {
    const one = named(database.db, ['00000000-0000-0000-0000-000000000001']).toSQL();
    const three = named(database.db, ['a', 'b', 'c']).toSQL();
    assert.equal(one.sql, three.sql);
    assert.deepEqual(three.params, [['a', 'b', 'c']]);
  });
});
