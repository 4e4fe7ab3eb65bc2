import autocannon from 'autocannon';
import { percentiles, type Percentiles } from './stats.js';

export type { Percentiles } from './stats.js';

// The load generator, run as a child process so that it has a CPU of its own and never shares
// an event loop with the app it measures. Started by run.ts with fork(); one job per process.

export interface LoadJob {
  origin: string;
  /** Paths taken in turn by every connection (person ids, search terms). */
  paths: string[];
  cookie: string;
  connections: number;
  seconds: number;
  /** Also time this many requests one at a time, then as many again ten at a time. */
  sample: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Every response under load, timed by us: exact percentiles, p95 included. */
  latency: Percentiles;
  /** autocannon's own figure (its histogram has p97.5 and p99, no p95), for comparison. */
  autocannonP97_5: number;
  sequential?: Percentiles;
  concurrent?: Percentiles;
  /** Filled in by run.ts: CPU time of the app's process (with PGlite inside it, when embedded). */
  appCpuMsPerRequest?: number;
  loadAverageBefore?: number;
}

function underLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let next = 0;
    const instance = autocannon(
      {
        url: job.origin,
        connections: job.connections,
        duration: job.seconds,
        timeout: 10,
        headers: { cookie: job.cookie },
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({ ...request, path: job.paths[next++ % job.paths.length] }),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
        );
        const requests = times.length;
        const seconds = result.duration;
        resolve({
          requests,
          seconds,
          rps: Math.round(requests / seconds),
          statusCodes,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          latency: percentiles(times),
          autocannonP97_5: result.latency.p97_5,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

async function timedRequests(job: LoadJob, count: number, concurrency: number) {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const path = job.paths[next++ % job.paths.length]!;
      const started = performance.now();
      try {
        const response = await fetch(job.origin + path, {
          headers: { cookie: job.cookie },
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        times.push(performance.now() - started);
      } catch {
        failed++; // a timeout or a dropped connection: counted, never fatal
      }
    }
  };
  let failed = 0;
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...percentiles(times), failed };
}

process.once('message', (job: LoadJob) => {
  void (async () => {
    const result = await underLoad(job);
    if (job.sample > 0) {
      // Warm, then unloaded latency: what one person at a time, or a busy office, would see.
      result.sequential = await timedRequests(job, job.sample, 1);
      result.concurrent = await timedRequests(job, job.sample, 10);
    }
    process.send!(result, () => process.exit(0));
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
