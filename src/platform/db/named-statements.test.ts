import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { testDatabase } from '../../../test/support/database.js';
import { partnerships } from '../tenancy/tables.js';
import { rowsOf, type Database } from './index.js';
import { MAX_NAMED, NamingClient, statementName, withCustomPlans } from './named-statements.js';

describe('named statements', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  it('prepares a query once on a server connection, and runs it again with new values', async (c) => {
    if (database.kind !== 'server') return c.skip('PGlite runs in the process: nothing to prepare');
    const find = (db: Database['db'], slug: string) =>
      db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.slug, slug));
    await database.db.transaction(async (tx) => {
      assert.deepEqual(await find(tx, 'no-such-partnership'), []);
      assert.deepEqual(await find(tx, 'another-that-is-not-there'), []);
      const prepared = rowsOf<{ name: string; statement: string }>(
        await tx.execute(sql`select name, statement from pg_prepared_statements`),
      );
      const ours = prepared.filter((p) => p.statement.includes('"partnerships"."slug"'));
      assert.equal(ours.length, 1, JSON.stringify(prepared));
      assert.match(ours[0]!.name, /^dw_\d+$/);
    });
  });

  it('gives a text a new name when its statement goes stale, as after a change of type', async (c) => {
    if (database.kind !== 'server') return c.skip('PGlite runs in the process: nothing to prepare');
    const naming = new NamingClient({ connectionString: process.env.DATABASE_URL });
    const client: pg.Client = naming; // with pg's own types for query()
    await client.connect();
    try {
      await client.query('create temp table named_stale (x int)');
      await client.query('insert into named_stale values (1)');
      const read = async () =>
        (
          await client.query<{ x: unknown }>({
            text: 'select x from named_stale limit $1',
            values: [1],
          })
        ).rows[0]?.x;
      assert.equal(await read(), 1);
      // As a migration run by another process would: the statement's result type changes.
      await client.query('alter table named_stale alter column x type text');
      await assert.rejects(read(), /cached plan must not change result type/);
      assert.equal(await read(), '1', 'parsed afresh under a new name');
    } finally {
      await client.end();
    }
  });

  it('plans each statement for its values inside withCustomPlans, and only there', async () => {
    const mode = async (db: Database['db']) =>
      rowsOf<{ plan_cache_mode: string }>(await db.execute(sql`show plan_cache_mode`))[0]
        ?.plan_cache_mode;
    assert.equal(await withCustomPlans(database.db, mode), 'force_custom_plan');
    assert.equal(await mode(database.db), 'auto');
  });

  // Last: it uses up the names.
  it('gives each query text one name, and stops naming after MAX_NAMED texts', () => {
    const first = statementName('select 1 -- one');
    assert.ok(first);
    assert.equal(statementName('select 1 -- one'), first);
    assert.notEqual(statementName('select 1 -- two'), first);
    for (let i = 0; i < MAX_NAMED; i++) statementName(`select ${i} -- filler`);
    assert.equal(statementName('select 1 -- never seen before'), undefined);
    assert.equal(statementName('select 1 -- one'), first, 'a text named before keeps its name');
  });
});
