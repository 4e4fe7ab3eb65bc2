import type { Database } from '../src/platform/db/index.js';
import { DEFAULT_SECTIONS } from '../src/modules/plans/sections.js';
import { CASEHOLDERS, type Pools } from './city-families.js';
import { meetingHeld } from './city-meetings.js';
import type { FamilyScale } from './settings.js';
import { inBatches, mix, pick, timed, uid } from './sql.js';

// Family-led plans: plan g belongs to family g % F, like meeting g, so a third of the plans whose
// meeting was held were made from it. Each plan has an entry in each of the partnership's three
// sections (the family's words, its network's, the practitioner's), two actions, a review, and
// the "created" row of its history. A family's first plan is open, and every other family's
// second; older plans are retired. Parameters: $1 the partnership, $2 how many practitioners
// hold cases, $3 families, $4 meetings, $5 and $6 the batch's first and last plan.

const PLANS = `x as (
  select g, g % $3 as f, g / $3 as k,
         now() - make_interval(days => (20 + ${mix('g', 700, 51)})::int) as at
    from generate_series($5::int, $6::int) g
   where $4::int >= 0)`;

const title = (g: string) =>
  pick(
    [
      'Our family plan',
      'Keeping everyone safe at home',
      'Getting back to school',
      'Our plan from the family group conference',
      'Plan for the summer holidays',
    ],
    mix(g, 5, 52),
  );

export async function buildPlans(
  database: Database,
  partnershipId: string,
  scale: FamilyScale,
  pools: Pools,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const q = database.query;
  const timings: Record<string, number> = {};
  const run = (sql: string) =>
    inBatches(scale.plans, scale.batch, (from, to) =>
      q(sql, [partnershipId, pools.caseholders, scale.families, scale.meetings, from, to]),
    );
  log(`  plans: ${scale.plans.toLocaleString('en-GB')}, with entries, actions and reviews`);

  await q(
    `insert into plan_sections (partnership_id, title, position)
     select $1, t, n from unnest($2::text[]) with ordinality s(t, n)
     on conflict do nothing`,
    [partnershipId, DEFAULT_SECTIONS],
  );

  await timed(timings, 'plans', () =>
    run(`with ${CASEHOLDERS}, ${PLANS}
       insert into plans (id, partnership_id, family_id, title, meeting_id, created_by, created_at,
                          updated_at, retired_at, retired_by)
       select ${uid('plan', 'x.g')}, $1, ${uid('family', 'x.f')}, ${title('x.g')},
              case when x.g % 3 = 0 and x.g < $4 and ${meetingHeld('x.g', 'x.f')}
                   then ${uid('meeting', 'x.g')} end,
              ph.id, x.at, x.at,
              case when not (x.k = 0 or (x.k = 1 and x.f % 2 = 0)) then least(now(), x.at + interval '60 days') end,
              case when not (x.k = 0 or (x.k = 1 and x.f % 2 = 0)) then ph.id end
         from x join ph on ph.n = x.f % $2`),
  );

  await timed(timings, 'plan entries, actions, reviews, history', async () => {
    await run(`with ${CASEHOLDERS}, ${PLANS},
            sec as (select id, (row_number() over (order by position) - 1) % 3 as s
                      from plan_sections where partnership_id = $1 and retired_at is null)
       insert into plan_entries (partnership_id, plan_id, section_id, author_kind, author_id, text,
                                 recorded_by, created_at, updated_by, updated_at)
       select $1, ${uid('plan', 'x.g')}, sec.id,
              (array['family', 'network', 'professional'])[sec.s + 1],
              case sec.s when 0 then ${uid('member', 'x.f')} when 1 then ${uid('network', 'x.f')} else ph.id end,
              case sec.s
                when 0 then ${pick(['We worry when the children miss school because mornings are hard.', 'We are worried about the shouting when things get too much.', 'We don’t always know who to ask for help.'], 'x.g')}
                when 1 then ${pick(['Nan helps every week and the children love seeing her.', 'The children are settled at school and have good friends.', 'Everyone came to the meeting and listened.'], 'x.g')}
                else ${pick(['Agree a morning routine that works for everyone.', 'Find a parenting group near home.', 'Keep meeting every six weeks to check how things are going.'], 'x.g')} end,
              ph.id, x.at, ph.id, x.at
         from x cross join sec join ph on ph.n = x.f % $2`);
    // The family's first member owns one action and the practitioner the other; older actions
    // are mostly done, and the rest are in progress, stuck or not started (some overdue).
    await run(`with ${CASEHOLDERS}, ${PLANS},
            y as (select x.*, j, (x.at + make_interval(days => 30 * (j + 1)))::date as due, ${mix('x.g * 2 + j', 5, 53)} as r
                    from x cross join generate_series(0, 1) j)
       insert into plan_actions (partnership_id, plan_id, what, owner_kind, owner_id, support_needed, due_on,
                                 how_we_will_know, status, status_by, status_at, created_by, created_at)
       select $1, ${uid('plan', 'y.g')},
              case y.j when 0 then ${pick(['Get the children up and ready by eight', 'Call Nan when things get too much', 'Go to the parenting group on Thursdays'], 'y.g')}
                       else ${pick(['Arrange a meeting with the school', 'Find out about the youth club', 'Book the review meeting'], 'y.g')} end,
              case y.j when 0 then 'family' else 'professional' end,
              case y.j when 0 then ${uid('member', 'y.f')} else ph.id end,
              case y.j when 0 then 'A lift on Tuesdays' end,
              y.due, 'The children are at school on time most days',
              case when y.due < current_date - 14 and y.r <> 0 then 'done'
                   when y.r = 1 then 'in_progress' when y.r = 2 then 'stuck' else 'not_started' end,
              case when (y.due < current_date - 14 and y.r <> 0) or y.r in (1, 2) then ph.id end,
              case when (y.due < current_date - 14 and y.r <> 0) or y.r in (1, 2)
                   then least(now(), y.due + interval '1 day') end,
              ph.id, y.at
         from y join ph on ph.n = y.f % $2`);
    await run(`with ${CASEHOLDERS}, ${PLANS}
       insert into plan_reviews (partnership_id, plan_id, due_on, held_at, created_by, created_at)
       select $1, ${uid('plan', 'x.g')}, (x.at + interval '90 days')::date,
              case when x.at + interval '90 days' < now() and x.g % 4 <> 0 then x.at + interval '90 days' end,
              ph.id, x.at
         from x join ph on ph.n = x.f % $2`);
    await run(`with ${CASEHOLDERS}, ${PLANS}
       insert into plan_changes (partnership_id, plan_id, record_type, record_id, change, after,
                                 changed_by, created_at)
       select $1, ${uid('plan', 'x.g')}, 'plan', ${uid('plan', 'x.g')}, 'created', ${title('x.g')},
              ph.id, x.at
         from x join ph on ph.n = x.f % $2`);
  });
  return timings;
}
