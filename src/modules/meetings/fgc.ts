import { beforeTheDay } from './meeting-day.js';
import { Refusal, refusable } from '../../platform/http/forms.js';
import { personIdOf } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { allocatedPeople } from '../families/workers.js';
import { coordinatorStarts, coordinatorStops } from './fgc-coordinator.js';
import type { CoordinatorInput } from './fgc-schemas.js';
import { currentDecision, overdueItems, progressOf, ready, stageStatuses } from './fgc-stages.js';
import type { FgcState } from './fgc-stages.js';
import * as fgcStore from './fgc-store.js';
import { kindLabels, openMeeting, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';
import { type InviteesTold, tellInvitees } from './invitation-updates.js';

// A family group conference, stage by stage: opening it, its page, the independent coordinator
// and preparation. The referral is in fgc-referral.ts, the conference day and the reviews in
// fgc-meeting.ts and fgc-reviews.ts. Every stage is reached through the meeting's family
// (openMeeting, then openFamilyOfMeeting, which is openFamily for a family group conference),
// and every change writes its audit row on its transaction.
// A stage's rule refuses it until the stages it depends on are complete (fgc-stages.ts).

async function loadState(tx: Db, meeting: Meeting): Promise<FgcState> {
  const pid = meeting.partnershipId;
  const conference = await fgcStore.findConference(tx, pid, meeting.id);
  const information = await fgcStore.listInformation(tx, pid, meeting.id);
  const decisions = await fgcStore.listDecisions(tx, pid, meeting.id);
  const reviews = await fgcStore.listReviews(tx, pid, meeting.id);
  return {
    meeting,
    conference: conference ?? null,
    informationCount: information.length,
    decisions,
    reviews,
  };
}

/** Opens a meeting that is a family group conference (any other meeting is not found here). */
export async function openFgc(tx: Db, ctx: ServiceContext, meetingId: string, action: string) {
  const opened = await openMeeting(tx, ctx, meetingId, action);
  if (opened.meeting.kind !== 'fgc') throw notFound();
  return { ...opened, state: await loadState(tx, opened.meeting) };
}

/** After a change: keeps the stage the conference has reached (for counting) up to date. */
export async function refreshStage(tx: Db, ctx: ServiceContext, meetingId: string) {
  const meeting = await store.findMeeting(tx, partnershipOf(ctx), meetingId);
  const state = await loadState(tx, meeting!);
  if (state.conference)
    await fgcStore.updateConference(tx, meeting!.partnershipId, meeting!.id, {
      stage: progressOf(state),
      updatedAt: ctx.now,
    });
}

/** Everything the conference's pages show, in one read. */
export async function viewFgc(ctx: ServiceContext, meetingId: string) {
  const pid = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family, state } = await openFgc(tx, ctx, meetingId, 'meeting.viewed');
    const c = state.conference;
    const participants = await store.listParticipants(tx, pid, meeting.id);
    const information = await fgcStore.listInformation(tx, pid, meeting.id);
    const reviewOf = c?.reviewOfMeetingId
      ? await store.findMeeting(tx, pid, c.reviewOfMeetingId)
      : undefined;
    const names = await fgcStore.peopleNames(tx, pid, [
      c?.referrerPersonId ?? null,
      c?.coordinatorId ?? null,
      c?.referralRecordedBy ?? null,
      c?.consentRecordedBy ?? null,
      ...state.decisions.map((d) => d.recordedBy),
      ...information.flatMap((i) => [i.recordedBy, i.updatedBy]),
    ]);
    const professionals = participants.filter((p) => p.personId);
    return {
      meeting,
      family,
      kindLabel: kindLabels.fgc,
      conference: c,
      statuses: stageStatuses(state),
      progress: progressOf(state),
      overdue: overdueItems(state, ctx.now),
      participants,
      invitees: participants.filter((p) => !c?.coordinatorId || p.personId !== c.coordinatorId),
      professionals: professionals.map((p) => ({
        ...p,
        information: information.find((i) => i.participantId === p.id) ?? null,
      })),
      informationCount: information.length,
      decisions: state.decisions,
      decision: currentDecision(state),
      reviews: state.reviews,
      reviewOf: reviewOf ? { id: reviewOf.id, title: reviewOf.title } : null,
      names: Object.fromEntries(names),
      ready: Object.fromEntries(stageStatuses(state).map((s) => [s.stage, ready(state, s.stage)])),
      beforeTheDay: beforeTheDay(meeting, ctx.now),
    };
  });
}
export type FgcView = Awaited<ReturnType<typeof viewFgc>>;

