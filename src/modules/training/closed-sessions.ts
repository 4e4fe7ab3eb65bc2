import { and, eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { teamMembers, teams } from '../../platform/tenancy/tables.js';

// A closed session (a bespoke course scheduled for one team) can be booked only by that team's
// members. Others do not see it among a course's dates; those who run training see every one.
// Membership is read from the database, not the signed-in actor, so a manager booking someone
// else is checked against that person's teams.

export async function teamIdsOf(db: Db, partnershipId: string, personId: string) {
  const rows = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.partnershipId, partnershipId), eq(teamMembers.personId, personId)));
  return new Set(rows.map((r) => r.teamId));
}

/**
 * The teams whose closed sessions this actor may see: their own teams (for a service account,
 * the teams its admin chose), or every team for those who run training.
 */
export async function closedSessionTeams(ctx: ServiceContext): Promise<Set<string> | 'all'> {
  if (allows('trainer', ctx.actor)) return 'all';
  const { partnershipId, id, kind, teamIds } = ctx.actor as Member;
  return kind === 'service' ? new Set(teamIds) : teamIdsOf(ctx.db, partnershipId, id);
}

/** The sessions this actor may see listed: open ones, and closed ones for their own teams. */
export async function visibleSessions<S extends { teamId: string | null }>(
  ctx: ServiceContext,
  sessions: S[],
): Promise<S[]> {
  if (!sessions.some((s) => s.teamId)) return sessions;
  const mine = await closedSessionTeams(ctx);
  if (mine === 'all') return sessions;
  return sessions.filter((s) => !s.teamId || mine.has(s.teamId));
}

export interface Closure {
  teamId: string;
  teamName: string;
  /** Whether the person is in the team, and so may book. */
  member: boolean;
}

/** Whom a closed session is for, and whether this person is one of them; null if it is open. */
export async function closedTo(
  db: Db,
  partnershipId: string,
  session: { teamId: string | null },
  personId: string,
): Promise<Closure | null> {
  if (!session.teamId) return null;
  const [team] = await db
    .select({ name: teams.name })
    .from(teams)
    .where(and(eq(teams.partnershipId, partnershipId), eq(teams.id, session.teamId)));
  const mine = await teamIdsOf(db, partnershipId, personId);
  return {
    teamId: session.teamId,
    teamName: team?.name ?? 'one team',
    member: mine.has(session.teamId),
  };
}

export const closedReason = (c: Closure) =>
  `This session is a bespoke course for ${c.teamName}, so only people in that team can book it.`;
