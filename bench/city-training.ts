import type { Database } from '../src/platform/db/index.js';
import { seedTraining } from '../src/modules/training/seed.js';
import type { TrainingScale } from './settings.js';
import { inBatches, mix, timed, uid } from './sql.js';

// The coverage data: the partnership's course catalogue (the app's own training seed: the
// Introduction, Development and Circles courses with their prerequisites, a bespoke course and
// action learning sets), two years of past sessions of the three standard courses, each with
// 20 places and a trainer, and bookings on them with attendance recorded. Session s gets its
// id from `uid` (sql.ts); person j of session s is a different person of the city for each j.

export const PLACES = 20;

/** Sessions needed for the bookings, 20 to a session. */
export const sessionsFor = (scale: TrainingScale) =>
  Math.max(1, Math.ceil(scale.bookings / PLACES));

/** Session s of S starts this many days ago, spread evenly over two years, at 9.30. */
const sessionStart = (s: string, count: string) =>
  `(date_trunc('day', now()) - make_interval(days => (1 + ((${s})::bigint * 730) / ${count})::int, hours => -9, mins => -30))`;

interface Course {
  id: string;
  minutes: number;
  requires: string[];
}

/** The standard courses, those with no prerequisite first, then the ones that need them. */
async function standardCourses(database: Database, partnershipId: string): Promise<Course[]> {
  const { rows } = await database.query<Course>(
    `select c.id, coalesce(c.duration_minutes, 150) as minutes,
            array(select p.required_course_id::text from training_prerequisites p where p.course_id = c.id) as requires
       from training_courses c
      where c.partnership_id = $1 and c.kind = 'standard' and c.retired_at is null
      order by c.title`,
    [partnershipId],
  );
  const depth = (c: Course, seen = new Set<string>()): number =>
    seen.has(c.id)
      ? 0
      : Math.max(
          0,
          ...c.requires.map((id) => {
            const r = rows.find((x) => x.id === id);
            return r ? 1 + depth(r, new Set([...seen, c.id])) : 0;
          }),
        );
  return rows.sort((a, b) => depth(a) - depth(b));
}

/** The app's own course catalogue, unless the city has one already. */
export async function ensureCatalogue(database: Database, partnershipId: string) {
  const { rows } = await database.query<{ found: boolean }>(
    'select exists (select 1 from training_courses where partnership_id = $1) as found',
    [partnershipId],
  );
  if (!rows[0]!.found) await seedTraining(database.db, partnershipId);
}

export async function buildTraining(
  database: Database,
  partnershipId: string,
  scale: TrainingScale,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const q = database.query;
  const timings: Record<string, number> = {};
  const sessions = sessionsFor(scale);
  log(
    `  training: ${sessions.toLocaleString('en-GB')} past sessions, ` +
      `${scale.bookings.toLocaleString('en-GB')} bookings`,
  );

  await timed(timings, 'training catalogue', () => ensureCatalogue(database, partnershipId));
  const courses = await standardCourses(database, partnershipId);
  if (!courses.length) throw new Error('The training seed made no standard course');
  // Of every ten sessions, five are of the first course, three of the second, two of the third.
  const slots = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2].map(
    (i) => courses[Math.min(i, courses.length - 1)]!,
  );

  await timed(timings, 'training sessions', async () => {
    await q(
      `with x as (select s, ${mix('s', 10, 61)} as slot, ${sessionStart('s', '$2')} as starts
                    from generate_series(0, $2 - 1) s)
       insert into training_sessions (id, partnership_id, course_id, starts_at, ends_at, places, delivery,
                                      joining_link, venue, created_at)
       select ${uid('tsession', 'x.s')}, $1, ($3::uuid[])[1 + x.slot], x.starts,
              x.starts + make_interval(mins => ($4::int[])[1 + x.slot]), ${PLACES},
              case when x.s % 3 = 0 then 'in_person' else 'online' end,
              case when x.s % 3 <> 0 then 'https://video.example/training/' || x.s end,
              case when x.s % 3 = 0 then 'Training room, Civic Centre' end,
              x.starts - interval '60 days'
         from x`,
      [partnershipId, sessions, slots.map((c) => c.id), slots.map((c) => c.minutes)],
    );
    await q(
      `with tr as (select id, row_number() over (order by email) - 1 as n, count(*) over () as size
                     from people where partnership_id = $1 and 'trainer' = any(roles) and deactivated_at is null)
       insert into training_session_trainers (partnership_id, session_id, person_id)
       select $1, ${uid('tsession', 's')}, tr.id
         from generate_series(0, $2 - 1) s join tr on tr.n = s % tr.size`,
      [partnershipId, sessions],
    );
  });

  // One booking in ten was cancelled a few days before; of the rest three in four attended,
  // one in twenty came late, one in twenty left early and the others did not come.
  const { rows } = await q<{ n: number }>(
    'select count(*)::int as n from people where partnership_id = $1 and deactivated_at is null',
    [partnershipId],
  );
  const people = rows[0]!.n;
  if (people < PLACES) throw new Error(`The city needs at least ${PLACES} people for training`);
  await timed(timings, 'training bookings', () =>
    inBatches(scale.bookings, 100_000, (from, to) =>
      q(
        `with pp as (select id, row_number() over (order by email) - 1 as n
                       from people where partnership_id = $1 and deactivated_at is null),
              x as (select b, b / ${PLACES} as s, b % ${PLACES} as j, ${sessionStart(`b / ${PLACES}`, '$3')} as starts,
                           ${mix('b', 20, 62)} as r
                      from generate_series($4::int, $5::int) b)
         insert into training_bookings (partnership_id, session_id, person_id, status, attendance,
                                        created_at, updated_at, cancelled_at)
         select $1, ${uid('tsession', 'x.s')}, pp.id,
                case when x.j % 10 = 9 then 'cancelled' else 'booked' end,
                case when x.j % 10 = 9 then null when x.r < 15 then 'attended' when x.r = 15 then 'late'
                     when x.r = 16 then 'left_early' else 'absent' end,
                x.starts - make_interval(days => (10 + ${mix('x.b', 40, 63)})::int),
                x.starts + interval '4 hours',
                case when x.j % 10 = 9 then x.starts - make_interval(days => (1 + ${mix('x.b', 5, 64)})::int) end
           from x join pp on pp.n = (x.s * 7919 + x.j * greatest(1, $2 / ${PLACES})) % $2`,
        [partnershipId, people, sessions, from, to],
      ),
    ),
  );
  return timings;
}
