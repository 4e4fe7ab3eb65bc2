import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  extensions,
  migrationsFolder,
  openDatabase,
  type Database,
} from '../../src/platform/db/index.js';

// One migrated database is prepared per `npm test`; each test file gets its own copy of it:
// a PGlite data-directory dump, or on a server a database created from a template.
const CACHE = '.test-cache';
// Names carry the pid of the `npm test` that made them, so parallel runs never touch each other's.
const TEMPLATE_DB = `dw_test_${process.pid}_template`;

function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = join(dir, name.name);
      if (name.isDirectory()) walk(p);
      else h.update(name.name).update(readFileSync(p));
    }
  };
  walk(migrationsFolder);
  return h.digest('hex').slice(0, 16);
}

function adminUrl(url: string, database = 'postgres'): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface Template {
  kind: 'embedded' | 'server';
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function prepareTemplate(): Promise<Template> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await dropStale(admin);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: adminUrl(url, TEMPLATE_DB), poolSize: 1 });
    await db.migrate();
    await db.close();
    return {
      kind: 'server',
      env: { TEST_TEMPLATE_DB: TEMPLATE_DB, TEST_RUN_PID: String(process.pid) },
      cleanup: async () => {
        const a = new pg.Client({ connectionString: adminUrl(url) });
        await a.connect();
        await a.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
        await a.end();
      },
    };
  }
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `pglite-${migrationsHash()}.tar.gz`);
  if (!existsSync(file)) {
    const db = await PGlite.create({ extensions });
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(drizzle(db), { migrationsFolder });
    const dump = await db.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
  }
  return { kind: 'embedded', env: { TEST_PGLITE_DUMP: file }, cleanup: async () => {} };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Databases left by a run that was killed part-way: their run's process is gone.
async function dropStale(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname ~ '^dw_test_[0-9]+_'`,
  );
  for (const r of rows) {
    const pid = Number(r.datname.split('_')[2]);
    if (!alive(pid)) await admin.query(`drop database if exists ${r.datname} with (force)`);
  }
}

/** A fresh, migrated, empty database for one test file. */
export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `dw_test_${process.env.TEST_RUN_PID ?? process.pid}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(
      `create database ${name} template ${process.env.TEST_TEMPLATE_DB ?? TEMPLATE_DB}`,
    );
    await admin.end();
    const database = await openDatabase({ databaseUrl: adminUrl(url, name), poolSize: 10 });
    const close = () => database.close();
    return {
      ...database,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: adminUrl(url) });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dump = process.env.TEST_PGLITE_DUMP;
  if (!dump) throw new Error('Run tests with `npm test`, which prepares the test database.');
  return openDatabase({ loadDataDir: new Blob([readFileSync(dump)]) });
}
