import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDate } from '../../platform/views/env.js';

// Who is asked to check a declared equivalent course. Trainers and admins may both decide
// (equivalence-routes.ts); the trainers know the courses, so they are asked, and the admins
// only where the partnership has no trainer, so a declaration never waits unseen. The person
// who declared is never asked, since someone else checks their own.

async function checkers(tx: Db, partnershipId: string, personId: string) {
  const withRole = (role: 'trainer' | 'admin') =>
    tx
      .select({ name: people.name, email: people.email })
      .from(people)
      .where(
        and(
          eq(people.partnershipId, partnershipId),
          isNull(people.deactivatedAt),
          ne(people.id, personId),
          sql`${role} = any(${people.roles})`,
        ),
      )
      .orderBy(asc(people.name));
  const trainers = await withRole('trainer');
  return trainers.length ? trainers : withRole('admin');
}

/** Emails each checker that a declaration waits, in the declaring transaction. */
export async function askToCheck(
  tx: Db,
  ctx: ServiceContext,
  declaration: {
    id: string;
    courseTitle: string;
    earlierCourse: string;
    provider: string;
    completedOn: string;
  },
) {
  const { partnershipId, id: personId, name } = ctx.actor as Member;
  const d = declaration;
  for (const c of await checkers(tx, partnershipId, personId)) {
    await ctx.mail.queue(tx, {
      partnershipId,
      to: c.email,
      subject: `An earlier course to check: ${d.courseTitle}`,
      text: [
        `Dear ${c.name},`,
        '',
        `${name} did ${d.earlierCourse} (${d.provider}, finished ${ukDate(d.completedOn)}) and asks for it to count in place of ${d.courseTitle}.`,
        `Please check it, then accept or decline it here: ${ctx.baseUrl}/training/equivalents/${d.id}`,
      ].join('\n'),
    });
  }
}