/**
 * Assigns (or replaces) the coordinator: someone independent of the family's case, so neither
 * the referrer, nor a practitioner allocated to the family, nor anyone in a team allocated to
 * it. Only once the family has agreed to the conference. The coordinator is recorded as working with the family (fgc-coordinator.ts),
 * which opens its record to them even when they come from outside the family's teams.
 */
export async function assignCoordinator(
  ctx: ServiceContext,
  meetingId: string,
  input: CoordinatorInput,
): Promise<Saved & { told?: InviteesTold }> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, family, state } = await openFgc(
        tx,
        ctx,
        meetingId,
        'fgc.coordinator_assigned',
      );
      const c = state.conference;
      if (!c || !ready(state, 'coordinator'))
        throw new Refusal({
          coordinatorId: !c
            ? 'Record the referral first: a coordinator is assigned once the family has agreed to the conference.'
            : c.consent === 'not_given'
              ? 'The family has not agreed to a family group conference, so no coordinator can be assigned.'
              : 'Record the family’s consent first: a coordinator is assigned once the family has agreed to the conference.',
        });
      const people = await store.partnershipPeople(tx, pid);
      const person = people.find((p) => p.id === input.coordinatorId);
      if (!person) throw new Refusal({ coordinatorId: 'Choose the coordinator from the list' });
      if (c.referrerPersonId === person.id)
        throw new Refusal({
          coordinatorId: `${person.name} referred the family, so they cannot be its independent coordinator. Choose someone who did not make the referral.`,
        });
      // Allocated practitioners and the members of allocated teams only: a coordinator of
      // another of the family's conferences is working with it too, but independently.
      if ((await allocatedPeople(tx, ctx, family.id)).some((p) => p.id === person.id))
        throw new Refusal({
          coordinatorId: `${person.name} is allocated to work with ${family.name}, so they are not independent of the family. Choose someone who is not working with the family.`,
        });
      const teams = await fgcStore.familyTeamsOf(tx, pid, family.id, person.id);
      if (teams.length)
        throw new Refusal({
          coordinatorId: `${person.name} is in ${teams.join(' and ')}, which ${teams.length > 1 ? 'work' : 'works'} with ${family.name}, so they are not independent of the family. Choose someone who is not working with the family.`,
        });
      await fgcStore.updateConference(tx, pid, meeting.id, {
        coordinatorId: person.id,
        coordinatorAssignedBy: personIdOf(ctx.actor),
        coordinatorAssignedAt: ctx.now,
      });
      // The coordinator can now open the family's record; the one replaced, if any, stops.
      await coordinatorStarts(tx, ctx, meeting, person.id);
      if (c.coordinatorId && c.coordinatorId !== person.id)
        await coordinatorStops(tx, ctx, meeting, c.coordinatorId);
      // The shared pages (invitations, the details) name the coordinator as the one running it.
      await store.updateMeeting(tx, pid, meeting.id, {
        facilitatorId: person.id,
        updatedAt: ctx.now,
      });
      // Anyone already invited is told who to ask now.
      const told = await tellInvitees(tx, ctx, meeting, { ...meeting, facilitatorId: person.id });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id, told };
    }),
  );
}

/**
 * Preparation is done when the coordinator has met everyone invited (the date each was
 * prepared, on the shared preparation tab), the family and its network among them.
 */
export async function confirmPreparation(ctx: ServiceContext, meetingId: string): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, state } = await openFgc(tx, ctx, meetingId, 'fgc.preparation_done');
      const c = state.conference;
      if (!c || !ready(state, 'preparation'))
        throw new Refusal({
          preparation:
            'Assign an independent coordinator first: preparation is the coordinator meeting each person invited.',
        });
      if (c.preparationDoneAt) return { ok: true, id: meeting.id };
      const invitees = (await store.listParticipants(tx, pid, meeting.id)).filter(
        (p) => p.personId !== c.coordinatorId,
      );
      if (!invitees.some((p) => p.familyMemberId || p.networkMemberId))
        throw new Refusal({
          preparation: 'Invite the family and its network first: add them on the participants tab.',
        });
      const notMet = invitees.filter((p) => !p.preparedOn).map((p) => p.name);
      if (notMet.length)
        throw new Refusal({
          preparation: `The coordinator has not met ${notMet.join(', ')} yet. Record the date they met on the preparation tab.`,
        });
      await fgcStore.updateConference(tx, pid, meeting.id, {
        preparationDoneBy: personIdOf(ctx.actor),
        preparationDoneAt: ctx.now,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id };
    }),
  );
}
