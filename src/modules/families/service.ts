import { ukToday } from '../../platform/dates/uk-time.js';
import { hasRole, personIdOf } from '../../platform/access/actor.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden, notFound } from '../../platform/http/errors.js';
import { withCaseloadDetails } from './caseload.js';
import { openPlansOf } from '../plans/service.js';
import { ageOn } from './common.js';
import { describeNetwork } from './network.js';
import { countedPage } from '../../platform/http/paging.js';
import { partnershipOf } from '../../platform/http/context.js';
import { refused, type Saved } from '../../platform/http/forms.js';
import { openFamily, readFamily, readFamilyPart } from './policy.js';
import type { FamilyInput, FamilyQuery, MemberInput } from './schemas.js';
import * as store from './store.js';
import { isUuid } from '../../platform/http/ids.js';

// The rules for families and their members. Every read and change opens the family through
// policy.ts, which refuses a family the actor may not see as not found and audits it: a change
// (openFamily) and a read of a part that may not be there (readFamilyPart) on their transaction,
// a read (readFamily) in the statement that finds the family, before anything else is read.

export const ADD_REFUSED = 'Only practitioners, managers and facilitators can add a family';

/**
 * Who may start a family's record: the people who work with families, and admins; or a service
 * account with one of those roles and at least one team, since the family is allocated to its
 * teams (a token with no team could not see the family it had just made).
 */
export const canAddFamilies = (ctx: ServiceContext) =>
  hasRole(ctx.actor, 'practitioner', 'manager', 'facilitator', 'admin') &&
  (ctx.actor.kind === 'person' || (ctx.actor.kind === 'service' && ctx.actor.teamIds.length > 0));

/** The actor's caseload: the families they, or their teams, are allocated to. */
export async function listCaseload(ctx: ServiceContext, query: FamilyQuery) {
  const page = await countedPage(
    await store.listFamilies(ctx.db, ctx.actor, query),
    query.page,
    () => store.countFamilies(ctx.db, ctx.actor, query),
  );
  return { ...page, items: await withCaseloadDetails(ctx, page.items) };
}

/**
 * Starts a family's record. The person adding it, and each of their teams, are allocated to
 * it, so that they and their team's manager can see it from the start. A service account's
 * teams are allocated (nothing can be allocated to a token itself).
 */
export async function createFamily(ctx: ServiceContext, input: FamilyInput): Promise<Saved> {
  if (!canAddFamilies(ctx)) throw forbidden(ADD_REFUSED);
  const partnershipId = partnershipOf(ctx);
  const by = personIdOf(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const id = await store.insertFamily(tx, partnershipId, input.name, by);
    const teams = await store.teamChoices(tx, partnershipId, [...ctx.actor.teamIds]);
    await store.insertWorkers(
      tx,
      partnershipId,
      id,
      [...(by ? [{ personId: by }] : []), ...teams.map((t) => ({ teamId: t.id }))],
      ctx.now,
    );
    if (input.firstMemberName && input.firstMemberRelationship)
      await store.insertMember(tx, partnershipId, id, {
        name: input.firstMemberName,
        relationship: input.firstMemberRelationship,
        dateOfBirth: null,
        pronouns: null,
        preferredLanguage: null,
        interpreterNeeded: false,
        contact: null,
      });
    // The family exists now and the actor is allocated: opening it checks that and audits.
    await openFamily(tx, ctx, id, 'family.created');
    return { ok: true, id };
  });
}

const withAge = (now: Date) => (m: store.MemberRow) => ({ ...m, age: ageOn(m.dateOfBirth, now) });

/**
 * The family's page: the family, its current members, who is working with it, its network
 * counted, and its open plans (through the plans service), all in the read that is audited.
 */
export async function viewFamily(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.viewed', async (db, family) => {
    const members = await store.listMembers(db, partnershipId, family.id);
    const workers = await store.listWorkers(db, partnershipId, family.id);
    const kinds = await store.countNetworkKinds(db, partnershipId, family.id);
    const plans = await openPlansOf(db, ctx, family.id);
    return {
      family,
      members: members.map(withAge(ctx.now)),
      workers,
      network: describeNetwork(kinds.own, kinds.professionals),
      plans,
    };
  });
}

/** The family alone, for a form's heading: still a read of the family, so still audited. */
export async function familyForForm(ctx: ServiceContext, familyId: string) {
  return readFamily(ctx, familyId, 'family.viewed', async (_db, family) => family);
}

/** A member of the family, for their edit or retire page. */
export async function viewMember(ctx: ServiceContext, familyId: string, memberId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamilyPart(ctx, familyId, 'family.member_viewed', async (tx, family) => {
    const member = isUuid(memberId)
      ? await store.findMember(tx, partnershipId, family.id, memberId)
      : null;
    if (!member || member.retiredAt) throw notFound();
    return { family, member };
  });
}

/** A date of birth (YYYY-MM-DD) is not in the future (UK date). */
export function dateOfBirthProblems(ctx: ServiceContext, dateOfBirth: string | null) {
  if (dateOfBirth && dateOfBirth > ukToday(ctx.now))
    return { dateOfBirth: 'Date of birth must be today or in the past' };
  return null;
}

const memberProblems = (ctx: ServiceContext, input: MemberInput) =>
  dateOfBirthProblems(ctx, input.dateOfBirth);

export async function addMember(
  ctx: ServiceContext,
  familyId: string,
  input: MemberInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  const problems = memberProblems(ctx, input);
  if (problems) {
    await familyForForm(ctx, familyId); // a family they cannot see is still not found
    return refused(problems);
  }
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.member_added');
    const id = await store.insertMember(tx, partnershipId, family.id, input);
    return { ok: true, id };
  });
}

export async function updateMember(
  ctx: ServiceContext,
  familyId: string,
  memberId: string,
  input: MemberInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  const problems = memberProblems(ctx, input);
  if (problems) {
    await viewMember(ctx, familyId, memberId);
    return refused(problems);
  }
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.member_updated');
    const ok =
      isUuid(memberId) && (await store.updateMember(tx, partnershipId, family.id, memberId, input));
    if (!ok) throw notFound();
    return { ok: true, id: memberId };
  });
}

/** Retiring keeps the member's record and history; they leave the family's current list. */
export async function retireMember(
  ctx: ServiceContext,
  familyId: string,
  memberId: string,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.member_retired');
    const ok =
      isUuid(memberId) &&
      (await store.updateMember(tx, partnershipId, family.id, memberId, { retiredAt: ctx.now }));
    if (!ok) throw notFound();
    return { ok: true, id: memberId };
  });
}
