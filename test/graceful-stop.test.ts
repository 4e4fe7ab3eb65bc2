import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../src/platform/db/index.js';
import { testDatabase } from './support/database.js';
import { startMain, type MainProcess } from './support/main-process.js';

/** Where the real process keeps its data: a temporary folder, or a fresh database on the server. */
async function dataFor(
  dataDir: string,
): Promise<{ env: Record<string, string | undefined>; db?: Database }> {
  if (!process.env.DATABASE_URL) return { env: { DATA_DIR: dataDir, DATABASE_URL: undefined } };
  const db = await testDatabase();
  const { rows } = await db.query<{ name: string }>('select current_database() as name');
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${rows[0]!.name}`;
  return { env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir }, db };
}

describe('starting and stopping the real process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dw-main-'));
  let db: Database | undefined;
  after(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with demo data, serves, and on SIGTERM finishes and exits 0', async () => {
    const data = await dataFor(dataDir);
    db = data.db;
    let main: MainProcess | undefined;
    try {
      main = await startMain({ DEMO_DATA: 'true', ...data.env });
      assert.match(main.output(), new RegExp(`running at http://localhost:${main.port}`));

      const health = await fetch(`${main.baseUrl}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });

      const started = Date.now();
      const result = await main.stop();
      assert.equal(result.code, 0, main.output());
      assert.ok(Date.now() - started < 10_000);
      await assert.rejects(fetch(`${main.baseUrl}/health`), 'no longer listening');
    } finally {
      main?.kill();
    }
  });
});
