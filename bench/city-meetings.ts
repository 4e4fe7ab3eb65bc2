import type { Database } from '../src/platform/db/index.js';
import { practiceContexts, practiceKinds } from '../src/modules/practice/tables.js';
import { CASEHOLDERS, FACILITATORS, type Pools } from './city-families.js';
import type { FamilyScale } from './settings.js';
import { inBatches, mix, pick, sqlArray, timed, uid } from './sql.js';

// Restorative meetings (with participants, FGC records and conference agreements) and everyday
// practice logs for the city's families. Meeting g belongs to family g % F; one of the
// partnership's facilitators runs it and the family's practitioner takes part. Parameters in
// every statement: $1 the partnership, $2 how many practitioners hold cases, $3 families, $4
// facilitators (meetings) or meetings (practice logs), $5 and $6 the batch's first and last row.

/** Days before today that meeting g starts (negative: still to come), within its family's life. */
const meetingDay = (g: string, f: string) =>
  `((${mix(g, 65_536, 32)} % (90 + ${mix(f, 1_430, 1)})) - 60)`;

/** Whether meeting g was held: in the past and not one of the tenth cancelled. */
export const meetingHeld = (g: string, f: string) =>
  `(${meetingDay(g, f)} >= 0 and ${mix(g, 10, 34)} <> 0)`;

/** One row per meeting of the batch, with what every statement below needs to know about it. */
const MEETINGS = `x as (
  select g, f, d, starts,
         case when ${mix('g', 10, 35)} < 6 then 'circle' when ${mix('g', 10, 35)} < 8 then 'conference'
              else 'fgc' end as kind,
         case when d < 0 then 'planned' when ${mix('g', 10, 34)} = 0 then 'cancelled' else 'held' end
           as status
    from (select g, f, d,
                 date_trunc('day', now()) - make_interval(days => d::int, hours => -(9 + ${mix('g', 9, 33)})::int)
                   as starts
            from (select g, g % $3 as f, ${meetingDay('g', 'g % $3')} as d
                    from generate_series($5::int, $6::int) g
                   -- every statement passes all six parameters; name each so it has a type
                   where $2::int >= 0 and $4::int >= 0) a) b)`;

