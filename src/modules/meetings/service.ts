import { beforeTheDay } from './meeting-day.js';
import { Refusal, refusable, type Saved } from '../../platform/http/forms.js';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, forbidden } from '../../platform/http/errors.js';
import { openFamily, openFamilyOfMeeting, readFamily } from '../families/policy.js';
import {
  preparationDateProblems,
  type MeetingInput,
  type MeetingQuery,
  type OutcomeInput,
  type ParticipantInput,
  type PreparationInput,
} from './schemas.js';
import { conferenceFollowUp } from './conference-follow-up.js';
import { isConferenceRole, nameRoles, roleChoices, roleNames } from './conference-roles.js';
import { statusChanged } from './fgc-coordinator.js';
import { type InviteesTold, tellInvitees } from './invitation-updates.js';
import { AGREED, saveAgreedWords } from './outcome-version.js';
import { refuseContent } from './fgc-guard.js';
import * as store from './store.js';
import type { Meeting, MeetingKind } from './tables.js';
import { windowedPage } from '../../platform/http/paging.js';
import { ukDate } from '../../platform/views/env.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { isUuid } from '../../platform/http/ids.js';

// The rules every kind of meeting shares. A meeting belongs to one family and is only ever
// reached through it: openMeeting finds the meeting, then opens its family with
// openFamilyOfMeeting: as openFamily, which refuses (404, audited) anyone who may not see the
// family, and also for the person facilitating a circle or restorative conference that is not
// cancelled (that meeting only; they cannot pass it on). Every read and change writes
// its audit rows on the same transaction, except a family's own reads (readFamily, ADR 0010).

export type { Saved };

/** The actor's partnership. A person or a service account: which families is openFamily's rule. */
export function partnershipOf(ctx: ServiceContext): string {
  const id = ctx.actor.partnershipId;
  if (!id || ctx.actor.kind === 'anonymous') throw forbidden();
  return id;
}

/** What each kind is called on pages, and its suggested roles. FGC and conference build on this. */
export const kindLabels: Record<MeetingKind, string> = {
  circle: 'Restorative circle',
  fgc: 'Family group conference',
  conference: 'Restorative conference',
};
export const suggestedRoles: Record<MeetingKind, string[]> = {
  circle: ['participant', 'supporter', 'facilitator', 'co-facilitator'],
  fgc: ['family member', 'network member', 'supporter', 'professional', 'coordinator'],
  conference: ['person harmed', 'person responsible', 'supporter', 'facilitator'],
};

/**
 * Opens a meeting on the caller's transaction: the meeting must be in the actor's partnership
 * and its family open to them, or they must be facilitating it (openFamilyOfMeeting: that opens
 * this meeting to them, not the family's record). Writes an audit row for the family and the
 * meeting.
 */
export async function openMeeting(
  tx: Db,
  ctx: ServiceContext,
  meetingId: string,
  action: string,
): Promise<{ meeting: Meeting; family: Awaited<ReturnType<typeof openFamilyOfMeeting>> }> {
  const partnershipId = partnershipOf(ctx);
  const meeting = isUuid(meetingId)
    ? await store.findMeeting(tx, partnershipId, meetingId)
    : undefined;
  if (!meeting)
    throw deniedAsNotFound({
      action,
      recordType: 'meeting',
      recordId: isUuid(meetingId) ? meetingId : null,
    });
  const family = await openFamilyOfMeeting(tx, ctx, meeting, action);
  await audit(tx, ctx, { action, recordType: 'meeting', recordId: meeting.id });
  return { meeting, family };
}

/** A family's meetings, newest first. */
export async function listMeetings(ctx: ServiceContext, familyId: string, query: MeetingQuery) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'meeting.listed', async (db, family) => {
    const page = await windowedPage(
      (n) => store.listMeetings(db, partnershipId, family.id, { ...query, page: n }),
      query.page,
    );
    return { family, ...page };
  });
}

/** The family and the people to choose from, for the meeting form. */
export async function meetingFormChoices(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.viewed', async (db, family) => {
    return { family, people: await store.partnershipPeople(db, partnershipId) };
  });
}

/**
 * A meeting, its family and the people to choose from, for changing its details: opened as the
 * meeting (openMeeting), so its facilitator can change what they run, such as consent to record.
 */
export async function meetingEditChoices(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.viewed');
    const people = await store.partnershipPeople(tx, partnershipId);
    return { meeting, family, people, kindLabel: kindLabels[meeting.kind] };
  });
}

/**
 * What is wrong with a meeting's details that the form alone cannot tell: the facilitator must
 * be a current person of the partnership (or the one it had), and held must not come early.
 */
