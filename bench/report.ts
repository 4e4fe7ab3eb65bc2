import type { LoadResult, Percentiles } from './load.js';

// Turns measurements into the tables printed at the end (Markdown, so docs/performance.md can
// take them as they are) and into PASS/FAIL against the targets from the issue.

export interface RouteRun {
  name: string;
  path: string;
  result: LoadResult;
  /** Set when the route is not there yet (a 404 for every request): nothing to judge. */
  missing: boolean;
  note?: string;
}

const ms = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));
const codes = (r: LoadResult) =>
  Object.entries(r.statusCodes)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ') || '-';

export function ratio(run: RouteRun, reference: RouteRun): number {
  return reference.result.rps ? run.result.rps / reference.result.rps : 0;
}

export function resultsTable(runs: RouteRun[], reference: RouteRun): string {
  const lines = [
    '| route | req/s | ratio to reference | p50 ms | p95 ms | p99 ms | max ms | non-2xx | errors (timeouts) | status codes | app CPU ms/req | load avg before |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|',
  ];
  for (const run of runs) {
    const r = run.result;
    const name = run.missing ? `${run.name} (not built yet: 404)` : run.name;
    const share = run === reference ? '1.00' : ratio(run, reference).toFixed(2);
    lines.push(
      `| ${name} \`${run.path}\` | ${run.missing ? '-' : r.rps} | ${run.missing ? '-' : share} | ` +
        `${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ` +
        `${r.non2xx} | ${r.errors} (${r.timeouts}) | ${codes(r)} | ${r.appCpuMsPerRequest?.toFixed(2) ?? '-'} | ` +
        `${r.loadAverageBefore?.toFixed(1) ?? '-'} |`,
    );
  }
  return lines.join('\n');
}

const row = (label: string, p: Percentiles | undefined) =>
  p
    ? `| ${label} | ${p.count} | ${p.failed ?? 0} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.max)} |`
    : '';

export function sampleTable(runs: RouteRun[]): string {
  const lines = [
    '| route, clients | requests | failed | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const run of runs) {
    if (!run.result.sequential) continue;
    lines.push(row(`${run.name}, 1 at a time`, run.result.sequential));
    lines.push(row(`${run.name}, 10 at a time`, run.result.concurrent));
  }
  return lines.filter(Boolean).join('\n');
}

export interface Verdict {
  target: string;
  measured: string;
  outcome: 'PASS' | 'FAIL' | 'NOT MEASURABLE' | 'INFO';
}

export function verdicts(
  kind: 'embedded' | 'server',
  runs: RouteRun[],
  reference: RouteRun,
): Verdict[] {
  const out: Verdict[] = [];
  const judge = (
    target: string,
    run: RouteRun,
    measured: string,
    ok: boolean,
    applies: boolean,
  ) => {
    const why = run.missing
      ? 'route returns 404'
      : run.result.requests === 0
        ? 'no response within the run'
        : null;
    out.push({
      target,
      measured: why ?? measured,
      outcome: why ? 'NOT MEASURABLE' : !applies ? 'INFO' : ok ? 'PASS' : 'FAIL',
    });
  };
  const server = kind === 'server';
  for (const run of runs) {
    if (run === reference) continue;
    const share = ratio(run, reference);
    judge(
      `server: ${run.name} >= 0.5 x reference req/s`,
      run,
      `${share.toFixed(2)} (${run.result.rps} / ${reference.result.rps})`,
      share >= 0.5,
      server,
    );
  }
  for (const run of runs) {
    if (run === reference) continue;
    judge(
      `server: ${run.name} p99 <= 50 ms (${run.result.latency.count} requests under load)`,
      run,
      `${ms(run.result.latency.p99)} ms`,
      run.result.latency.p99 <= 50,
      server,
    );
  }
  const search = runs.find((r) => r.name === 'people search');
  if (search) {
    judge(
      'server: people search p95 < 50 ms under load',
      search,
      `${ms(search.result.latency.p95)} ms`,
      search.result.latency.p95 < 50,
      server,
    );
    const sample = search.result.concurrent;
    if (sample)
      judge(
        'server: people search p95 < 50 ms, latency sample (10 clients)',
        search,
        `${ms(sample.p95)} ms`,
        sample.p95 < 50,
        server,
      );
  }
  const home = runs.find((r) => r.name === 'home');
  if (home) {
    judge(
      'embedded: home >= 300 req/s',
      home,
      `${home.result.rps} req/s`,
      home.result.rps >= 300,
      !server,
    );
  }
  return out;
}

export function verdictTable(list: Verdict[]): string {
  return [
    '| target | measured | outcome |',
    '|---|---|---|',
    ...list.map((v) => `| ${v.target} | ${v.measured} | ${v.outcome} |`),
  ].join('\n');
}