export async function buildMeetings(
  database: Database,
  partnershipId: string,
  scale: FamilyScale,
  pools: Pools,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const q = database.query;
  const timings: Record<string, number> = {};
  const base = [partnershipId, pools.caseholders, scale.families, pools.facilitators];
  const run = (sql: string) =>
    inBatches(scale.meetings, scale.batch, (from, to) => q(sql, [...base, from, to]));
  log(`  meetings: ${scale.meetings.toLocaleString('en-GB')}, three participants each`);

  await timed(timings, 'meetings', () =>
    run(`with ${CASEHOLDERS}, ${FACILITATORS}, ${MEETINGS}
       insert into meetings (id, partnership_id, family_id, kind, title, starts_at, place, online_link,
                             facilitator_id, status, consent_to_record, consent_given_by,
                             consent_recorded_at, purpose, outcome, outcome_recorded_by,
                             outcome_recorded_at, created_by, created_at, updated_at)
       select ${uid('meeting', 'x.g')}, $1, ${uid('family', 'x.f')}, x.kind,
              case x.kind when 'circle' then ${pick(['Family circle', 'Circle after the argument at school', 'Getting ready for the new baby', 'Weekly family circle'], 'x.g')}
                          when 'fgc' then 'Family group conference' else 'Restorative conference' end,
              x.starts,
              case when x.g % 4 <> 0 then ${pick(['Family Hub, meeting room 2', 'At home', 'Community centre', 'School library'], 'x.g / 4')} end,
              case when x.g % 4 = 0 then 'https://video.example/meet/' || x.g end,
              fa.id, x.status,
              case when x.status = 'held' then true end,
              case when x.status = 'held' then 'Everyone taking part' end,
              case when x.status = 'held' then x.starts end,
              case when x.kind = 'circle' then ${pick(['proactive', 'responsive'], 'x.g')} end,
              case when x.status = 'held' then ${pick(['We agreed to talk every Sunday evening about the week ahead.', 'Nan will do the school run on Tuesdays and Thursdays.', 'Everyone said sorry and we agreed how to speak to each other when we are cross.', 'We will meet again in six weeks to see how things are going.'], mix('x.g', 4, 36))} end,
              case when x.status = 'held' then fa.id end,
              case when x.status = 'held' then x.starts + interval '2 hours' end,
              ph.id, x.starts - interval '14 days',
              case when x.status = 'held' then x.starts + interval '2 hours' else x.starts - interval '14 days' end
         from x join ph on ph.n = x.f % $2 join fa on fa.n = ${mix('x.g', 65_536, 31)} % $4`),
  );

  // A family member, a network member and the family's practitioner; conferences use the
  // stable role keys, the other kinds a role in words.
  await timed(timings, 'meeting participants', () =>
    run(`with ${CASEHOLDERS}, ${MEETINGS}
       insert into meeting_participants (partnership_id, meeting_id, family_member_id, network_member_id,
                                         person_id, role, contacted_on, prepared_on, created_at)
       select $1, ${uid('meeting', 'x.g')},
              case when j = 0 then ${uid('member', 'x.f')} end,
              case when j = 1 then ${uid('network', 'x.f')} end,
              case when j = 2 then ph.id end,
              case when x.kind = 'conference' then (array['responsible', 'harmed', 'supporter'])[j + 1]
                   else (array['family member', 'supporter', 'professional'])[j + 1] end,
              case when x.starts - interval '10 days' < now() then (x.starts - interval '10 days')::date end,
              case when x.starts - interval '5 days' < now() then (x.starts - interval '5 days')::date end,
              x.starts - interval '14 days'
         from x cross join generate_series(0, 2) j join ph on ph.n = x.f % $2`),
  );

  // Family group conferences, each at a stage its record bears out (fgc-stages.ts): those to
  // come somewhere from referral to information sharing; cancelled ones without consent; held
  // ones awaiting the referrer's agreement, agreed, or agreed with a review booked.
  const stage = `case when x.status = 'planned' then ${pick(['referral', 'coordinator', 'preparation', 'information'], 'x.g')}
                      when x.status = 'cancelled' then 'referral'
                      else ${pick(['agreement', 'review', 'done'], mix('x.g', 3, 37))} end`;
  await timed(timings, 'family group conferences', async () => {
    await run(`with ${FACILITATORS}, ${MEETINGS}, y as (select x.*, ${stage} as stage from x where x.kind = 'fgc')
       insert into fgc_conferences (partnership_id, meeting_id, stage, referrer_name, referrer_organisation,
                                    referral_reason, referred_on, referral_recorded_at, consent, consent_on,
                                    consent_recorded_at, coordinator_id, coordinator_assigned_at,
                                    preparation_done_at, family_time_started_at, family_time_ended_at,
                                    plan_presented_at, created_at, updated_at)
       select $1, ${uid('meeting', 'y.g')}, y.stage,
              ${pick(['Health visitor', 'Head of year', 'Duty social worker', 'School nurse'], 'y.g')},
              ${pick(['Family Hub', 'Health Centre', 'Primary School', 'Academy'], 'y.g / 4')},
              ${pick(['Worries about the children’s school attendance', 'Mum asked for help after a hard few months', 'Arguments at home are getting worse', 'Planning for the children to stay with family'], mix('y.g', 4, 38))},
              (y.starts - interval '42 days')::date, y.starts - interval '42 days',
              case when y.status = 'cancelled' then 'not_given' when y.stage <> 'referral' then 'given' end,
              case when y.status = 'cancelled' or y.stage <> 'referral' then (y.starts - interval '38 days')::date end,
              case when y.status = 'cancelled' or y.stage <> 'referral' then y.starts - interval '38 days' end,
              case when y.stage not in ('referral', 'coordinator') then fa.id end,
              case when y.stage not in ('referral', 'coordinator') then y.starts - interval '35 days' end,
              case when y.status = 'held' or y.stage = 'information'
                   then least(now(), y.starts - interval '3 days') end,
              case when y.status = 'held' then y.starts + interval '1 hour' end,
              case when y.status = 'held' then y.starts + interval '2 hours' end,
              case when y.status = 'held' then y.starts + interval '135 minutes' end,
              y.starts - interval '42 days', now()
         from y join fa on fa.n = ${mix('y.g', 65_536, 31)} % $4`);
    await run(`with ${MEETINGS}, y as (select x.*, ${stage} as stage from x where x.kind = 'fgc')
       insert into fgc_decisions (partnership_id, meeting_id, agreed, decided_on, recorded_at)
       select $1, ${uid('meeting', 'y.g')}, true, (y.starts + interval '1 day')::date,
              y.starts + interval '1 day'
         from y where y.stage in ('review', 'done')`);
    await run(`with ${MEETINGS}, y as (select x.*, ${stage} as stage from x where x.kind = 'fgc')
       insert into fgc_reviews (partnership_id, meeting_id, kind, due_on, created_at)
       select $1, ${uid('meeting', 'y.g')}, 'meeting', (y.starts + interval '90 days')::date,
              y.starts + interval '1 day'
         from y where y.stage = 'done'`);
  });

  // One agreement item per restorative conference held: done for older ones, open (and some
  // overdue) for recent ones.
  await timed(timings, 'conference agreement items', () =>
    run(`with ${MEETINGS}
       insert into conference_agreement_items (partnership_id, meeting_id, kind, what, owner_kind, owner_id,
                                               due_on, completed_on, completed_at, created_at, updated_at)
       select $1, ${uid('meeting', 'x.g')}, ${pick(['apology', 'repair', 'action'], 'x.g')},
              ${pick(['Say sorry to Mr Khan next door', 'Help fix the fence', 'Come home by nine on school nights'], 'x.g')},
              'family', ${uid('member', 'x.f')}, (x.starts + interval '28 days')::date,
              case when x.d > 60 then (x.starts + interval '20 days')::date end,
              case when x.d > 60 then x.starts + interval '20 days' end,
              x.starts + interval '2 hours', x.starts + interval '2 hours'
         from x where x.kind = 'conference' and x.status = 'held'`),
  );

  log(`  practice logs: ${scale.practiceLogs.toLocaleString('en-GB')}`);
  // Seven in ten are about a family (half of those with a member chosen); one in a hundred of
  // those was escalated to the family's first meeting. Spread over two years, so this week and
  // this month have their share.
  await timed(timings, 'practice logs', () =>
    inBatches(scale.practiceLogs, scale.batch, (from, to) =>
      q(
        `with ${CASEHOLDERS},
              x as (select l, case when l % 10 < 7 then ${mix('l', 65_536, 41)} % $3 end as f,
                           now() - make_interval(days => ${mix('l', 730, 42)}::int, mins => ${mix('l', 1_440, 43)}::int) as at,
                           ${mix('l', practiceContexts.length, 45)} as c
                      from generate_series($5::int, $6::int) l)
         insert into practice_logs (partnership_id, practitioner_id, family_id, family_member_id, with_whom,
                                    kind, context, context_other, note, happened_at, meeting_id,
                                    escalated_at, created_at)
         select $1, ph.id, ${uid('family', 'x.f')},
                case when x.l % 2 = 0 then ${uid('member', 'x.f')} end,
                case when x.f is null then ${pick(['A colleague', 'A pupil in Year 9', 'A parent at the school gate', 'The duty team'], 'x.l')}
                     else ${pick(['Mum', 'Dad', 'The young person', 'Nan', 'Both parents', 'The children'], 'x.l')} end,
                ${pick(practiceKinds, mix('x.l', 3, 44))}, (${sqlArray(practiceContexts)})[1 + x.c],
                case when x.c = ${practiceContexts.length - 1} then 'On the bus to the appointment' end,
                case when x.l % 3 = 0 then ${pick(['Asked how the week had been.', 'Noticed and said how well the morning had gone.', 'Talked through what happened at school.'], 'x.l / 3')} end,
                x.at,
                case when x.f is not null and x.l % 100 = 0 and x.f < $4 then ${uid('meeting', 'x.f')} end,
                case when x.f is not null and x.l % 100 = 0 and x.f < $4 then least(now(), x.at + interval '1 day') end,
                x.at
           from x join ph on ph.n = coalesce(x.f, x.l) % $2`,
        [partnershipId, pools.caseholders, scale.families, scale.meetings, from, to],
      ),
    ),
  );
  return timings;
}
