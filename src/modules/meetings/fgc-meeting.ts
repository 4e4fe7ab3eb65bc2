import { ukToday } from '../../platform/dates/uk-time.js';
import { Refusal, refusable } from '../../platform/http/forms.js';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound } from '../../platform/http/errors.js';

import { FAMILY_TIME_REFUSAL, familyTimeRunning } from './fgc-guard.js';
import type { DecisionInput, FamilyPlanInput, InformationInput } from './fgc-schemas.js';
import { currentDecision, ready } from './fgc-stages.js';
import { beforeTheDay } from './meeting-day.js';
import * as fgcStore from './fgc-store.js';
import { openFgc, refreshStage } from './fgc.js';
import { partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import { FAMILY_PLAN, saveAgreedWords } from './outcome-version.js';
import { ukDate } from '../../platform/views/env.js';
import { isUuid } from '../../platform/http/ids.js';

// The conference itself: the professionals share what they know, then leave the family to
// talk on its own (private family time), then the family presents its plan and the referrer
// agrees it or says why not. While private family time runs, no professional adds anything.

/**
 * What one professional taking part brings: what they know, their worries, the help they can
 * offer and any bottom lines. Once preparation is done, and until private family time starts.
 */
export async function saveInformation(
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  input: InformationInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, state } = await openFgc(tx, ctx, meetingId, 'fgc.information_saved');
      const participants = await store.listParticipants(tx, pid, meeting.id, { lock: true });
      const professional = participants.find((p) => p.id === participantId && p.personId);
      if (!professional)
        throw deniedAsNotFound({
          action: 'fgc.information_saved',
          recordType: 'meeting_participant',
          recordId: isUuid(participantId) ? participantId : null,
        });
      const c = state.conference;
      if (familyTimeRunning(c)) throw new Refusal({ whatWeKnow: FAMILY_TIME_REFUSAL });
      if (!ready(state, 'information'))
        throw new Refusal({
          whatWeKnow:
            'Information is shared at the conference, once the coordinator has finished preparing everyone.',
        });
      if (c?.familyTimeEndedAt)
        throw new Refusal({
          whatWeKnow:
            'Information sharing finished when private family time began. Anything new goes to the family’s plan or its review.',
        });
      await fgcStore.upsertInformation(tx, {
        partnershipId: pid,
        meetingId: meeting.id,
        participantId: professional.id,
        whatWeKnow: input.whatWeKnow,
        worries: input.worries,
        resources: input.resources,
        bottomLines: input.bottomLines ?? null,
        recordedBy: personIdOf(ctx.actor),
        recordedAt: ctx.now,
        updatedBy: personIdOf(ctx.actor),
        updatedAt: ctx.now,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: professional.id };
    }),
  );
}

/**
 * Private family time starts when the professionals leave (information sharing then closes)
 * and ends when the family asks them back. Both moments are recorded, so the record shows that
 * it happened and for how long.
 */
export async function recordFamilyTime(
  ctx: ServiceContext,
  meetingId: string,
  step: 'start' | 'end',
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const action = step === 'start' ? 'fgc.family_time_started' : 'fgc.family_time_ended';
      const { meeting, state } = await openFgc(tx, ctx, meetingId, action);
      const c = state.conference;
      if (step === 'start') {
        if (c?.familyTimeStartedAt)
          throw new Refusal({ step: 'Private family time has already started.' });
        if (!c || !ready(state, 'information'))
          throw new Refusal({
            step: 'Private family time comes after preparation and information sharing.',
          });
        if (!state.informationCount)
          throw new Refusal({
            step: 'At least one professional must share what they know before private family time.',
          });
        if (beforeTheDay(meeting, ctx.now))
          throw new Refusal({
            step: `Private family time happens at the conference, on ${ukDate(meeting.startsAt)}. If the conference has moved, change its date first.`,
          });
        await fgcStore.updateConference(tx, pid, meeting.id, {
          familyTimeStartedBy: personIdOf(ctx.actor),
          familyTimeStartedAt: ctx.now,
        });
      } else {
        if (!c?.familyTimeStartedAt)
          throw new Refusal({ step: 'Private family time has not started yet.' });
        if (c.familyTimeEndedAt)
          throw new Refusal({ step: 'Private family time has already ended.' });
        await fgcStore.updateConference(tx, pid, meeting.id, {
          familyTimeEndedBy: personIdOf(ctx.actor),
          familyTimeEndedAt: ctx.now,
        });
      }
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id };
    }),
  );
}

/**
 * The family presents its plan: it becomes the meeting's outcome, in the family's words, and
 * can be made into a family-led plan in one step. A plan the referrer has agreed is changed
 * on the family-led plan from then on, not here.
 */
export async function presentPlan(
  ctx: ServiceContext,
  meetingId: string,
  input: FamilyPlanInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, state } = await openFgc(tx, ctx, meetingId, 'fgc.plan_presented');
      const c = state.conference;
      if (familyTimeRunning(c)) throw new Refusal({ plan: FAMILY_TIME_REFUSAL });
      if (!c || !ready(state, 'plan'))
        throw new Refusal({
          plan: 'The family presents its plan after private family time. Record private family time first.',
        });
      if (currentDecision(state)?.agreed)
        throw new Refusal({
          plan: 'The referrer has agreed this plan. Changes to it are made on the family-led plan.',
        });
      await saveAgreedWords(
        tx,
        ctx,
        meeting,
        { words: input.plan, version: input.version },
        FAMILY_PLAN,
        { status: meeting.status === 'planned' ? 'held' : meeting.status },
      );
      await fgcStore.updateConference(tx, pid, meeting.id, {
        planPresentedBy: personIdOf(ctx.actor),
        planPresentedAt: ctx.now,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id };
    }),
  );
}

/**
 * The referrer's answer to the plan as presented: agreed, or not agreed with the reason and
 * what happens next. One answer per presentation; every answer is kept.
 */
export async function recordDecision(
  ctx: ServiceContext,
  meetingId: string,
  input: DecisionInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const action = input.agreed ? 'fgc.plan_agreed' : 'fgc.plan_not_agreed';
      const { meeting, state } = await openFgc(tx, ctx, meetingId, action);
      if (!ready(state, 'agreement'))
        throw new Refusal({
          agreed:
            'The referrer answers once the family has presented its plan. Record the plan first.',
        });
      if (currentDecision(state))
        throw new Refusal({
          agreed:
            'The referrer’s answer to this plan is already recorded. If the family changes its plan, record the new plan first.',
        });
      if (input.decidedOn < ukToday(state.conference!.planPresentedAt!))
        throw new Refusal({
          decided: 'The decision cannot be before the family presented its plan',
        });
      if (input.decidedOn > ukToday(ctx.now))
        throw new Refusal({ decided: 'The date of the decision must be today or in the past' });
      const id = await fgcStore.insertDecision(tx, {
        partnershipId: pid,
        meetingId: meeting.id,
        ...input,
        recordedBy: personIdOf(ctx.actor),
        recordedAt: ctx.now,
      });
      await audit(tx, ctx, { action, recordType: 'fgc_decision', recordId: id });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id };
    }),
  );
}
