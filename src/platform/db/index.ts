import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** One type for both drivers, and for a transaction on either (a transaction is a Db too). */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Runs one SQL text with positional parameters; what pg-boss and the tools need. */
export type RawQuery = <T = Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<{ rows: T[] }>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'server';
  query: RawQuery;
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Extensions the migrations use; a server has them built in (pg_trgm is a trusted extension). */
export const extensions = { pg_trgm };

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Two app processes starting together must not both apply the same migration.
const MIGRATION_LOCK = 72_616_001;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** A PGlite data directory dump to start from (tests clone a prepared database this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openServer(opts.databaseUrl, opts.poolSize ?? 10) : openEmbedded(opts);
}

async function openEmbedded(opts: OpenOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (!opts.loadDataDir && opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    dataDir = opts.dataDir;
  }
  const client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir, extensions });
  const db = drizzlePglite(client) as unknown as Db;
  const query: RawQuery = async (text, values) => {
    // PGlite's extended protocol takes one statement; a parameterless script may hold several.
    if (!values?.length && text.includes(';')) {
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as never[] };
    }
    const r = await client.query(text, values);
    return { rows: r.rows as never[] };
  };
  return {
    db,
    kind: 'embedded',
    query,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: () => ping(db),
    close: () => client.close(),
  };
}

async function openServer(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not take the process down.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  const query: RawQuery = async (text, values) => {
    const r = await pool.query(text, values);
    return { rows: r.rows as never[] };
  };
  return {
    db,
    kind: 'server',
    query,
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    ping: () => ping(db),
    close: () => pool.end(),
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw `db.execute`, the same on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