async function checkMeeting(
  tx: Db,
  ctx: ServiceContext,
  input: MeetingInput,
  before?: Pick<Meeting, 'kind' | 'facilitatorId'>,
) {
  const errors: Record<string, string> = {};
  // A conference's coordinator is assigned on its own stage, which checks independence.
  if (before?.kind !== 'fgc') {
    const person = await store.personName(tx, partnershipOf(ctx), input.facilitatorId);
    if (!person || (!person.active && input.facilitatorId !== before?.facilitatorId))
      errors.facilitatorId = 'Choose who is facilitating from the list';
  }
  // Held says it happened: not before its day, as its outcome cannot be recorded before it.
  if (input.status === 'held' && beforeTheDay(input, ctx.now))
    errors.status = `A meeting is held on its day or after it. This one is on ${ukDate(input.startsAt)}: choose planned, or change its date.`;
  if (Object.keys(errors).length) throw new Refusal(errors);
}

export async function createMeeting(
  ctx: ServiceContext,
  familyId: string,
  input: MeetingInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const family = await openFamily(tx, ctx, familyId, 'meeting.created');
      await checkMeeting(tx, ctx, input);
      const id = await store.insertMeeting(
        tx,
        { ...input, partnershipId, familyId: family.id, createdBy: personIdOf(ctx.actor) },
        ctx.now,
      );
      await audit(tx, ctx, { action: 'meeting.created', recordType: 'meeting', recordId: id });
      return { ok: true, id };
    }),
  );
}

export async function updateMeeting(
  ctx: ServiceContext,
  meetingId: string,
  input: MeetingInput,
): Promise<Saved & { told?: InviteesTold }> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.updated');
      // A facilitator from outside the family's teams runs the meeting; they cannot hand it (and
      // the access it gives) to someone else. Those who work with the family can.
      if (family.onlyFacilitating && input.facilitatorId !== meeting.facilitatorId)
        throw new Refusal({
          facilitatorId: 'Only someone who works with the family can change who is facilitating',
        });
      // A conference's coordinator is assigned on its own stage: its form sends no choice here.
      await checkMeeting(tx, ctx, input, meeting);
      const consentChanged =
        input.consentToRecord !== meeting.consentToRecord ||
        input.consentGivenBy !== meeting.consentGivenBy;
      await store.updateMeeting(tx, partnershipId, meeting.id, {
        ...input,
        kind: meeting.kind, // a meeting's kind never changes: its own details hang off it
        // A conference's coordinator is assigned on its own stage, which checks independence.
        facilitatorId: meeting.kind === 'fgc' ? meeting.facilitatorId : input.facilitatorId,
        consentRecordedAt: consentChanged
          ? input.consentToRecord === null
            ? null
            : ctx.now
          : meeting.consentRecordedAt,
        updatedAt: ctx.now,
      });
      const after = (await store.findMeeting(tx, partnershipId, meeting.id))!;
      // A conference cancelled (or going ahead again) ends (or restarts) its coordinator's part.
      await statusChanged(tx, ctx, meeting, after);
      return { ok: true, id: meeting.id, told: await tellInvitees(tx, ctx, meeting, after) };
    }),
  );
}

/** A meeting with everything its tabs show. */
export async function viewMeeting(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.viewed');
    const participants = await store
      .listParticipants(tx, partnershipId, meeting.id)
      .then((p) => nameRoles(tx, partnershipId, meeting.kind, p));
    const invitations = await store.listInvitations(tx, partnershipId, meeting.id);
    const facilitator = await store.personName(tx, partnershipId, meeting.facilitatorId);
    const questions = await store.listQuestions(tx, partnershipId, meeting.id);
    return {
      meeting,
      family,
      participants,
      invitations,
      facilitator: facilitator?.name ?? '',
      facilitatorActive: facilitator?.active ?? false,
      questionCount: questions.length,
      kindLabel: kindLabels[meeting.kind],
      // A conference is followed up until every agreement item is done or closed.
      followUp:
        meeting.kind === 'conference'
          ? await conferenceFollowUp(tx, partnershipId, meeting.id, ctx.now)
          : null,
    };
  });
}

/** Who may be added: the family's members and network, and the partnership's people. */
export async function participantChoices(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.viewed');
    const fam = await store.familyPeople(tx, partnershipId, family.id);
    const professionals = await store.partnershipPeople(tx, partnershipId);
    const current = await store
      .listParticipants(tx, partnershipId, meeting.id)
      .then((p) => nameRoles(tx, partnershipId, meeting.kind, p));
    // A conference's roles are fixed keys, named by the partnership: chosen, not typed.
    const conferenceRoles =
      meeting.kind === 'conference' ? roleChoices(await roleNames(tx, partnershipId)) : null;
    // Whoever is already taking part is not offered again.
    const taking = new Set(
      current.flatMap((p) => [p.familyMemberId, p.networkMemberId, p.personId]),
    );
    const notTaking = <T extends { id: string }>(list: T[]) =>
      list.filter((c) => !taking.has(c.id));
    return {
      meeting,
      family,
      members: notTaking(fam.members),
      network: notTaking(fam.network),
      professionals: notTaking(professionals),
      current,
      roles: suggestedRoles[meeting.kind],
      conferenceRoles,
    };
  });
}

