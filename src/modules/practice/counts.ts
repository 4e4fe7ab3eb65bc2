import { hasRole } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden, notFound } from '../../platform/http/errors.js';

import { fromLondon, toLondon } from '../../platform/dates/uk-time.js';
import * as store from './store.js';
import { practiceKinds, type PracticeKind } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// How much everyday practice: this week (from Monday) and this month, by kind, per
// practitioner and per team. Counts, not records: nothing about a family is read.

export type KindCounts = Record<PracticeKind, number> & { total: number };
export interface PersonCounts {
  id: string;
  name: string;
  week: KindCounts;
  month: KindCounts;
}

const zero = (): KindCounts => ({ statement: 0, question: 0, conversation: 0, total: 0 });

/** The start of this week (Monday) and this month, at midnight in the UK. */
export function periodStarts(now: Date) {
  const today = toLondon(now);
  const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  const monday = new Date(Date.UTC(today.year, today.month - 1, today.day - ((weekday + 6) % 7)));
  return {
    weekStart: fromLondon({
      year: monday.getUTCFullYear(),
      month: monday.getUTCMonth() + 1,
      day: monday.getUTCDate(),
      hour: 0,
      minute: 0,
    }),
    monthStart: fromLondon({ year: today.year, month: today.month, day: 1, hour: 0, minute: 0 }),
  };
}

async function countsOf(
  ctx: ServiceContext,
  partnershipId: string,
  who: { id: string; name: string }[],
) {
  const { weekStart, monthStart } = periodStarts(ctx.now);
  const rows = await store.countsFor(
    ctx.db,
    partnershipId,
    who.map((p) => p.id),
    weekStart,
    monthStart,
  );
  const byPerson = new Map<string, PersonCounts>(
    who.map((p) => [p.id, { ...p, week: zero(), month: zero() }]),
  );
  for (const r of rows) {
    const c = byPerson.get(r.practitionerId);
    if (!c || !practiceKinds.includes(r.kind)) continue;
    c.week[r.kind] += r.week;
    c.week.total += r.week;
    c.month[r.kind] += r.month;
    c.month.total += r.month;
  }
  return { weekStart, monthStart, people: [...byPerson.values()] };
}

/** The actor's own counts. */
export async function myCounts(ctx: ServiceContext) {
  const { id, partnershipId, kind, name } = ctx.actor;
  if (!id || !partnershipId || kind !== 'person') throw forbidden();
  const { people, weekStart, monthStart } = await countsOf(ctx, partnershipId, [{ id, name }]);
  return { weekStart, monthStart, ...people[0]! };
}

/**
 * The teams whose counts the actor may see: a manager their own teams; leaders and admins
 * any team of the partnership they ask for (and their own, listed).
 */
export async function countableTeams(ctx: ServiceContext) {
  if (!hasRole(ctx.actor, 'admin', 'leader', 'manager') || !ctx.actor.partnershipId) return [];
  return store.teamsNamed(ctx.db, ctx.actor.partnershipId, [...ctx.actor.teamIds]);
}

/** Each member's counts, and the team's totals. Practitioners are refused (403). */
export async function teamCounts(ctx: ServiceContext, teamId: string) {
  const partnershipId = ctx.actor.partnershipId;
  if (!partnershipId) throw forbidden();
  if (!hasRole(ctx.actor, 'admin', 'leader', 'manager'))
    throw forbidden('Only managers can see a team’s counts');
  const anyTeam = hasRole(ctx.actor, 'admin', 'leader');
  if (!isUuid(teamId) || (!anyTeam && !ctx.actor.teamIds.includes(teamId))) throw notFound();
  const team = await store.findTeam(ctx.db, partnershipId, teamId);
  if (!team) throw notFound();
  const members = await store.teamPeople(ctx.db, partnershipId, team.id);
  const { people, weekStart, monthStart } = await countsOf(ctx, partnershipId, members);
  const totals = { week: zero(), month: zero() };
  for (const p of people)
    for (const period of ['week', 'month'] as const)
      for (const k of [...practiceKinds, 'total'] as const) totals[period][k] += p[period][k];
  return { team, weekStart, monthStart, members: people, totals };
}
