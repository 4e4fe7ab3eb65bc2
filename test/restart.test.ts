import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { roles } from '../src/platform/tenancy/tables.js';
import { FetchBrowser } from './support/browser-fetch.js';
import { startMain, type MainProcess } from './support/main-process.js';

// `npm install && npm start` on a fresh machine: the embedded database in a folder, the demo
// partnership loaded on the first start, the console saying how to sign in, and everything kept
// when the process stops and starts again. Always the embedded database, whichever the suite's.
describe('npm start on the embedded database, then again', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dw-restart-'));
  const running: MainProcess[] = [];
  after(() => {
    for (const main of running) main.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async () => {
    const main = await startMain({ DATA_DIR: dataDir, DATABASE_URL: undefined, DEMO_DATA: 'true' });
    running.push(main);
    return main;
  };

  /** What the console says at start, as an operator reads it. */
  function assertSignInMessage(main: MainProcess) {
    const out = main.output();
    assert.match(
      out,
      new RegExp(
        `Doing With is running at http://localhost:${main.port} on the embedded database in ${dataDir.replaceAll('/', '\\/')}\\.`,
      ),
    );
    assert.match(
      out,
      /Sign in to "Demo City Children's Partnership" with any of these demo accounts, password "restorative-demo-2026":/,
    );
    for (const role of roles)
      assert.match(out, new RegExp(`\\n  ${role} +${role}@demo-city\\.example\\n`));
    assert.match(
      out,
      /No SMTP_URL is set: emails are kept in the outbox \(Partnership > Outbox\)\./,
    );
  }

  it('keeps what was made, and who was signed in, across a stop and a start', async () => {
    const first = await start();
    assertSignInMessage(first);
    const browser = new FetchBrowser();
    await browser.visit(`${first.baseUrl}/sign-in`);
    const home = await browser.visit(`${first.baseUrl}/sign-in`, {
      email: 'admin@demo-city.example',
      password: DEMO_PASSWORD,
    });
    assert.match(home.body, /Welcome, Alex Admin/);
    await browser.visit(`${first.baseUrl}/admin/localities/new`);
    const made = await browser.visit(`${first.baseUrl}/admin/localities/new`, {
      name: 'Riverside',
    });
    assert.match(made.url, /\/admin\/localities\/[0-9a-f-]{36}\?done=created$/);
    const path = new URL(made.url).pathname;
    assert.equal((await first.stop()).code, 0, first.output());

    const second = await start();
    assertSignInMessage(second);
    // The session is in the database, so it outlives the process; the record is still there.
    const again = await browser.visit(`${second.baseUrl}${path}`);
    assert.equal(again.status, 200);
    assert.match(again.body, /<h1 class="govuk-heading-l">Riverside<\/h1>/);
    // The demo partnership was loaded once: its three localities, and the new one, once each.
    const list = await browser.visit(`${second.baseUrl}/admin/localities`);
    for (const name of ['North', 'Central', 'South', 'Riverside'])
      assert.equal(list.body.split(`>${name}</a>`).length - 1, 1, name);
    // A fresh sign-in works too, with the demo password.
    const fresh = new FetchBrowser();
    await fresh.visit(`${second.baseUrl}/sign-in`);
    const signedIn = await fresh.visit(`${second.baseUrl}/sign-in`, {
      email: 'practitioner@demo-city.example',
      password: DEMO_PASSWORD,
    });
    assert.match(signedIn.body, /Welcome, Priya Practitioner/);
    assert.equal((await second.stop()).code, 0, second.output());
  });
});
