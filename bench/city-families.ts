import type { Database } from '../src/platform/db/index.js';
import { FIRST, LAST, PLACES } from './city.js';
import type { FamilyScale } from './settings.js';
import { inBatches, mix, pick, timed, uid } from './sql.js';

// The caseload's families, their members and networks, and who works with each: set-based SQL
// like city.ts, with values derived from row numbers. Rows get ids from `uid` (sql.ts), so
// meetings and plans can name "family f" and "its first member" without reading them back.
// Family f's members are f, f + F, f + 2F...; member f (and network member f) is its first.

/**
 * The practitioners who hold cases, numbered from 0 by email, each with their single-agency
 * team: $1 is the partnership, $2 how many hold cases. Family f is held by number f % $2.
 */
export const CASEHOLDERS = `ph as (
  select * from (
    select p.id, p.email, tm.team_id, row_number() over (order by p.email) - 1 as n
      from people p
      join team_members tm on tm.person_id = p.id
      join teams t on t.id = tm.team_id and not t.multi_agency
     where p.partnership_id = $1 and p.roles = array['practitioner']::text[]
       and p.deactivated_at is null) x
   where n < $2)`;

/** The facilitators (and FGC coordinators), numbered from 0: $1 the partnership. */
export const FACILITATORS = `fa as (
  select id, row_number() over (order by email) - 1 as n
    from people where partnership_id = $1 and 'facilitator' = any(roles) and deactivated_at is null)`;

/** When family f's record was started: 30 days to 4 years ago. */
export const familyCreated = (f: string) =>
  `(now() - make_interval(days => 30 + ${mix(f, 1_430, 1)}, hours => ${mix(f, 24, 2)}))`;

const surname = (f: string) => pick(LAST, mix(f, 60_000, 11));

export interface Pools {
  /** Practitioners holding cases. */
  caseholders: number;
  facilitators: number;
}

export async function caseholderCount(
  database: Database,
  partnershipId: string,
  scale: FamilyScale,
) {
  const { rows } = await database.query<{ n: number }>(
    `select count(*)::int as n from people
      where partnership_id = $1 and roles = array['practitioner']::text[] and deactivated_at is null`,
    [partnershipId],
  );
  const available = rows[0]!.n;
  if (!available) throw new Error('The city has no practitioners to hold cases');
  return Math.min(available, Math.ceil(scale.families / scale.caseload));
}

