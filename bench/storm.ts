import { startSession } from '../src/platform/auth/sessions.js';
import type { Database } from '../src/platform/db/index.js';
import { inChild } from './measure.js';
import type { StormScale } from './settings.js';
import { percentiles, type Percentiles } from './stats.js';
import type { Outcome, StormJob, StormResult } from './storm-load.js';

// The booking storm (issue 4): new sessions of a course with no prerequisite, each with its
// places, and many people booking them at once through the real route. People are signed in
// with the app's own startSession (no password hashing); storm-load.ts does the booking. Made
// afresh on every run, so a kept city (BENCH_REUSE) can storm again.

export interface StormSetup {
  sessionIds: string[];
  people: { id: string; token: string }[];
  /** Person p's j-th booking is on session (p + j * S / each) % S: every session is asked alike. */
  requests: { person: number; session: number }[];
}

export async function prepareStorm(
  database: Database,
  partnershipId: string,
  scale: StormScale,
  log: (line: string) => void,
): Promise<StormSetup> {
  const q = database.query;
  const { rows: course } = await q<{ id: string; minutes: number }>(
    `select c.id, coalesce(c.duration_minutes, 180) as minutes from training_courses c
      where c.partnership_id = $1 and c.kind = 'standard' and c.retired_at is null
        and not exists (select 1 from training_prerequisites p where p.course_id = c.id)
      order by c.title limit 1`,
    [partnershipId],
  );
  if (!course[0]) throw new Error('No course without prerequisites to storm');
  // Three months ahead, an hour apart, so none has started and none is closed to anyone.
  const { rows: sessions } = await q<{ id: string }>(
    `insert into training_sessions (partnership_id, course_id, starts_at, ends_at, places, delivery,
                                    joining_link)
     select $1, $2, date_trunc('day', now()) + interval '90 days' + make_interval(hours => i),
            date_trunc('day', now()) + interval '90 days' + make_interval(hours => i, mins => $3),
            $4, 'online', 'https://video.example/storm/' || i
       from generate_series(0, $5 - 1) i
     returning id`,
    [partnershipId, course[0].id, course[0].minutes, scale.places, scale.sessions],
  );
  // People with no password: not the admin or the people the pages are measured as.
  const { rows: people } = await q<{ id: string }>(
    `select id from people
      where partnership_id = $1 and deactivated_at is null and password_hash is null
      order by email limit $2`,
    [partnershipId, scale.people],
  );
  if (people.length < scale.people)
    log(`  WARNING: only ${people.length} people to storm with, not ${scale.people}`);
  const now = new Date();
  const signedIn: StormSetup['people'] = [];
  for (let i = 0; i < people.length; i += 25) {
    const batch = people.slice(i, i + 25);
    const tokens = await Promise.all(
      batch.map((p) => startSession(database.db, { id: p.id, partnershipId }, now)),
    );
    batch.forEach((p, j) => signedIn.push({ id: p.id, token: tokens[j]! }));
  }
  const S = sessions.length;
  const stride = Math.floor(S / scale.each);
  const requests: StormSetup['requests'] = [];
  for (let j = 0; j < scale.each; j++)
    for (let p = 0; p < signedIn.length; p++)
      requests.push({ person: p, session: (p + j * stride) % S });
  return { sessionIds: sessions.map((s) => s.id), people: signedIn, requests };
}

/** Prepares the storm, runs it from a child process, and checks the database afterwards. */
export async function runStorm(
  database: Database,
  partnershipId: string,
  origin: string,
  scale: StormScale,
  log: (line: string) => void,
): Promise<StormReport> {
  const setup = await prepareStorm(database, partnershipId, scale, log);
  const path = (i: number) => `/training/sessions/${setup.sessionIds[i]}`;
  const result = await inChild<StormJob, StormResult>('./storm-load.ts', {
    origin,
    // Each person fetches their CSRF token from the page of the first session they book.
    people: setup.people.map((p, i) => ({
      token: p.token,
      page: path(setup.requests.find((r) => r.person === i)!.session),
    })),
    requests: setup.requests.map((r) => ({ person: r.person, path: `${path(r.session)}/book` })),
    connections: scale.connections,
    timeoutMs: scale.timeoutSeconds * 1000,
  });
  const report = await verifyStorm(database, setup, result, scale);
  log(
    `  CSRF tokens fetched in ${report.csrfSeconds} s; ${report.requests} bookings in ${report.seconds} s: ` +
      `${report.answers.booked} booked, ${report.answers.waitlisted} waitlisted, ` +
      `${report.answers.refused} refused, ${report.lost} lost; p99 ${report.latency.p99} ms`,
  );
  return report;
}

