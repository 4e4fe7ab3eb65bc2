import type { Database } from '../src/platform/db/index.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { sqlArray, timed } from './sql.js';

// A city-scale partnership made with set-based SQL (insert ... select ... from generate_series),
// so the same statements are fast on PGlite and on a server. Values are derived from the row
// number, not random(), so every run builds the same city.

export interface CityScale {
  organisations: number;
  localities: number;
  teams: number;
  people: number;
  auditRows: number;
  /** Audit rows per INSERT ... SELECT (each row still goes through the chain trigger). */
  auditBatch: number;
}

export interface City {
  partnershipId: string;
  adminEmail: string;
  adminPassword: string;
  /** A sample of people to view, spread over the whole list. */
  personIds: string[];
  /** Search terms that match a realistic number of people (surnames, part-names). */
  searchTerms: string[];
  timings: Record<string, number>;
  auditRowsPerSecond: number;
}

export const ADMIN_EMAIL = 'admin@bench-city.example';
export const ADMIN_PASSWORD = 'bench-city-admin-password-2026';

export const FIRST = [
  'Aisha', 'Ben', 'Chloe', 'Daniel', 'Ella', 'Femi', 'Grace', 'Harry', 'Imran', 'Jade',
  'Kwame', 'Laura', 'Mohammed', 'Niamh', 'Oliver', 'Priya', 'Rhys', 'Sophie', 'Tomasz', 'Uma',
  'Victoria', 'William', 'Yasmin', 'Zak', 'Amelia', 'Callum', 'Deepa', 'Eilidh', 'Fraser', 'Hannah',
  'Isla', 'Jamal', 'Katie', 'Liam', 'Megan', 'Nathan', 'Olivia', 'Patrick', 'Rosie', 'Sam',
  'Tariq', 'Zainab', 'Aoife', 'Bethany', 'Connor', 'Darren', 'Esther', 'Gareth', 'Hollie', 'Kofi',
]; // prettier-ignore
export const LAST = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Khan', 'Ahmed', 'Begum', 'Okafor', 'Nowak', "O'Brien", 'Murphy', 'Kelly', 'Campbell', 'Mensah',
]; // prettier-ignore
export const PLACES = [
  'Ashford', 'Bramley', 'Carlton', 'Denby', 'Eastwood', 'Fairfield', 'Greenhill', 'Hartley',
  'Ingleby', 'Kingsway', 'Langley', 'Meadowbank', 'Northfield', 'Oakwood', 'Parkside', 'Queensway',
  'Riverside', 'Southgate', 'Thornton', 'Upton', 'Westfield', 'Whitley', 'Yarrow', 'Abbeydale',
  'Beechwood', 'Castlegate', 'Dalton', 'Elmhurst', 'Foxhill', 'Glebe', 'Hawthorn', 'Highfield',
  'Larkspur', 'Millbrook', 'Newlands', 'Orchard', 'Pinewood', 'Redbrook', 'Stonebridge', 'Willowdale',
]; // prettier-ignore
/** Organisation name endings and their kind: 40 places x 5 endings = 200 unique names. */
const ORG_KINDS: [string, string][] = [
  ['Primary School', 'school'],
  ['Academy', 'school'],
  ['Family Hub', 'council'],
  ['Health Centre', 'nhs'],
  ['Family Support', 'charity'],
];

