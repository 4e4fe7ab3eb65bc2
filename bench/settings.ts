import type { CityScale } from './city.js';

// Every BENCH_* setting in one place, with its full-size default and its --quick default.
// docs/performance.md lists them; keep the two in step.

export const quick = process.argv.includes('--quick');
const env = process.env;

function setting(name: string, full: number, small: number) {
  const value = Number(env[name] ?? (quick ? small : full));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
  return Math.floor(value);
}

/** What to build and measure: the foundation's pages, the caseload, training, the storm. */
export const allParts = ['platform', 'families', 'training', 'storm'] as const;
export type Part = (typeof allParts)[number];
const wanted = (env.BENCH_PARTS ?? allParts.join(',')).split(',').map((p) => p.trim());
for (const p of wanted)
  if (!(allParts as readonly string[]).includes(p))
    throw new Error(`BENCH_PARTS: unknown part "${p}" (choose from ${allParts.join(', ')})`);
export const parts = new Set(wanted as Part[]);

export const cityScale: CityScale = {
  organisations: 200,
  localities: 12,
  teams: 60,
  people: setting('BENCH_PEOPLE', 10_000, 1_000),
  auditRows: setting('BENCH_AUDIT_ROWS', 1_000_000, 20_000),
  auditBatch: Math.max(1, setting('BENCH_AUDIT_BATCH', 50_000, 10_000)),
};

export interface FamilyScale {
  families: number;
  members: number;
  network: number;
  meetings: number;
  practiceLogs: number;
  plans: number;
  /** Families per practitioner who holds cases (the caseload's size). */
  caseload: number;
  /** Rows per INSERT ... SELECT for the biggest tables. */
  batch: number;
}

export const familyScale: FamilyScale = {
  families: setting('BENCH_FAMILIES', 40_000, 2_000),
  members: setting('BENCH_FAMILY_MEMBERS', 150_000, 7_500),
  network: setting('BENCH_NETWORK_MEMBERS', 160_000, 8_000),
  meetings: setting('BENCH_MEETINGS', 300_000, 15_000),
  practiceLogs: setting('BENCH_PRACTICE_LOGS', 700_000, 35_000),
  plans: setting('BENCH_PLANS', 200_000, 10_000),
  caseload: Math.max(1, setting('BENCH_CASELOAD', 20, 20)),
  batch: Math.max(1, setting('BENCH_BATCH', 100_000, 100_000)),
};
// Every family has a first member and a first network member: meetings and plans name them.
if (familyScale.members < familyScale.families || familyScale.network < familyScale.families)
  throw new Error('BENCH_FAMILY_MEMBERS and BENCH_NETWORK_MEMBERS must be at least BENCH_FAMILIES');

export interface TrainingScale {
  /** Bookings on past sessions (20 places each), with attendance: the coverage data. */
  bookings: number;
}

export const trainingScale: TrainingScale = {
  bookings: setting('BENCH_TRAINING_BOOKINGS', 100_000, 5_000),
};

export interface StormScale {
  sessions: number;
  places: number;
  people: number;
  /** Sessions each person tries to book. */
  each: number;
  connections: number;
  /**
   * Seconds a booking may wait for its answer before the client gives up and counts it lost:
   * long, since at 200 connections a request queues behind the other 199.
   */
  timeoutSeconds: number;
}

export const stormScale: StormScale = {
  sessions: Math.max(1, setting('BENCH_STORM_SESSIONS', 100, 10)),
  places: Math.max(1, setting('BENCH_STORM_PLACES', 20, 20)),
  people: Math.max(1, setting('BENCH_STORM_PEOPLE', 2_000, 200)),
  each: Math.max(1, setting('BENCH_STORM_EACH', 2, 2)),
  connections: Math.max(1, setting('BENCH_STORM_CONNECTIONS', 200, 200)),
  timeoutSeconds: Math.max(1, setting('BENCH_STORM_TIMEOUT', 300, 300)),
};
if (stormScale.each > stormScale.sessions)
  throw new Error('BENCH_STORM_EACH cannot be more than BENCH_STORM_SESSIONS');

export const seconds = setting('BENCH_SECONDS', 10, 2);
/**
 * Seconds of the same load before each measured one, not counted: a server that has run for a
 * while has compiled its hot code; a fresh one spends its first seconds doing so.
 */
export const warmup = setting('BENCH_WARMUP', 5, 1);
export const connections = setting('BENCH_CONNECTIONS', 50, 50);
export const sample = setting('BENCH_SAMPLE', 250, 50);
