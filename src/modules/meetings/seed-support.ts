import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { people, teamMembers } from '../../platform/tenancy/tables.js';

// What the demo meetings (fgc-seed.ts, conference-seed.ts) share: the demo people they are
// arranged by, and times counted in days from now.

/** A demo person of the partnership by email, with (one of) their teams. */
export async function demoPerson(tx: Db, partnershipId: string, email: string) {
  const [row] = await tx
    .select({ id: people.id, teamId: teamMembers.teamId })
    .from(people)
    .leftJoin(teamMembers, eq(teamMembers.personId, people.id))
    .where(and(eq(people.partnershipId, partnershipId), eq(people.email, email)));
  return row!;
}

/** The moment `days` days from `now` (negative: ago). */
export const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);
