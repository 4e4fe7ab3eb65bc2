import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createMailer } from '../src/platform/mail/index.js';
import { buildCity, findCity, type CityScale } from './city.js';
import { openBenchDatabase } from './database.js';
import type { LoadJob, LoadResult } from './load.js';
import { startReference } from './reference.js';
import { resultsTable, sampleTable, verdicts, verdictTable, type RouteRun } from './report.js';
import { signIn } from './sign-in.js';

// npm run bench [-- --quick]: builds a city-scale partnership, starts the real app on 127.0.0.1,
// signs in once as its admin and puts each page under load, next to a bare reference app on the
// same database. DATABASE_URL=postgres://... runs it on a server, in a database of its own.
// Settings: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_PEOPLE, BENCH_AUDIT_ROWS, BENCH_AUDIT_BATCH,
// BENCH_SAMPLE, BENCH_JSON=<file> (write the results), BENCH_KEEP=true (keep the database), and
// BENCH_REUSE=true (measure again on the city a kept database holds; embedded, with
// BENCH_DATA_DIR=<the folder the kept run printed>).

const quick = process.argv.includes('--quick');
const env = process.env;
const setting = (name: string, full: number, small: number) => {
  const value = Number(env[name] ?? (quick ? small : full));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
  return value;
};
const scale: CityScale = {
  organisations: 200,
  localities: 12,
  teams: 60,
  people: setting('BENCH_PEOPLE', 10_000, 1_000),
  auditRows: setting('BENCH_AUDIT_ROWS', 1_000_000, 20_000),
  auditBatch: setting('BENCH_AUDIT_BATCH', 50_000, 10_000),
};
const seconds = setting('BENCH_SECONDS', 10, 2);
const connections = setting('BENCH_CONNECTIONS', 50, 50);
const sample = setting('BENCH_SAMPLE', 250, 50);
const log = (line: string) => console.log(line);

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};

const reuse = env.BENCH_REUSE === 'true';
if (reuse && !env.DATABASE_URL && !env.BENCH_DATA_DIR)
  throw new Error('BENCH_REUSE=true on PGlite needs BENCH_DATA_DIR=<the kept folder>');
const bench = await openBenchDatabase(env.DATABASE_URL, {
  server: reuse,
  keptDir: reuse ? env.BENCH_DATA_DIR : undefined,
});
const { database } = bench;
log(`Doing With bench${quick ? ' (quick)' : ''} on ${bench.where} (${bench.version})`);
log(
  `Machine: ${machine.cpus} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}`,
);
log(
  `Building the city: ${scale.organisations} organisations, ${scale.teams} teams, ` +
    `${scale.people.toLocaleString('en-GB')} people, ${scale.auditRows.toLocaleString('en-GB')} audit rows`,
);
const kept = reuse ? await findCity(database) : null;
if (reuse && !kept) throw new Error(`No bench city in ${bench.where} to reuse`);
if (kept) log('  (reusing the city a kept database holds: not built again, not timed)');
const city = kept ?? (await buildCity(database, scale, log));
for (const [step, ms] of Object.entries(city.timings))
  log(`  ${step}: ${(ms / 1000).toFixed(1)} s`);
log(
  `  audit rows through the chain trigger: ${city.auditRowsPerSecond.toLocaleString('en-GB')} rows/s`,
);

