import { sql } from 'drizzle-orm';
import { rowsOf } from '../../platform/db/index.js';
import { audit } from '../../platform/audit/index.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { notFound } from '../../platform/http/errors.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { FormProblem } from './problems.js';
import { trainerLineage } from './tables-cascade.js';

// The trainer cadre: who trains, who trained them, and how many sessions they delivered.
// Sessions with a provider row were bought in; the rest were delivered by local trainers.
// Only sessions already held count as delivered: one still to come has not been, yet.
// An action learning set's sessions are delivered by its facilitator: they count for a
// facilitator who is one of the trainers (a set facilitated by someone else is not training
// delivered by the cadre, so it counts nowhere here).

const NONE = '00000000-0000-0000-0000-000000000000';

export interface CadreMember {
  id: string;
  name: string;
  trainedById: string | null;
  trainedByProvider: string | null;
  since: string | null;
  sessions: number;
  children: CadreMember[];
}

export async function cadre(ctx: Pick<ServiceContext, 'db' | 'actor' | 'now'>) {
  const pid = ctx.actor.partnershipId ?? NONE;
  const now = sql`${ctx.now.toISOString()}::timestamptz`;
  const held = sql`s.status = 'scheduled' and s.ends_at <= ${now}`;
  // A set's session has no status: it is held once it has ended.
  const alsHeld = sql`from training_als_sessions a
    join training_als_cohorts c on c.id = a.cohort_id and c.partnership_id = ${pid}
    where a.partnership_id = ${pid} and a.ends_at <= ${now}`;
  const trainers = rowsOf<Omit<CadreMember, 'children'>>(
    await ctx.db.execute(sql`
      select p.id, p.name, l.trained_by_id as "trainedById",
        l.trained_by_provider as "trainedByProvider", l.since::text as since,
        (select count(*)::int from training_session_trainers st
          join training_sessions s on s.id = st.session_id and ${held}
          where st.person_id = p.id and st.partnership_id = ${pid})
        + (select count(*)::int ${alsHeld} and c.facilitator_id = p.id) as sessions
      from people p
      left join trainer_lineage l on l.trainer_id = p.id and l.partnership_id = ${pid}
      where p.partnership_id = ${pid} and p.deactivated_at is null and 'trainer' = any(p.roles)
      order by lower(p.name)`),
  );
  const [counts] = rowsOf<{ local: number; external: number; actionLearning: number }>(
    await ctx.db.execute(sql`
      select count(*) filter (where sp.provider is null)::int as local,
        count(*) filter (where sp.provider is not null)::int as external,
        (select count(*)::int ${alsHeld} and exists (select 1 from people f
          where f.id = c.facilitator_id and 'trainer' = any(f.roles))) as "actionLearning"
      from training_sessions s
      left join training_session_providers sp on sp.session_id = s.id
      where s.partnership_id = ${pid} and ${held}`),
  );
  // The lineage as a tree: roots are trainers trained by a provider, or not yet recorded.
  const byId = new Map(trainers.map((t) => [t.id, { ...t, children: [] as CadreMember[] }]));
  const roots: CadreMember[] = [];
  for (const t of byId.values()) {
    const parent = t.trainedById ? byId.get(t.trainedById) : undefined;
    if (parent && parent !== t) parent.children.push(t);
    else roots.push(t);
  }
  const { local, external, actionLearning } = counts ?? {
    local: 0,
    external: 0,
    actionLearning: 0,
  };
  return {
    trainers: [...byId.values()],
    roots,
    // Action learning set sessions run by trainers are local delivery too.
    counts: { local: local + actionLearning, external, actionLearning },
  };
}

/**
 * What a record of who trained a trainer must not say, field by field: that they trained
 * themselves, or that they became a trainer after `today` (the UK date). `since` is YYYY-MM-DD,
 * or null when no date was given.
 */
export function lineageRules(
  input: { trainerId?: string; trainedById?: string; since: string | null },
  today: string,
): Record<string, string> {
  const broken: Record<string, string> = {};
  if (input.trainedById && input.trainedById === input.trainerId) {
    broken.trainedById = 'A trainer cannot be recorded as trained by themselves';
  }
  if (input.since && input.since > today) {
    broken.since = 'The date they became a trainer must be today or in the past';
  }
  return broken;
}

export async function recordLineage(
  ctx: ServiceContext,
  input: { trainerId: string; trainedById?: string; provider?: string; since: string },
) {
  const pid = ctx.actor.partnershipId ?? NONE;
  const broken = lineageRules(input, ukToday(ctx.now));
  if (Object.keys(broken).length) throw new FormProblem(broken);
  await ctx.db.transaction(async (tx) => {
    const ids = [input.trainerId, input.trainedById].filter(Boolean) as string[];
    const found = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from people where partnership_id = ${pid}
        and id in (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`),
    );
    if (found.length !== new Set(ids).size) throw notFound();
    const values = {
      trainedById: input.trainedById ?? null,
      trainedByProvider: input.trainedById ? null : (input.provider ?? null),
      since: input.since,
    };
    await tx
      .insert(trainerLineage)
      .values({ trainerId: input.trainerId, partnershipId: pid, ...values })
      .onConflictDoUpdate({ target: trainerLineage.trainerId, set: values });
    await audit(tx, ctx, {
      action: 'training.lineage.record',
      recordType: 'person',
      recordId: input.trainerId,
    });
  });
}