export async function buildFamilies(
  database: Database,
  partnershipId: string,
  scale: FamilyScale,
  log: (line: string) => void,
): Promise<{ timings: Record<string, number>; pools: Pools }> {
  const q = database.query;
  const timings: Record<string, number> = {};
  const caseholders = await caseholderCount(database, partnershipId, scale);
  const F = scale.families;
  log(
    `  families: ${F.toLocaleString('en-GB')}, held by ${caseholders.toLocaleString('en-GB')} practitioners`,
  );

  await timed(timings, 'families', () =>
    q(
      `with ${CASEHOLDERS}
       insert into families (id, partnership_id, name, created_by, created_at)
       select ${uid('family', 'g')}, $1,
              case ${mix('g', 10, 3)}
                when 7 then 'Team ' || ${surname('g')}
                when 8 then 'The ' || ${surname('g')} || '-' || ${pick(LAST, mix('g', 60_000, 12))} || ' family'
                when 9 then ${surname('g')} || ' family'
                else 'The ' || ${surname('g')} || ' family' end,
              ph.id, ${familyCreated('g')}
         from generate_series(0, $3 - 1) g join ph on ph.n = g % $2`,
      [partnershipId, caseholders, F],
    ),
  );

  // Member 0 of a family is a parent or carer; the rest are children (a few without a date of
  // birth, a few retired). Languages and interpreters in the proportions of a diverse city.
  await timed(timings, 'family members', () =>
    inBatches(scale.members, scale.batch, (from, to) =>
      q(
        `insert into family_members (id, partnership_id, family_id, name, date_of_birth, relationship,
                                     pronouns, preferred_language, interpreter_needed, contact,
                                     created_at, retired_at)
         select ${uid('member', 'm')}, $1, ${uid('family', 'f')},
                ${pick(FIRST, mix('m', 60_000, 5))} || ' ' || ${surname('f')},
                case when ${mix('m', 12, 6)} = 0 then null
                     when k = 0 then date '1972-01-01' + ${mix('m', 9_000, 7)}::int
                     else current_date - (200 + ${mix('m', 6_200, 8)})::int end,
                case when k = 0 then ${pick(['mum', 'mum', 'dad', 'nan', 'mum', 'grandad', 'stepmum'], 'f')}
                     when k = 1 then 'eldest child'
                     else ${pick(['youngest child', 'middle child', 'baby of the family', 'cousin who lives with us'], 'm')} end,
                nullif(${pick(['she/her', 'he/him', 'they/them', ''], mix('m', 4, 9))}, ''),
                lang, lang <> 'English' and ${mix('m', 2, 10)} = 0,
                case when k = 0 then '07700 900' || lpad((m % 1000)::text, 3, '0') end,
                ${familyCreated('f')} + make_interval(days => k::int),
                case when k >= 2 and ${mix('m', 40, 13)} = 0 then now() - interval '10 days' end
           from (select m, m % $2 as f, m / $2 as k,
                        ${pick(['English', 'English', 'English', 'English', 'English', 'English', 'English', 'Polish', 'Urdu', 'Somali', 'Bengali', 'Romanian'], mix('m', 12, 14))} as lang
                   from generate_series($3::int, $4::int) m) x`,
        [partnershipId, F, from, to],
      ),
    ),
  );

  // Network member 0 is a relative and 1 a professional; then friends, neighbours, community.
  const kind = `case when k = 0 then 'relative' when k in (1, 3) then 'professional'
                     else ${pick(['friend', 'neighbour', 'community', 'relative'], 'n')} end`;
  await timed(timings, 'network members', () =>
    inBatches(scale.network, scale.batch, (from, to) =>
      q(
        `insert into family_network_members (id, partnership_id, family_id, name, kind, relationship,
                                             organisation, support_offered, strength, contact, created_at)
         select ${uid('network', 'n')}, $1, ${uid('family', 'f')},
                ${pick(FIRST, mix('n', 60_000, 21))} || ' ' ||
                  case when kind = 'relative' then ${surname('f')} else ${pick(LAST, mix('n', 60_000, 22))} end,
                kind,
                case kind
                  when 'relative' then ${pick(['aunt', 'grandad', 'uncle', 'nan', 'cousin', 'great-aunt'], 'n')}
                  when 'friend' then ${pick(['family friend', 'mum’s best friend', 'friend from school'], 'n')}
                  when 'neighbour' then ${pick(['next-door neighbour', 'neighbour across the road'], 'n')}
                  when 'community' then ${pick(['football coach', 'pastor at the church', 'imam at the mosque', 'youth club leader'], 'n')}
                  else ${pick(['social worker', 'health visitor', 'class teacher', 'school nurse', 'youth worker', 'GP'], 'n')} end,
                case when kind = 'professional' then ${pick(PLACES, mix('n', 60_000, 23))} || ' ' ||
                  ${pick(['Primary School', 'Health Centre', 'Family Hub', 'Academy'], 'n')} end,
                ${pick(['school pick-ups on Tuesdays', 'someone to talk to', 'a bed for the night if needed', 'help with shopping', 'lifts to appointments', 'time with the children at weekends'], mix('n', 6, 24))},
                case when ${mix('n', 10, 25)} < 6 then 'strong'
                     when ${mix('n', 10, 25)} < 8 then 'tenuous' else 'stressful' end,
                case when ${mix('n', 3, 26)} = 0 then '07700 900' || lpad((n % 1000)::text, 3, '0') end,
                ${familyCreated('f')} + make_interval(days => k::int)
           from (select n, f, k, ${kind} as kind
                   from (select n, n % $2 as f, n / $2 as k
                           from generate_series($3::int, $4::int) n) a) x`,
        [partnershipId, F, from, to],
      ),
    ),
  );

  // Each family: its practitioner and their team; one in ten also had an earlier practitioner.
  await timed(timings, 'allocations', () =>
    q(
      `with ${CASEHOLDERS}, f as (select f, ${familyCreated('f')} as at from generate_series(0, $3 - 1) f)
       insert into family_workers (partnership_id, family_id, person_id, team_id, started_at, ended_at)
       select $1, ${uid('family', 'f.f')}, ph.id, null::uuid, f.at, null::timestamptz
         from f join ph on ph.n = f.f % $2
       union all
       select $1, ${uid('family', 'f.f')}, null, ph.team_id, f.at, null
         from f join ph on ph.n = f.f % $2
       union all
       select $1, ${uid('family', 'f.f')}, ph.id, null, f.at, f.at + interval '20 days'
         from f join ph on ph.n = (f.f + 1) % $2 where f.f % 10 = 0`,
      [partnershipId, caseholders, F],
    ),
  );
  const { rows } = await q<{ n: number }>(
    `select count(*)::int as n from people
      where partnership_id = $1 and 'facilitator' = any(roles) and deactivated_at is null`,
    [partnershipId],
  );
  if (!rows[0]!.n) throw new Error('The city has no facilitators to run meetings');
  return { timings, pools: { caseholders, facilitators: rows[0]!.n } };
}
