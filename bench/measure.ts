import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import type { Database } from '../src/platform/db/index.js';
import type { LoadJob, LoadResult } from './load.js';
import type { RouteRun } from './report.js';

// Puts each route under load in turn, the same way: probe it once, then autocannon in a child
// process, then (for some) a latency sample; with the app's CPU time and the audit rows it wrote.

export interface Route {
  name: string;
  origin: string;
  /** Taken in turn by every connection. */
  paths: string[];
  /** The signed-in person's cookies (empty for the reference). */
  cookie: string;
  /** Also time requests one at a time and ten at a time after the load. */
  sample?: boolean;
  /** Words the first path's page must show (HTML-escaped as the templates do). */
  expect?: string;
  /** Report how many audit rows the load wrote (an audited read: one per response). */
  audited?: boolean;
}

export interface MeasureOptions {
  connections: number;
  seconds: number;
  /** Seconds of load first, not counted (see settings.ts). */
  warmup: number;
  sample: number;
}

const escapeHtml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

export async function measureRoutes(
  database: Database,
  routes: Route[],
  opts: MeasureOptions,
  log: (line: string) => void,
): Promise<RouteRun[]> {
  const runs: RouteRun[] = [];
  for (const route of routes) {
    const probe = await fetch(route.origin + route.paths[0], {
      headers: { cookie: route.cookie },
      redirect: 'manual',
    });
    const body = await probe.text();
    const missing = probe.status === 404;
    log(
      `\n${route.name}: ${route.paths[0]} answers ${probe.status}` +
        (missing ? ' (not built yet; measured anyway, not judged)' : '') +
        `; ${opts.connections} connections for ${opts.seconds} s` +
        (opts.warmup ? ` after ${opts.warmup} s not counted` : ''),
    );
    if (probe.status !== 200 && !missing) log(`  WARNING: expected 200, got ${probe.status}`);
    if (route.expect && probe.status === 200 && !body.includes(escapeHtml(route.expect)))
      log(`  WARNING: the page does not show "${route.expect}"`);
    const job: LoadJob = {
      origin: route.origin,
      paths: route.paths,
      cookie: route.cookie,
      connections: opts.connections,
      seconds: opts.seconds,
      sample: route.sample ? opts.sample : 0,
    };
    let result: LoadResult;
    let auditBefore: string | null = null;
    let busy = 0;
    let cpuBefore = process.cpuUsage();
    try {
      if (opts.warmup)
        await inChild<LoadJob, LoadResult>('./load.ts', {
          ...job,
          seconds: opts.warmup,
          sample: 0,
        });
      auditBefore = route.audited ? await auditHighWater(database) : null;
      busy = loadavg()[0]!;
      cpuBefore = process.cpuUsage();
      result = await inChild<LoadJob, LoadResult>('./load.ts', job);
    } catch (error) {
      log(`  FAILED to measure ${route.name}: ${(error as Error).message}`);
      if (route.name === 'reference') throw error;
      continue;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const served =
      result.requests + (result.sequential?.count ?? 0) + (result.concurrent?.count ?? 0);
    if (served) result.appCpuMsPerRequest = (cpu.user + cpu.system) / 1000 / served;
    result.loadAverageBefore = busy;
    const note =
      auditBefore === null
        ? undefined
        : `${await auditRowsSince(database, auditBefore)} audit rows written`;
    runs.push({ name: route.name, path: route.paths[0]!, result, missing, note });
    log(
      `  ${result.rps} req/s, p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms, ` +
        `p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors} (timeouts ${result.timeouts}), ` +
        `app CPU ${result.appCpuMsPerRequest?.toFixed(2) ?? '-'} ms/request, load average before ${busy.toFixed(1)}` +
        (note ? `, ${note}` : ''),
    );
  }
  return runs;
}

/** Runs a job in a child process of its own, so the client never competes for our event loop. */
export function inChild<Job, Result>(script: string, job: Job): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(script, import.meta.url), { stdio: 'inherit' });
    child.once('message', (result) => resolve(result as Result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} stopped with code ${code}`));
    });
    child.send(job as object);
  });
}

async function auditHighWater(database: Database): Promise<string> {
  const { rows } = await database.query<{ seq: string }>(
    'select coalesce(max(seq), 0)::text as seq from audit_events',
  );
  return rows[0]!.seq;
}

async function auditRowsSince(database: Database, seq: string): Promise<number> {
  const { rows } = await database.query<{ n: number }>(
    'select count(*)::int as n from audit_events where seq > $1::bigint',
    [seq],
  );
  return rows[0]!.n;
}
