import { and, asc, eq, inArray, isNull, ne, type SQL } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { people, teamMembers } from '../../platform/tenancy/tables.js';
import { bookSession, type BookingOutcome } from './bookings.js';
import { BookingRefused } from './problems.js';

// A manager books several people in their team at once. Each booking is an ordinary booking,
// one after another, with every rule (prerequisites, capacity, waitlist) applied to each
// person; the manager is told what happened to each.

export interface TeamBookingResult {
  personId: string;
  name: string;
  outcome: BookingOutcome | 'refused';
  reason?: string;
  /** Courses the person must complete first, when that is why they were refused. */
  missing?: { id: string; title: string }[];
}

/** The active people who share a team with this person (not the person themselves). */
export async function teamMembersOf(db: Db, partnershipId: string, personId: string) {
  const mine = db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.partnershipId, partnershipId), eq(teamMembers.personId, personId)));
  return membersOf(db, partnershipId, inArray(teamMembers.teamId, mine), personId);
}

async function membersOf(db: Db, partnershipId: string, inTeams: SQL, except: string | null) {
  return db
    .selectDistinct({ id: people.id, name: people.name })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(
      and(
        eq(teamMembers.partnershipId, partnershipId),
        inTeams,
        except ? ne(people.id, except) : undefined,
        isNull(people.deactivatedAt),
      ),
    )
    .orderBy(asc(people.name));
}

/**
 * The people the actor books for: those who share a team with them, or, for a service account
 * (an API token), the people in the teams its admin chose.
 */
export const myTeam = (ctx: ServiceContext) => {
  const m = ctx.actor as Member;
  if (m.kind === 'person') return teamMembersOf(ctx.db, m.partnershipId, m.id);
  if (!m.teamIds.length) return Promise.resolve([]);
  return membersOf(ctx.db, m.partnershipId, inArray(teamMembers.teamId, [...m.teamIds]), null);
};

/** Books each chosen team member; someone outside the manager's teams is refused, not booked. */
export async function bookTeam(
  ctx: ServiceContext,
  sessionId: string,
  personIds: string[],
): Promise<TeamBookingResult[]> {
  const team = new Map((await myTeam(ctx)).map((p) => [p.id, p.name]));
  const results: TeamBookingResult[] = [];
  for (const personId of [...new Set(personIds)]) {
    const name = team.get(personId);
    if (!name) {
      results.push({
        personId,
        name: 'Someone',
        outcome: 'refused',
        reason: 'This person is not in one of your teams.',
      });
      continue;
    }
    try {
      results.push({ personId, name, outcome: await bookSession(ctx, sessionId, personId) });
    } catch (e) {
      if (!(e instanceof BookingRefused)) throw e;
      results.push({ personId, name, outcome: 'refused', reason: e.reason, missing: e.missing });
    }
  }
  return results;
}
