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
import { NamingClient } from './named-statements.js';

/** One type for both drivers, and for a transaction on either (a transaction is a Db too). */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Runs one SQL text with positional parameters; what pg-boss and the tools need. */
export type RawQuery = <T = Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<{ rows: T[] }>;

/** A read prepared once and then run many times with new text values (see `prepare`). */
export type PreparedRead = <T>(values: string[]) => Promise<T[]>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'server';
  /** The app's queries; on a server they run as the app's role (ADR 0006). */
  query: RawQuery;
  /**
   * As the role that owns the tables (the one in DATABASE_URL): for pg-boss, which creates and
   * keeps its own schema, and for operators' tools. Never for a request's work. On PGlite, with
   * its one user, the same as `query`.
   */
  ownerQuery: RawQuery;
  /**
   * A read the database parses and plans once, for the queries every request makes: a named
   * statement on each pooled connection of a server; on PGlite, which has one session, PREPARE
   * once and then EXECUTE (its EXECUTE takes no bind parameters, so the values go in as quoted
   * literals). `text` refers to its values as $1, $2...
   */
  prepare: (name: string, text: string) => PreparedRead;
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
  // One session, so one PREPARE per name however many times a statement is asked for.
  const statements = new Map<string, { text: string; ready?: Promise<unknown> }>();
  const prepare = (name: string, text: string): PreparedRead => {
    if (!STATEMENT_NAME.test(name)) throw new Error(`Not a statement name: ${name}`);
    const known = statements.get(name);
    if (known && known.text !== text) throw new Error(`Statement ${name} is already prepared`);
    const statement = known ?? { text };
    statements.set(name, statement);
    return async <T>(values: string[]) => {
      statement.ready ??= client.exec(`PREPARE ${name} AS ${text}`).catch((error: unknown) => {
        statement.ready = undefined;
        throw error;
      });
      await statement.ready;
      const r = await client.query<T>(`EXECUTE ${name}(${values.map(literal).join(', ')})`);
      return r.rows;
    };
  };
  return {
    db,
    kind: 'embedded',
    query,
    ownerQuery: query,
    prepare,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: () => ping(db),
    close: () => client.close(),
  };
}

/** The role the app's queries run as on a server (migration app_role, ADR 0006). */
export const APP_ROLE = 'doingwith_app';

// Run on each new connection of the app's pool: take the app's role when this server has it, the
// connecting role may take it and this database has granted it its rights (it is migrated).
// Otherwise the connection stays as the connecting role, as on a server where roles cannot be made.
const ENTER_APP_ROLE = `DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}')
     AND to_regclass('public.audit_events') IS NOT NULL THEN
    IF pg_has_role('${APP_ROLE}', 'MEMBER')
       AND has_table_privilege('${APP_ROLE}', 'public.audit_events', 'INSERT') THEN
      SET ROLE ${APP_ROLE};
    END IF;
  END IF;
END $$`;

interface AppPoolConfig extends Omit<pg.PoolConfig, 'onConnect'> {
  onConnect: (client: pg.ClientBase) => Promise<unknown>;
}

async function openServer(url: string, max: number): Promise<Database> {
  // The app's queries: every connection takes the app's role before its first query. pg-pool
  // waits for the promise onConnect returns (its types say void) and closes a connection whose
  // hook failed rather than use it as the owner.
  const appConfig: AppPoolConfig = {
    connectionString: url,
    max,
    onConnect: (client) => client.query(ENTER_APP_ROLE),
  };
  const pool = new pg.Pool({ ...appConfig, Client: NamingClient });
  // The owner's own few connections: migrations and pg-boss, which keeps its schema to itself.
  const owner = new pg.Pool({ connectionString: url, max: 3 });
  // An idle client losing its connection must not take the process down.
  pool.on('error', () => undefined);
  owner.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  const rawQuery =
    (on: pg.Pool): RawQuery =>
    async (text, values) => {
      const r = await on.query(text, values);
      return { rows: r.rows as never[] };
    };
  return {
    db,
    kind: 'server',
    query: rawQuery(pool),
    ownerQuery: rawQuery(owner),
    prepare: (name, text) => {
      if (!STATEMENT_NAME.test(name)) throw new Error(`Not a statement name: ${name}`);
      return async <T>(values: string[]) =>
        (await pool.query<T & pg.QueryResultRow>({ name, text, values })).rows;
    },
    migrate: async () => {
      const client = await owner.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(drizzlePg(client), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    ping: () => ping(db),
    close: async () => {
      await Promise.all([pool.end(), owner.end()]);
    },
  };
}

const STATEMENT_NAME = /^[a-z_]{1,63}$/;

/** A text value as an SQL literal (standard_conforming_strings is on: only quotes double). */
function literal(value: string): string {
  if (value.includes('\0')) throw new Error('A text value cannot hold a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
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