let app: FastifyInstance | undefined;
let reference: Awaited<ReturnType<typeof startReference>> | undefined;
try {
  const config = loadConfig({
    ...env,
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
  });
  const mail = createMailer({ db: database.db, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  app = await buildApp({ config, database, mail });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  reference = await startReference(database);
  const cookie = await signIn(origin, city.adminEmail, city.adminPassword);
  log(`App at ${origin}, reference at ${reference.origin}; signed in as ${city.adminEmail}`);

  if (loadavg()[0]! > machine.cpus / 2) {
    log(
      `WARNING: the machine is busy (load average ${loadavg()[0]!.toFixed(1)} on ${machine.cpus} CPUs): ` +
        'req/s and latencies will be low; CPU ms per request is the figure least affected.',
    );
  }
  const routes = [
    {
      name: 'reference',
      origin: reference.origin,
      paths: city.personIds.map((id) => `/people/${id}`),
    },
    { name: 'home', origin, paths: ['/'] },
    {
      name: 'people search',
      origin,
      paths: city.searchTerms.map((q) => `/admin/people?q=${encodeURIComponent(q)}`),
    },
    { name: 'person page', origin, paths: city.personIds.map((id) => `/admin/people/${id}`) },
  ];

  const runs: RouteRun[] = [];
  for (const route of routes) {
    const probe = await fetch(route.origin + route.paths[0], {
      headers: { cookie },
      redirect: 'manual',
    });
    await probe.arrayBuffer();
    const missing = probe.status === 404;
    log(
      `\n${route.name}: ${route.paths[0]} answers ${probe.status}` +
        (missing ? ' (not built yet; measured anyway, not judged)' : '') +
        `; ${connections} connections for ${seconds} s`,
    );
    if (probe.status !== 200 && !missing) log(`  WARNING: expected 200, got ${probe.status}`);
    const auditBefore = await auditHighWater();
    const busy = loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    let result: LoadResult;
    try {
      result = await load({
        origin: route.origin,
        paths: route.paths,
        cookie,
        connections,
        seconds,
        sample: route.name === 'people search' || route.name === 'reference' ? sample : 0,
      });
    } catch (error) {
      log(`  FAILED to measure ${route.name}: ${(error as Error).message}`);
      if (route.name === 'reference') throw error;
      continue;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const served =
      result.requests + (result.sequential?.count ?? 0) + (result.concurrent?.count ?? 0);
    result.appCpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, served);
    result.loadAverageBefore = busy;
    const audited = await auditRowsSince(auditBefore);
    const note = route.name === 'person page' ? `${audited} audit rows written` : undefined;
    runs.push({ name: route.name, path: route.paths[0]!, result, missing, note });
    log(
      `  ${result.rps} req/s, p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms, ` +
        `p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors} (timeouts ${result.timeouts}), ` +
        `app CPU ${result.appCpuMsPerRequest.toFixed(2)} ms/request, load average before ${busy.toFixed(1)}` +
        (note ? `, ${note}` : ''),
    );
  }

  const referenceRun = runs[0]!;
  const judged = verdicts(database.kind, runs, referenceRun);
  log(`\n## Results: ${bench.where} (${bench.version})\n`);
  log(resultsTable(runs, referenceRun));
  log(`\nLatency sample after the load (exact percentiles, timed by the client):\n`);
  log(sampleTable(runs));
  log(`\nTargets:\n`);
  log(verdictTable(judged));
  if (env.BENCH_JSON) {
    mkdirSync(dirname(env.BENCH_JSON), { recursive: true });
    writeFileSync(
      env.BENCH_JSON,
      JSON.stringify(
        {
          kind: database.kind,
          version: bench.version,
          machine,
          scale,
          seconds,
          connections,
          city: { timings: city.timings, auditRowsPerSecond: city.auditRowsPerSecond },
          runs,
          verdicts: judged,
        },
        null,
        2,
      ),
    );
  }
} finally {
  await reference?.close();
  await app?.close();
  const keep = env.BENCH_KEEP === 'true' || reuse;
  await bench.close(keep);
  if (keep) log(`\nKept ${bench.where}; measure again with BENCH_REUSE=true.`);
}

/** Runs one load in a child process of its own, so the load never competes for our event loop. */
function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load.ts', import.meta.url), { stdio: 'inherit' });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator stopped with code ${code}`));
    });
    child.send(job);
  });
}

async function auditHighWater(): Promise<string> {
  const { rows } = await database.query<{ seq: string }>(
    'select coalesce(max(seq), 0)::text as seq from audit_events',
  );
  return rows[0]!.seq;
}

async function auditRowsSince(seq: string): Promise<number> {
  const { rows } = await database.query<{ n: number }>(
    'select count(*)::int as n from audit_events where seq > $1::bigint',
    [seq],
  );
  return rows[0]!.n;
}
