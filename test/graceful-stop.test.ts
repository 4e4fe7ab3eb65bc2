import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../src/platform/db/index.js';
import { testDatabase } from './support/database.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Where the real process keeps its data: a temporary folder, or a fresh database on the server. */
async function dataFor(dataDir: string): Promise<{ env: Record<string, string>; db?: Database }> {
  if (!process.env.DATABASE_URL) return { env: { DATA_DIR: dataDir } };
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
    const port = await freePort();
    const data = await dataFor(dataDir);
    db = data.db;
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      ...data.env,
    };
    if (!data.db) delete env.DATABASE_URL;
    delete env.SMTP_URL;
    // `npx tsx src/main.ts` without npx in between: npm exec dies on SIGTERM without passing it
    // on, which would leave the app running. tsx passes the signal to the app, as a supervisor would.
    // Its own process group, so that a failed test can still stop everything it started.
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 120_000);
        const look = (d: Buffer) => {
          output += d.toString();
          if (output.includes('is running')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', look);
        child.stderr.on('data', look);
        void exited.then(() => reject(new Error(`exited before starting:\n${output}`)));
      });
      assert.match(output, new RegExp(`running at http://localhost:${port}`));

      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });

      const started = Date.now();
      child.kill('SIGTERM');
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`still running 10 s after SIGTERM:\n${output}`)), 10_000),
      );
      const result = await Promise.race([exited, timeout]);
      assert.equal(result.code, 0, output);
      assert.ok(Date.now() - started < 10_000);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/health`), 'no longer listening');
    } finally {
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
