import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/index.js';

// The bench never touches anyone's data: a fresh PGlite in a temporary folder (never ./data),
// or on a server a database of its own, dropped and made again on every run.
export const BENCH_DB = 'dw_bench';

export interface BenchDatabase {
  database: Database;
  where: string;
  version: string;
  /** Closes the database and removes what the bench made, unless asked to keep it. */
  close(keep: boolean): Promise<void>;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * `reuse` opens what an earlier run kept (BENCH_KEEP=true) instead of starting afresh: on a
 * server the dw_bench database, embedded the PGlite folder named by BENCH_DATA_DIR.
 */
export async function openBenchDatabase(
  serverUrl: string | undefined,
  reuse: { keptDir?: string; server: boolean },
): Promise<BenchDatabase> {
  let database: Database;
  let where: string;
  let remove: () => Promise<void>;
  if (serverUrl) {
    if (!reuse.server) {
      await admin(serverUrl, `drop database if exists ${BENCH_DB} with (force)`);
      await admin(serverUrl, `create database ${BENCH_DB}`);
    }
    // The app's own default pool size, as src/main.ts opens it.
    database = await openDatabase({ databaseUrl: withDatabase(serverUrl, BENCH_DB) });
    const host = new URL(serverUrl).host;
    where = `PostgreSQL server at ${host}, database ${BENCH_DB}`;
    remove = () => admin(serverUrl, `drop database if exists ${BENCH_DB} with (force)`);
  } else {
    const dataDir = reuse.keptDir ?? mkdtempSync(join(tmpdir(), 'dw-bench-'));
    database = await openDatabase({ dataDir });
    where = `embedded PGlite in ${dataDir}`;
    remove = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  await database.migrate();
  const { rows } = await database.query<{ version: string }>('select version()');
  const version = /PostgreSQL [\d.]+/.exec(rows[0]?.version ?? '')?.[0] ?? 'unknown';
  return {
    database,
    where,
    version,
    close: async (keep) => {
      await database.close();
      if (!keep) await remove();
    },
  };
}
