import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { type Db, openDatabase, type RawQuery } from '../db/index.js';
import { verifyChain } from './chain.js';
import { audit } from './index.js';

/**
 * Changes a row the way someone with the owner's access to the database might: triggers off,
 * then on. The app's own connection may not (append-only.test.ts), so this takes the owner's.
 */
async function tamper(query: RawQuery, change: string) {
  await query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
  try {
    await query(change);
  } finally {
    await query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
  }
}

/** `npm run audit:verify`, as an operator runs it. */
function runVerifyCli(env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const merged: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent' };
    delete merged.DATABASE_URL;
    const child = spawn('npx', ['tsx', 'src/platform/audit/verify-cli.ts'], {
      env: { ...merged, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

// Named apart from the column, so that "order by seq" orders by number, not by text.
const seqOf = async (query: RawQuery, where: string) =>
  (await query<{ n: string }>(`select seq::text as n from audit_events where ${where}`)).rows.map(
    (r) => r.n,
  );

/** A person of the partnership, as the actor of audit rows written straight through audit(). */
async function testActor(db: Db, partnershipId: string) {
  const person = await makePerson(db, partnershipId);
  return {
    kind: 'person' as const,
    id: person.id,
    partnershipId,
    name: person.name,
    roles: [],
    organisationId: null,
    teamIds: [],
  };
}

/** A partnership's rows by chain, each chain's sequence numbers in order. */
async function chainsOf(query: RawQuery, partnershipId: string) {
  const { rows } = await query<{ chain: number; seqs: string[] }>(
    `select chain, array_agg(seq::text order by audit_events.seq) as seqs from audit_events
      where partnership_id = $1 group by chain order by chain`,
    [partnershipId],
  );
  return new Map(rows.map((r) => [r.chain, r.seqs]));
}

describe('verifying the audit chain', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    // Rows written the ordinary way: people signing in to two partnerships, turn about.
    const a = (await makePartnership(t.database.db)).partnership.id;
    const b = (await makePartnership(t.database.db)).partnership.id;
    for (const partnershipId of [a, b, a, b]) {
      const person = await makePerson(t.database.db, partnershipId);
      const agent = new Agent(t.app);
      await agent.signIn(person.email, PASSWORD);
      await agent.post('/sign-in', { email: person.email, password: 'wrong' }, { from: '/' });
    }
  });
  after(() => t.close());

  it('finds an untouched log intact', async () => {
    const report = await verifyChain(t.database.db);
    assert.equal(report.firstBroken, null, JSON.stringify(report));
    assert.ok(report.checked >= 8, `checked ${report.checked}`);
  });

  it('notices the end cut off a chain, and a chain cut away, once the others have gone on', async () => {
    const more = await startTestApp();
    try {
      const { partnership } = await makePartnership(more.database.db);
      const actor = await testActor(more.database.db, partnership.id);
      for (let i = 0; i < 600; i++)
        await audit(more.database.db, { actor }, { action: `test.${i}`, recordType: 'test' });
      assert.equal((await verifyChain(more.database.db)).firstBroken, null);
      const [chain, seqs] = [...(await chainsOf(more.database.query, partnership.id))].find(
        ([, rows]) => rows.length >= 10,
      )!;
      await tamper(
        more.database.ownerQuery,
        `DELETE FROM audit_events WHERE partnership_id = '${partnership.id}'
           AND chain = ${chain} AND seq > ${seqs[1]}`,
      );
      const cut = await verifyChain(more.database.db);
      assert.equal(cut.firstBroken?.seq, seqs[1]);
      assert.match(cut.firstBroken?.reason ?? '', new RegExp(`last row on chain ${chain}`));

      await tamper(
        more.database.ownerQuery,
        `DELETE FROM audit_events WHERE partnership_id = '${partnership.id}' AND chain = ${chain}`,
      );
      const gone = await verifyChain(more.database.db);
      assert.match(gone.firstBroken?.reason ?? '', new RegExp(`chain ${chain} has no rows`));
      // And no row can be put on a ninth chain, where nothing would link to it.
      await assert.rejects(
        tamper(
          more.database.ownerQuery,
          `UPDATE audit_events SET chain = 8 WHERE partnership_id = '${partnership.id}'`,
        ),
        /audit_events_chain_ck/,
      );
    } finally {
      await more.close();
    }
  });

  it('keeps every chain whole when audited transactions of one partnership run at once', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const actor = await testActor(t.database.db, partnership.id);
    // Three rows in each transaction (as opening a meeting audits its family and itself): all go
    // on the transaction's one chain, so no two transactions wait on each other's chain. On a
    // server their rows interleave; the check for a chain cut short counts each transaction once
    // (250 of them, past its 200), so interleaving is no false alarm.
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        t.database.db.transaction(async (tx) => {
          for (let row = 0; row < 3; row++)
            await audit(tx, { actor }, { action: `test.together.${i}`, recordType: 'test' });
        }),
      ),
    );
    const trios = await t.database.query<{ chains: number }>(
      `select count(distinct chain)::int as chains from audit_events
        where action like 'test.together.%' group by action`,
    );
    assert.equal(trios.rows.length, 250);
    assert.ok(trios.rows.every((r) => r.chains === 1));
    assert.ok((await chainsOf(t.database.query, partnership.id)).size > 1);
    const report = await verifyChain(t.database.db);
    assert.equal(report.firstBroken, null, JSON.stringify(report));
  });

  it('numbers rows one after another: the trigger alone draws from the sequence', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const actor = await testActor(t.database.db, partnership.id);
    for (let i = 0; i < 3; i++)
      await audit(t.database.db, { actor }, { action: `test.numbered.${i}`, recordType: 'test' });
    const seqs = (await seqOf(t.database.query, `action like 'test.numbered.%' order by seq`)).map(
      Number,
    );
    assert.deepEqual(seqs, [seqs[0]!, seqs[0]! + 1, seqs[0]! + 2]);
    const [column] = (
      await t.database.query<{ column_default: string | null }>(
        `select column_default from information_schema.columns
          where table_name = 'audit_events' and column_name = 'seq'`,
      )
    ).rows;
    assert.equal(column?.column_default, null);
  });

  it('names the first row whose contents were changed', async () => {
    const seqs = await seqOf(t.database.query, `action = 'auth.sign-in' order by seq`);
    const target = seqs[2]!;
    // Someone hides a refusal, or invents one.
    await tamper(
      t.database.ownerQuery,
      `UPDATE audit_events SET outcome = CASE outcome WHEN 'denied' THEN 'allowed' ELSE 'denied' END
        WHERE seq = ${target}`,
    );
    const report = await verifyChain(t.database.db);
    assert.equal(report.firstBroken?.seq, target);
    assert.match(report.firstBroken.reason, /do not match its hash/);

    // The command-line check says the same and exits 1: on the server, against this database.
    if (t.database.kind === 'server') {
      const [{ name }] = (
        await t.database.query<{ name: string }>('select current_database() as name')
      ).rows as [{ name: string }];
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const cli = await runVerifyCli({ DATABASE_URL: url.toString() });
      assert.equal(cli.code, 1, cli.out);
      assert.match(cli.out, new RegExp(`Audit log tampered: row ${target} \\(partnership `));
    }
  });

  it('notices a row deleted from the middle of a chain, or moved to another chain', async () => {
    const more = await startTestApp();
    try {
      const { partnership } = await makePartnership(more.database.db);
      const actor = await testActor(more.database.db, partnership.id);
      // Each in a transaction of its own, as the app writes them.
      for (let i = 0; i < 24; i++)
        await audit(more.database.db, { actor }, { action: `test.${i}`, recordType: 'test' });
      const chains = await chainsOf(more.database.query, partnership.id);
      assert.ok(chains.size > 1, 'a partnership’s rows are spread over its chains');
      const [one, two] = [...chains.values()].filter((seqs) => seqs.length >= 3);
      assert.ok(one && two, 'two chains of three rows or more');

      // A row moved to another chain links to neither.
      await tamper(
        more.database.ownerQuery,
        `UPDATE audit_events SET chain = (chain + 1) % 8 WHERE seq = ${two[1]}`,
      );
      const moved = await verifyChain(more.database.db);
      assert.equal(moved.firstBroken?.seq, two[1]);
      assert.match(moved.firstBroken?.reason ?? '', /does not link/);
      await tamper(
        more.database.ownerQuery,
        `UPDATE audit_events SET chain = (chain + 7) % 8 WHERE seq = ${two[1]}`,
      );
      assert.equal((await verifyChain(more.database.db)).firstBroken, null, 'put back');

      // A row deleted: the next row on its chain no longer links.
      await tamper(more.database.ownerQuery, `DELETE FROM audit_events WHERE seq = ${one[1]}`);
      const report = await verifyChain(more.database.db);
      assert.equal(report.firstBroken?.seq, one[2]);
      assert.match(report.firstBroken?.reason ?? '', /does not link/);
    } finally {
      await more.close();
    }
  });
});

describe('npm run audit:verify on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dw-audit-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 on an intact log and 1, naming the row, on a tampered one', async () => {
    const database = await openDatabase({ dataDir });
    let target: string;
    try {
      await database.migrate();
      const { partnership } = await makePartnership(database.db);
      const actor = await testActor(database.db, partnership.id);
      for (let i = 0; i < 5; i++)
        await audit(database.db, { actor }, { action: `test.${i}`, recordType: 'test' });
      target = (await seqOf(database.query, `action = 'test.3'`))[0]!;
    } finally {
      await database.close();
    }
    const intact = await runVerifyCli({ DATA_DIR: dataDir });
    assert.equal(intact.code, 0, intact.out);
    assert.match(intact.out, /Audit log intact: 5 rows checked/);

    const again = await openDatabase({ dataDir });
    try {
      await tamper(
        again.ownerQuery,
        `UPDATE audit_events SET action = 'test.x' WHERE seq = ${target}`,
      );
    } finally {
      await again.close();
    }
    const tampered = await runVerifyCli({ DATA_DIR: dataDir });
    assert.equal(tampered.code, 1, tampered.out);
    assert.match(
      tampered.out,
      new RegExp(`Audit log tampered: row ${target} .*3 rows before it are intact`),
    );
  });
});