export interface StormReport {
  sessions: number;
  places: number;
  people: number;
  connections: number;
  requests: number;
  answers: Record<Outcome, number>;
  /** HTTP status of answers that were neither a booking nor a refusal (403, 500...). */
  unexpected: Record<string, number>;
  /** A sample of what the refusals and unexpected answers said. */
  details: string[];
  seconds: number;
  csrfSeconds: number;
  answersPerSecond: number;
  bookingsPerSecond: number;
  latency: Percentiles;
  database: { booked: number; waitlisted: number; offered: number; other: number };
  maxHeld: number;
  overbooked: number;
  /** Sessions with a place free while someone waits for one. */
  freeWhileWaiting: number;
  /** Answers the database does not bear out, and bookings written with no answer to match. */
  mismatches: number;
  lost: number;
}

export async function verifyStorm(
  database: Database,
  setup: StormSetup,
  result: StormResult,
  scale: StormScale,
): Promise<StormReport> {
  const { rows } = await database.query<{ session_id: string; person_id: string; status: string }>(
    `select session_id, person_id, status from training_bookings where session_id = any($1::uuid[])`,
    [setup.sessionIds],
  );
  const inDb = new Map(rows.map((r) => [`${r.session_id} ${r.person_id}`, r.status]));
  const answers = {} as Record<Outcome, number>;
  for (const o of [
    'booked',
    'waitlisted',
    'awaiting_approval',
    'refused',
    'unexpected',
    'no answer',
  ] as const)
    answers[o] = 0;
  const unexpected: Record<string, number> = {};
  const details = new Set<string>();
  let mismatches = 0;
  const answered = new Set<string>();
  result.answers.forEach((a, i) => {
    answers[a.outcome]++;
    if (a.outcome === 'unexpected') unexpected[a.status] = (unexpected[a.status] ?? 0) + 1;
    if (a.detail && details.size < 5) details.add(`${a.outcome} (${a.status}): ${a.detail}`);
    const r = setup.requests[i]!;
    const key = `${setup.sessionIds[r.session]} ${setup.people[r.person]!.id}`;
    answered.add(key);
    const status = inDb.get(key);
    const says = a.outcome === 'booked' || a.outcome === 'waitlisted' ? a.outcome : null;
    if (says && status !== says && !(says === 'booked' && status === 'offered')) mismatches++;
  });
  for (const key of inDb.keys()) if (!answered.has(key)) mismatches++;

  const perSession = new Map<string, { held: number; waiting: number }>();
  const counts = { booked: 0, waitlisted: 0, offered: 0, other: 0 };
  for (const r of rows) {
    const s = perSession.get(r.session_id) ?? { held: 0, waiting: 0 };
    if (r.status === 'booked' || r.status === 'offered') s.held++;
    if (r.status === 'waitlisted') s.waiting++;
    perSession.set(r.session_id, s);
    if (r.status === 'booked' || r.status === 'waitlisted' || r.status === 'offered')
      counts[r.status]++;
    else counts.other++;
  }
  const held = [...perSession.values()];
  const lost = answers['no answer'] + answers.unexpected + mismatches;
  return {
    sessions: setup.sessionIds.length,
    places: scale.places,
    people: setup.people.length,
    connections: scale.connections,
    requests: setup.requests.length,
    answers,
    unexpected,
    details: [...details],
    seconds: round(result.seconds),
    csrfSeconds: round(result.csrfSeconds),
    answersPerSecond: Math.round((result.answers.length - answers['no answer']) / result.seconds),
    bookingsPerSecond: Math.round(answers.booked / result.seconds),
    latency: percentiles(result.answers.filter((a) => a.outcome !== 'no answer').map((a) => a.ms)),
    database: counts,
    maxHeld: Math.max(0, ...held.map((s) => s.held)),
    overbooked: held.filter((s) => s.held > scale.places).length,
    freeWhileWaiting: held.filter((s) => s.held < scale.places && s.waiting > 0).length,
    mismatches,
    lost,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