export async function addParticipant(
  ctx: ServiceContext,
  meetingId: string,
  input: ParticipantInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, family } = await openMeeting(
        tx,
        ctx,
        meetingId,
        'meeting.participant_added',
      );
      const [type, refId] = input.who.split(':') as ['member' | 'network' | 'person', string];
      const fam = await store.familyPeople(tx, partnershipId, family.id);
      const known =
        type === 'member'
          ? fam.members.some((m) => m.id === refId)
          : type === 'network'
            ? fam.network.some((m) => m.id === refId)
            : Boolean(await store.personName(tx, partnershipId, refId));
      if (!known) throw new Refusal({ who: 'Choose who is taking part from the list' });
      if (meeting.kind === 'conference' && !isConferenceRole(input.role))
        throw new Refusal({ role: 'Choose their role in the conference' });
      const current = await store.listParticipants(tx, partnershipId, meeting.id);
      const already = current.some(
        (p) =>
          (type === 'member' && p.familyMemberId === refId) ||
          (type === 'network' && p.networkMemberId === refId) ||
          (type === 'person' && p.personId === refId),
      );
      if (already) throw new Refusal({ who: 'They are already taking part' });
      const id = await store.insertParticipant(tx, {
        partnershipId,
        meetingId: meeting.id,
        familyMemberId: type === 'member' ? refId : null,
        networkMemberId: type === 'network' ? refId : null,
        personId: type === 'person' ? refId : null,
        role: input.role,
        createdAt: ctx.now,
      });
      await audit(tx, ctx, {
        action: 'meeting.participant_added',
        recordType: 'meeting_participant',
        recordId: id,
      });
      return { ok: true, id };
    }),
  );
}

export async function savePreparation(
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  input: PreparationInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting } = await openMeeting(tx, ctx, meetingId, 'meeting.preparation_saved');
    // The form checked these for the day it was sent; the API's schema cannot know the day.
    const problems = preparationDateProblems(input, ukToday(ctx.now));
    if (Object.keys(problems).length) throw new Refusal(problems);
    const found =
      isUuid(participantId) &&
      (await store.updatePreparation(tx, partnershipId, meeting.id, participantId, input));
    if (!found)
      throw deniedAsNotFound({
        action: 'meeting.preparation_saved',
        recordType: 'meeting_participant',
        recordId: isUuid(participantId) ? participantId : null,
      });
    await audit(tx, ctx, {
      action: 'meeting.preparation_saved',
      recordType: 'meeting_participant',
      recordId: participantId,
    });
    return { ok: true, id: participantId };
  });
}

export async function saveOutcome(
  ctx: ServiceContext,
  meetingId: string,
  input: OutcomeInput,
): Promise<Saved> {
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting } = await openMeeting(tx, ctx, meetingId, 'meeting.outcome_saved');
      await refuseContent(tx, meeting, 'outcome'); // a family group conference's own rules
      // (A meeting already held can have its words corrected, whatever its date.)
      if (meeting.status !== 'held' && beforeTheDay(meeting, ctx.now))
        throw new Refusal({
          outcome: `The outcome is recorded once the meeting has happened. It is on ${ukDate(meeting.startsAt)}: if it has moved, change its date first.`,
        });
      // Words agreed mean the meeting was held.
      await saveAgreedWords(
        tx,
        ctx,
        meeting,
        { words: input.outcome, version: input.version },
        AGREED,
        { status: meeting.status === 'planned' ? 'held' : meeting.status },
      );
      return { ok: true, id: meeting.id };
    }),
  );
}

/**
 * What a meeting agreed, for the plans module to start a family-led plan from ("Make this into
 * a family-led plan"). Audited as a read of the meeting; refused as not found like any other.
 */
export async function meetingOutcome(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openMeeting(tx, ctx, meetingId, 'meeting.outcome_read');
    const participants = await nameRoles(
      tx,
      partnershipId,
      meeting.kind,
      await store.listParticipants(tx, partnershipId, meeting.id),
    );
    return {
      meetingId: meeting.id,
      familyId: family.id,
      kind: meeting.kind,
      title: meeting.title,
      heldOn: meeting.startsAt,
      outcome: meeting.outcome,
      outcomeRecordedAt: meeting.outcomeRecordedAt,
      outcomeRecordedBy: meeting.outcomeRecordedBy,
      facilitatorId: meeting.facilitatorId,
      participants: participants.map((p) => ({
        participantId: p.id,
        name: p.name,
        role: p.role,
        familyMemberId: p.familyMemberId,
        networkMemberId: p.networkMemberId,
        personId: p.personId,
      })),
    };
  });
}
