import { and, eq } from 'drizzle-orm';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { ukDateTime } from '../../platform/views/env.js';
import { statusOf } from './als-dates.js';
import * as als from './als-store.js';
import { completedCourseIds } from './completion.js';
import * as store from './store.js';
import { trainingAlsMembers } from './tables-als.js';

// Who is in an action learning set. A member must have completed the set's course's
// prerequisites (the Introduction and Development courses, for the demo partnership's set),
// by the same rule booking uses. Removing a member keeps their row and their attendance.

const member = (ctx: ServiceContext) => ctx.actor as Member;

/** Why a person cannot join a set, in words for the trainer, with the courses still to do. */
export class MemberRefused extends Error {
  constructor(
    readonly reason: string,
    readonly missing: { id: string; title: string }[] = [],
  ) {
    super(reason);
  }
}

const listOf = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** People of the partnership matching the search, for the "add a member" page. */
export async function peopleToAdd(ctx: ServiceContext, cohortId: string, q: string) {
  const { partnershipId } = member(ctx);
  const cohort = await als.findCohort(ctx.db, partnershipId, cohortId);
  if (!cohort) throw notFound();
  if (!q) return [];
  const current = new Set(
    (await als.membersOf(ctx.db, partnershipId, cohortId))
      .filter((m) => !m.removedAt)
      .map((m) => m.personId),
  );
  return (await als.searchPeople(ctx.db, partnershipId, q)).map((p) => ({
    ...p,
    isMember: current.has(p.id),
    isFacilitator: p.id === cohort.facilitatorId,
  }));
}

/**
 * Adds a person to the set, or back to it. The set's row is locked while its members are
 * counted, so two additions cannot both take its last place.
 */
export async function addMember(ctx: ServiceContext, cohortId: string, personId: string) {
  const { partnershipId } = member(ctx);
  await ctx.db.transaction(async (tx) => {
    const cohort = await als.findCohort(tx, partnershipId, cohortId, true);
    if (!cohort) throw notFound();
    const person = await als.findPerson(tx, partnershipId, personId);
    if (!person) throw new MemberRefused('Choose a person from the list.');
    const sessions = await als.sessionsOf(tx, partnershipId, [cohortId]);
    const members = await als.membersOf(tx, partnershipId, cohortId);
    const course = await store.findCourse(tx, partnershipId, cohort.courseId);
    if (statusOf(sessions, ctx.now) === 'finished') {
      throw new MemberRefused('This set has finished, so nobody more can join it.');
    }
    if (person.id === cohort.facilitatorId) {
      throw new MemberRefused(
        `${person.name} facilitates this set, so they cannot also be a member.`,
      );
    }
    const existing = members.find((m) => m.personId === personId);
    if (existing && !existing.removedAt) {
      throw new MemberRefused(`${person.name} is already a member of this set.`);
    }
    const current = members.filter((m) => !m.removedAt).length;
    if (current >= cohort.places) {
      throw new MemberRefused(
        `This set is full: it has ${current} members, the most it takes. To add someone, change the number of places first.`,
      );
    }
    const required = await store.prerequisitesOf(tx, partnershipId, cohort.courseId);
    const done = await completedCourseIds(
      tx,
      partnershipId,
      personId,
      required.map((r) => r.id),
    );
    const missing = required.filter((r) => !done.has(r.id));
    if (missing.length) {
      throw new MemberRefused(
        `${person.name} cannot join ${course?.title ?? 'this set'} yet: they need to complete ${listOf(missing.map((m) => m.title))} first.`,
        missing,
      );
    }
    const [row] = existing
      ? await tx
          .update(trainingAlsMembers)
          .set({ removedAt: null, addedAt: ctx.now })
          .where(eq(trainingAlsMembers.id, existing.id))
          .returning({ id: trainingAlsMembers.id })
      : await tx
          .insert(trainingAlsMembers)
          .values({ partnershipId, cohortId, personId, addedAt: ctx.now })
          .returning({ id: trainingAlsMembers.id });
    await audit(tx, ctx, {
      action: 'training-als-member.added',
      recordType: 'training-als-member',
      recordId: row!.id,
    });
    const upcoming = sessions.filter((s) => s.startsAt > ctx.now);
    await ctx.mail.queue(tx, {
      partnershipId,
      to: person.email,
      subject: `You have joined an action learning set: ${cohort.name}`,
      text: [
        `Dear ${person.name},`,
        '',
        `You are now a member of the action learning set "${cohort.name}".`,
        ...(cohort.venue ? [`It meets at: ${cohort.venue}`] : []),
        '',
        upcoming.length ? 'Its sessions still to come:' : '',
        ...upcoming.map((s) => `- Session ${s.number}: ${ukDateTime(s.startsAt)}`),
        '',
        `You can see the set in My training: ${ctx.baseUrl}/training/mine`,
      ].join('\n'),
    });
  });
}

/** The member to remove, with their set, for the confirmation page. */
export async function memberToRemove(ctx: ServiceContext, memberId: string) {
  const { partnershipId } = member(ctx);
  const found = await als.findMember(ctx.db, partnershipId, memberId);
  if (!found) throw notFound();
  const cohort = (await als.findCohort(ctx.db, partnershipId, found.cohortId))!;
  return { member: found, cohort };
}

/** Takes a member out of the set. Their row and attendance stay, so their history is kept. */
export async function removeMember(ctx: ServiceContext, memberId: string) {
  const { partnershipId } = member(ctx);
  return ctx.db.transaction(async (tx) => {
    const found = await als.findMember(tx, partnershipId, memberId);
    if (!found) throw notFound();
    if (found.removedAt) return found.cohortId;
    await tx
      .update(trainingAlsMembers)
      .set({ removedAt: ctx.now })
      .where(
        and(
          eq(trainingAlsMembers.partnershipId, partnershipId),
          eq(trainingAlsMembers.id, memberId),
        ),
      );
    await audit(tx, ctx, {
      action: 'training-als-member.removed',
      recordType: 'training-als-member',
      recordId: memberId,
    });
    return found.cohortId;
  });
}
