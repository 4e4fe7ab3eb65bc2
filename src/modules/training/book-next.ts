import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { teams } from '../../platform/tenancy/tables.js';
import { teamIdsOf } from './closed-sessions.js';
import * as store from './store.js';
import { trainingSessions } from './tables.js';

// What "My training" offers next, of the courses whose prerequisites the person has done.
// Only what they can book themselves is offered to book: an ordinary course, or a bespoke
// course already arranged for one of their teams. The rest come another way, said beside
// them: a manager asks for a bespoke course for their team, and the training team forms each
// action learning set and adds its members.

export interface Bookable {
  id: string;
  title: string;
  href: string;
  /** Set for a bespoke course: the team it was arranged for. */
  forTeam?: string;
}

export interface AskFor {
  id: string;
  title: string;
  kind: 'bespoke' | 'action_learning_set';
}

export async function nextTraining(
  tx: Db,
  ctx: ServiceContext,
  done: ReadonlySet<string>,
  live: ReadonlySet<string>,
) {
  const { partnershipId, id: personId } = ctx.actor as Member;
  const required = await store.allPrerequisites(tx, partnershipId);
  const ready = (await store.activeCourses(tx, partnershipId)).filter(
    (c) =>
      !done.has(c.id) &&
      !live.has(c.id) &&
      required.every((p) => p.courseId !== c.id || done.has(p.requiredCourseId)),
  );
  const arranged = await arrangedForMyTeams(
    tx,
    ctx,
    ready.filter((c) => c.kind === 'bespoke').map((c) => c.id),
    personId,
  );
  const canBook: Bookable[] = [];
  const askFor: AskFor[] = [];
  for (const c of ready) {
    const session = arranged.find((s) => s.courseId === c.id);
    if (c.kind === 'standard') {
      canBook.push({ id: c.id, title: c.title, href: `/training/courses/${c.id}` });
    } else if (session) {
      canBook.push({
        id: c.id,
        title: c.title,
        href: `/training/sessions/${session.id}`,
        forTeam: session.teamName,
      });
    } else {
      askFor.push({ id: c.id, title: c.title, kind: c.kind });
    }
  }
  return { canBook, askFor, asksForBespoke: allows('manager', ctx.actor) };
}

/** The next bookable session of each bespoke course that was arranged for one of the teams. */
async function arrangedForMyTeams(
  tx: Db,
  ctx: ServiceContext,
  courseIds: string[],
  personId: string,
) {
  const { partnershipId } = ctx.actor as Member;
  const mine = await teamIdsOf(tx, partnershipId, personId);
  if (!courseIds.length || !mine.size) return [];
  return tx
    .select({
      id: trainingSessions.id,
      courseId: trainingSessions.courseId,
      teamName: teams.name,
    })
    .from(trainingSessions)
    .innerJoin(teams, eq(teams.id, trainingSessions.teamId))
    .where(
      and(
        eq(trainingSessions.partnershipId, partnershipId),
        inArray(trainingSessions.courseId, courseIds),
        inArray(trainingSessions.teamId, [...mine]),
        eq(trainingSessions.status, 'scheduled'),
        gt(trainingSessions.startsAt, ctx.now),
      ),
    )
    .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id));
}