export async function buildCity(
  database: Database,
  scale: CityScale,
  log: (line: string) => void,
): Promise<City> {
  const q = database.query;
  const timings: Record<string, number> = {};
  let partnershipId = '';

  await timed(timings, 'partnership, organisations, localities, teams', async () => {
    const { rows } = await q<{ id: string }>(
      `insert into partnerships (slug, name) values ('bench-city', 'Bench City Children''s Partnership')
       returning id`,
    );
    partnershipId = rows[0]!.id;
    await q(
      `insert into organisations (partnership_id, name, kind)
       select $1, (${sqlArray(PLACES)})[1 + g % ${PLACES.length}] || ' ' ||
                  (${sqlArray(ORG_KINDS.map((k) => k[0]))})[1 + (g / ${PLACES.length}) % ${ORG_KINDS.length}],
              (${sqlArray(ORG_KINDS.map((k) => k[1]))})[1 + (g / ${PLACES.length}) % ${ORG_KINDS.length}]
         from generate_series(0, $2 - 1) g`,
      [partnershipId, scale.organisations],
    );
    await q(
      `insert into localities (partnership_id, name)
       select $1, (${sqlArray(PLACES)})[1 + g] || ' locality' from generate_series(0, $2 - 1) g`,
      [partnershipId, scale.localities],
    );
    // One multi-agency team per locality; the rest belong to an organisation.
    await q(
      `insert into teams (partnership_id, name, multi_agency, locality_id)
       select $1, l.name || ' multi-agency team', true, l.id from localities l where partnership_id = $1`,
      [partnershipId],
    );
    await q(
      `with o as (select id, name, row_number() over (order by name) - 1 as n
                    from organisations where partnership_id = $1)
       insert into teams (partnership_id, name, organisation_id)
       select $1, o.name || ' ' || (array['early help team','family team','outreach team'])[1 + g / $3],
              o.id
         from generate_series(0, $2 - 1) g join o on o.n = g % $3`,
      [partnershipId, Math.max(0, scale.teams - scale.localities), scale.organisations],
    );
  });

  await timed(timings, 'people', async () => {
    // Roles by row number: 2% leaders, 8% managers, 5% facilitators, 2% trainers, the rest
    // practitioners, of whom some are champions and some have not been trained yet.
    await q(
      `with o as (select id, row_number() over (order by name) - 1 as n
                    from organisations where partnership_id = $1),
            g as (select g, (${sqlArray(FIRST)})[1 + g % ${FIRST.length}] as first,
                         (${sqlArray(LAST)})[1 + (g * 7 + g / ${FIRST.length}) % ${LAST.length}] as last
                    from generate_series(1, $2) g)
       insert into people (partnership_id, name, email, organisation_id, roles, training_layer, created_at)
       select $1, first || ' ' || last,
              lower(replace(first || '.' || last, '''', '')) || '.' || g || '@bench-city.example',
              o.id,
              case when g % 100 < 2 then array['leader']
                   when g % 100 < 10 then array['manager']
                   when g % 100 < 15 then array['facilitator', 'practitioner']
                   when g % 100 < 17 then array['trainer']
                   else array['practitioner'] end,
              case when g % 100 < 2 then 'leader'
                   when g % 100 < 10 then 'manager'
                   when g % 100 < 15 then 'facilitator'
                   when g % 100 < 17 then 'trainer'
                   when g % 100 < 25 then 'champion'
                   when g % 100 < 85 then 'frontline' end,
              now() - make_interval(days => g % 700)
         from g join o on o.n = g % $3`,
      [partnershipId, scale.people - 1, scale.organisations],
    );
    const adminHash = await hashPassword(ADMIN_PASSWORD);
    await q(
      `insert into people (partnership_id, name, email, organisation_id, roles, training_layer, password_hash)
       select $1, 'Alex Admin', $2, id, array['admin','leader'], 'leader', $3
         from organisations where partnership_id = $1 order by name limit 1`,
      [partnershipId, ADMIN_EMAIL, adminHash],
    );
  });

  await timed(timings, 'team memberships', async () => {
    // Everyone in one team; every fifth person also in their locality's multi-agency team.
    await q(
      `with p as (select id, row_number() over (order by email) - 1 as n
                    from people where partnership_id = $1),
            t as (select id, multi_agency, row_number() over (order by multi_agency, name) - 1 as n,
                         count(*) over (partition by multi_agency) as size
                    from teams where partnership_id = $1),
            single as (select * from t where not multi_agency),
            multi as (select id, n - (select count(*) from single) as n, size from t where multi_agency)
       insert into team_members (partnership_id, team_id, person_id)
       select $1, s.id, p.id from p join single s on s.n = p.n % s.size
       union all
       select $1, m.id, p.id from p join multi m on m.n = p.n % m.size where p.n % 5 = 0`,
      [partnershipId],
    );
  });

  log(`  audit rows: ${scale.auditRows.toLocaleString('en-GB')} in batches of ${scale.auditBatch}`);
  const auditStarted = performance.now();
  // A year of history, oldest first, so seq and time run in the same order.
  const yearMs = 365 * 24 * 3_600_000;
  const start = new Date(Date.now() - yearMs);
  const stepMs = yearMs / Math.max(1, scale.auditRows);
  for (let from = 0; from < scale.auditRows; from += scale.auditBatch) {
    const to = Math.min(scale.auditRows, from + scale.auditBatch) - 1;
    await q(
      `with p as (select id, organisation_id, roles, row_number() over (order by id) - 1 as n
                    from people where partnership_id = $1),
            size as (select count(*) as n from p)
       insert into audit_events (partnership_id, at, actor_id, actor_role, actor_organisation_id,
                                 action, record_type, record_id, outcome, request_id)
       select $1, $2::timestamptz + make_interval(secs => g * $3::float8 / 1000),
              a.id, array_to_string(a.roles, ','), a.organisation_id,
              (array['person.viewed','person.viewed','person.viewed','person.viewed','person.viewed',
                     'person.changed','team.viewed','auth.sign-in','auth.sign-out','person.viewed'])[1 + g % 10],
              case when g % 10 = 6 then 'team' else 'person' end,
              r.id::text, 'allowed', md5(g::text)
         from generate_series($4::int, $5::int) g
         cross join size
         join p a on a.n = (g::bigint * 7919) % size.n
         join p r on r.n = (g::bigint * 104729 + 13) % size.n
        order by g`,
      [partnershipId, start.toISOString(), stepMs, from, to],
    );
    const done = to + 1;
    if (done % (scale.auditBatch * 4) === 0 || done === scale.auditRows) {
      const seconds = (performance.now() - auditStarted) / 1000;
      log(`    ${done.toLocaleString('en-GB')} rows, ${seconds.toFixed(0)} s`);
    }
  }
  timings['audit rows'] = Math.round(performance.now() - auditStarted);
  const auditRowsPerSecond = Math.round(scale.auditRows / (timings['audit rows'] / 1000 || 1));

  // As the tables' owner: on a server the app's own role may not vacuum them (ADR 0006).
  // Vacuum, not only analyze: a live database is vacuumed by autovacuum, which merges the rows
  // just added into the people search's trigram indexes (until then every search reads them
  // one by one from the indexes' pending lists) and marks pages all-visible.
  await timed(timings, 'vacuum analyze', () => database.ownerQuery('vacuum analyze'));

  return { ...(await sampleOf(database, partnershipId)), timings, auditRowsPerSecond };
}

/** The city a kept database already holds (BENCH_REUSE), or null if it holds none. */
export async function findCity(database: Database): Promise<City | null> {
  const { rows } = await database.query<{ id: string }>(
    `select id from partnerships where slug = 'bench-city'`,
  );
  if (!rows[0]) return null;
  return { ...(await sampleOf(database, rows[0].id)), timings: {}, auditRowsPerSecond: 0 };
}

async function sampleOf(database: Database, partnershipId: string) {
  const { rows: sample } = await database.query<{ id: string }>(
    `select id from (select id, row_number() over (order by email) as n,
                            count(*) over () as size
                       from people where partnership_id = $1) p
      where n % greatest(1, size / 200) = 0 limit 200`,
    [partnershipId],
  );
  return {
    partnershipId,
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    personIds: sample.map((r) => r.id),
    searchTerms: ['smith', 'patel', 'okafor', 'grace', 'jon', 'hughes', 'mens', 'priya'],
  };
}
