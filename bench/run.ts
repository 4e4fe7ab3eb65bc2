import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createMailer } from '../src/platform/mail/index.js';
import { buildCity, findCity, type City } from './city.js';
import { buildFamilies } from './city-families.js';
import { buildMeetings } from './city-meetings.js';
import { buildPlans } from './city-plans.js';
import { hasRows } from './city-sample.js';
import { buildTraining, ensureCatalogue } from './city-training.js';
import { openBenchDatabase } from './database.js';
import { measureRoutes, type Route } from './measure.js';
import { startReference } from './reference.js';
import * as report from './report.js';
import { signIn } from './sign-in.js';
import * as settings from './settings.js';
import { appRoutes } from './routes.js';
import { runStorm, type StormReport } from './storm.js';
import { timed } from './sql.js';

// npm run bench [-- --quick]: builds a city-scale partnership (people and audit rows; families
// with meetings, practice logs and plans; two years of training), starts the real app on
// 127.0.0.1, signs in as the people who use each page and puts each page under load next to a
// bare reference app on the same database; then a booking storm. DATABASE_URL=postgres://...
// runs it on a server, in a database of its own. Every BENCH_* setting is in settings.ts and
// docs/performance.md. BENCH_KEEP=true keeps the database; BENCH_REUSE=true measures again on
// it (embedded, with BENCH_DATA_DIR=<the folder the kept run printed>), building only what it lacks.

const { parts, quick, cityScale, familyScale, trainingScale, stormScale } = settings;
const env = process.env;
const log = (line: string) => console.log(line);
const n = (v: number) => v.toLocaleString('en-GB');

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
log(`Parts: ${[...parts].join(', ')}`);
log(
  `Building the city: ${cityScale.organisations} organisations, ${cityScale.teams} teams, ` +
    `${n(cityScale.people)} people, ${n(cityScale.auditRows)} audit rows`,
);
const kept = reuse ? await findCity(database) : null;
if (reuse && !kept) throw new Error(`No bench city in ${bench.where} to reuse`);
if (kept) log('  (reusing the city a kept database holds: not built again, not timed)');
const timings: Record<string, number> = {};
let city: City;
try {
  city = kept ?? (await buildCity(database, cityScale, log));
  Object.assign(timings, city.timings);
  await buildParts(city.partnershipId);
} catch (error) {
  // A failed build leaves nothing behind unless asked to keep it.
  await bench.close(env.BENCH_KEEP === 'true' || reuse);
  throw error;
}
const pid = city.partnershipId;

/** Builds each part of the city that was asked for, unless a kept database already holds it. */
async function buildParts(partnershipId: string) {
  const part = async (
    name: string,
    table: string,
    build: () => Promise<Record<string, number>>,
  ) => {
    if (await hasRows(database, table, partnershipId)) {
      log(`  ${name}: reusing what the database holds`);
      return false;
    }
    Object.assign(timings, await build());
    return true;
  };
  let built = false;
  if (parts.has('families')) {
    log(
      `Building the caseload: ${n(familyScale.families)} families, ${n(familyScale.members)} members, ` +
        `${n(familyScale.network)} network members, ${n(familyScale.meetings)} meetings, ` +
        `${n(familyScale.practiceLogs)} practice logs, ${n(familyScale.plans)} plans`,
    );
    built =
      (await part('families', 'families', async () => {
        const { timings: t, pools } = await buildFamilies(
          database,
          partnershipId,
          familyScale,
          log,
        );
        const meetings = await buildMeetings(database, partnershipId, familyScale, pools, log);
        return {
          ...t,
          ...meetings,
          ...(await buildPlans(database, partnershipId, familyScale, pools, log)),
        };
      })) || built;
  }
  if (parts.has('training')) {
    log(`Building training: ${n(trainingScale.bookings)} bookings with attendance`);
    built =
      (await part('training', 'training_bookings', () =>
        buildTraining(database, partnershipId, trainingScale, log),
      )) || built;
  }
  if (parts.has('storm')) await ensureCatalogue(database, partnershipId);
  if (built)
    await timed(timings, 'vacuum analyze (after the caseload and training)', () =>
      database.ownerQuery('vacuum analyze'),
    );
}
for (const [step, ms] of Object.entries(timings)) log(`  ${step}: ${(ms / 1000).toFixed(1)} s`);
if (!kept) log(`  audit rows through the chain trigger: ${n(city.auditRowsPerSecond)} rows/s`);

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
  log(`\nApp at ${origin}, reference at ${reference.origin}`);
  const as = async (who: string, email: string) => {
    const cookie = await signIn(origin, email, city.adminPassword);
    log(`  signed in as ${who}: ${email}`);
    return cookie;
  };

  const routes: Route[] = [
    {
      name: 'reference',
      origin: reference.origin,
      paths: city.personIds.map((id) => `/people/${id}`),
      cookie: '',
      sample: true,
    },
  ];
  routes.push(...(await appRoutes(database, city, origin, parts, as)));

  if (loadavg()[0]! > machine.cpus / 2) {
    log(
      `WARNING: the machine is busy (load average ${loadavg()[0]!.toFixed(1)} on ${machine.cpus} CPUs): ` +
        'req/s and latencies will be low; CPU ms per request is the figure least affected.',
    );
  }
  const { connections, seconds, warmup, sample } = settings;
  const runs = await measureRoutes(database, routes, { connections, seconds, warmup, sample }, log);

  let storm: StormReport | undefined;
  if (parts.has('storm')) {
    log(
      `\nbooking storm: ${stormScale.sessions} sessions of ${stormScale.places} places, ` +
        `${stormScale.people} people booking ${stormScale.each} each, ${stormScale.connections} connections`,
    );
    storm = await runStorm(database, pid, origin, stormScale, log);
    for (const d of storm.details) log(`  ${d}`);
  }

  const referenceRun = runs[0]!;
  const judged = [
    ...report.verdicts(database.kind, runs, referenceRun, connections),
    ...(storm ? report.stormVerdicts(storm) : []),
  ];
  log(`\n## Results: ${bench.where} (${bench.version})\n`);
  log(report.resultsTable(runs, referenceRun));
  log(`\nLatency sample after the load (exact percentiles, timed by the client):\n`);
  log(report.sampleTable(runs));
  if (storm) log(`\nBooking storm:\n\n${report.stormTable(storm)}`);
  log(`\nTargets:\n`);
  log(report.verdictTable(judged));
  if (env.BENCH_JSON) {
    mkdirSync(dirname(env.BENCH_JSON), { recursive: true });
    const scale = {
      city: cityScale,
      families: familyScale,
      training: trainingScale,
      storm: stormScale,
    };
    const json = {
      kind: database.kind,
      version: bench.version,
      machine,
      parts: [...parts],
      scale,
      seconds,
      warmup,
      connections,
      timings,
      runs,
      storm,
      verdicts: judged,
    };
    writeFileSync(env.BENCH_JSON, JSON.stringify(json, null, 2));
  }
} finally {
  await reference?.close();
  await app?.close();
  const keep = env.BENCH_KEEP === 'true' || reuse;
  await bench.close(keep);
  if (keep) log(`\nKept ${bench.where}; measure again with BENCH_REUSE=true.`);
}
