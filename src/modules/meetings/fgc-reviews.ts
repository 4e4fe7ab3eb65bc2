import { Refusal, refusable } from '../../platform/http/forms.js';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound } from '../../platform/http/errors.js';

import { fromLondon, toLondon, ukToday } from '../../platform/dates/uk-time.js';
import type { ReviewHeldInput, ReviewInput } from './fgc-schemas.js';
import { statusChanged } from './fgc-coordinator.js';
import { type InviteesTold, tellInvitees } from './invitation-updates.js';
import { ready } from './fgc-stages.js';
import * as fgcStore from './fgc-store.js';
import { openFgc, refreshStage } from './fgc.js';
import { partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import { ukDate } from '../../platform/views/env.js';
import { isUuid } from '../../platform/http/ids.js';

// Reviews of the family's plan, once the referrer has agreed it: a review conference (a new
// conference of its own, linked to this one, which starts again from the family's consent) or
// a review meeting. Each is recorded when it happens; one that will not happen is retired.

const titleOf = (title: string) => `Review: ${title}`.slice(0, 200);

export async function scheduleReview(
  ctx: ServiceContext,
  meetingId: string,
  input: ReviewInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, state } = await openFgc(tx, ctx, meetingId, 'fgc.review_scheduled');
      const c = state.conference;
      if (!c || !ready(state, 'review'))
        throw new Refusal({
          kind: 'Reviews are booked once the referrer has agreed the family’s plan.',
        });
      if (input.dueOn < ukToday(ctx.now))
        throw new Refusal({ due: 'The date of the review must be today or later' });
      let reviewMeetingId: string | null = null;
      if (input.kind === 'fgc') {
        // Same time of day and place as the first conference: the coordinator changes them.
        const at = toLondon(meeting.startsAt);
        const [year, month, day] = input.dueOn.split('-').map(Number) as [number, number, number];
        reviewMeetingId = await store.insertMeeting(
          tx,
          {
            kind: 'fgc',
            title: titleOf(meeting.title),
            startsAt: fromLondon({ year, month, day, hour: at.hour, minute: at.minute }),
            place: meeting.place,
            onlineLink: meeting.onlineLink,
            facilitatorId: c.coordinatorId ?? meeting.facilitatorId,
            status: 'planned',
            purpose: null,
            talkingPiece: null,
            consentToRecord: null,
            consentGivenBy: null,
            partnershipId: pid,
            familyId: meeting.familyId,
            createdBy: personIdOf(ctx.actor),
          },
          ctx.now,
        );
        await fgcStore.insertConference(tx, {
          partnershipId: pid,
          meetingId: reviewMeetingId,
          referrerPersonId: c.referrerPersonId,
          referrerName: c.referrerName,
          referrerOrganisation: c.referrerOrganisation,
          referralReason: `To review the plan agreed at “${meeting.title}”.`,
          referredOn: ukToday(ctx.now),
          referralRecordedBy: personIdOf(ctx.actor),
          referralRecordedAt: ctx.now,
          reviewOfMeetingId: meeting.id,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        });
        await audit(tx, ctx, {
          action: 'meeting.created',
          recordType: 'meeting',
          recordId: reviewMeetingId,
        });
        await refreshStage(tx, ctx, reviewMeetingId);
      }
      const id = await fgcStore.insertReview(tx, {
        partnershipId: pid,
        meetingId: meeting.id,
        kind: input.kind,
        dueOn: input.dueOn,
        reviewMeetingId,
        createdBy: personIdOf(ctx.actor),
        createdAt: ctx.now,
      });
      await audit(tx, ctx, {
        action: 'fgc.review_scheduled',
        recordType: 'fgc_review',
        recordId: id,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id };
    }),
  );
}

/** Opens one current review of the conference (a retired or unknown one is not found). */
async function openReview(
  tx: Db,
  ctx: ServiceContext,
  meetingId: string,
  reviewId: string,
  action: string,
) {
  const opened = await openFgc(tx, ctx, meetingId, action);
  const review = opened.state.reviews.find((r) => r.id === reviewId && !r.retiredAt);
  if (!review)
    throw deniedAsNotFound({
      action,
      recordType: 'fgc_review',
      recordId: isUuid(reviewId) ? reviewId : null,
    });
  return { ...opened, review };
}

/** One review, for its pages. */
export async function viewReview(ctx: ServiceContext, meetingId: string, reviewId: string) {
  return ctx.db.transaction(async (tx) => {
    const { meeting, family, review } = await openReview(
      tx,
      ctx,
      meetingId,
      reviewId,
      'meeting.viewed',
    );
    return { meeting, family, review: { ...review, due: ukDate(review.dueOn) } };
  });
}

export async function recordReviewHeld(
  ctx: ServiceContext,
  meetingId: string,
  reviewId: string,
  input: ReviewHeldInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, review } = await openReview(tx, ctx, meetingId, reviewId, 'fgc.review_held');
      if (input.heldOn > ukToday(ctx.now))
        throw new Refusal({ held: 'The date of the review must be today or in the past' });
      await fgcStore.updateReview(tx, pid, meeting.id, review.id, {
        heldOn: input.heldOn,
        notes: input.notes,
        heldRecordedBy: personIdOf(ctx.actor),
      });
      await audit(tx, ctx, {
        action: 'fgc.review_held',
        recordType: 'fgc_review',
        recordId: review.id,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: review.id };
    }),
  );
}

/** A review that will not happen: retired (never deleted), and its review conference cancelled. */
export async function cancelReview(
  ctx: ServiceContext,
  meetingId: string,
  reviewId: string,
): Promise<Saved & { told?: InviteesTold }> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      let told: InviteesTold | undefined;
      const { meeting, review } = await openReview(
        tx,
        ctx,
        meetingId,
        reviewId,
        'fgc.review_cancelled',
      );
      if (review.heldOn)
        throw new Refusal({ review: 'This review has happened, so it cannot be cancelled.' });
      await fgcStore.updateReview(tx, pid, meeting.id, review.id, {
        retiredAt: ctx.now,
        retiredBy: personIdOf(ctx.actor),
      });
      const reviewMeeting = review.reviewMeetingId
        ? await store.findMeeting(tx, pid, review.reviewMeetingId)
        : undefined;
      if (reviewMeeting) {
        await store.updateMeeting(tx, pid, reviewMeeting.id, {
          status: 'cancelled',
          updatedAt: ctx.now,
        });
        const cancelled = { ...reviewMeeting, status: 'cancelled' as const };
        await statusChanged(tx, ctx, reviewMeeting, cancelled);
        told = await tellInvitees(tx, ctx, reviewMeeting, cancelled);
      }
      await audit(tx, ctx, {
        action: 'fgc.review_cancelled',
        recordType: 'fgc_review',
        recordId: review.id,
      });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: review.id, told };
    }),
  );
}
