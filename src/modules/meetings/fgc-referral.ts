import { ukToday } from '../../platform/dates/uk-time.js';
import { Refusal, refusable } from '../../platform/http/forms.js';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { openFamily, readFamily } from '../families/policy.js';
import type { NewFgcInput, ReferralInput } from './fgc-schemas.js';
import * as fgcStore from './fgc-store.js';
import { openFgc, refreshStage } from './fgc.js';
import { partnershipOf, type Saved } from './service.js';
import * as store from './store.js';

// A family group conference begins with its referral: who referred the family and why, and
// the family's answer when it is asked (given or not, when, and who recorded it).

/** The family and the partnership's people, for the referral form of a new conference. */
export async function newFgcChoices(ctx: ServiceContext, familyId: string) {
  const pid = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.viewed', async (db, family) => {
    return { family, people: await store.partnershipPeople(db, pid) };
  });
}

/** The partnership's people, to choose a referrer or a coordinator from. */
export async function peopleChoices(ctx: ServiceContext) {
  return store.partnershipPeople(ctx.db, partnershipOf(ctx));
}

async function checkReferrer(
  tx: Db,
  pid: string,
  referral: ReferralInput,
  coordinatorId: string | null,
  now: Date,
) {
  // Both dates are of what has happened: not days still to come. The form reports these with
  // its other mistakes (referralSchema); this is the guard for a day that turned since.
  const today = ukToday(now);
  const ahead = {
    ...(referral.referredOn > today
      ? { referred: 'The date of the referral must be today or in the past' }
      : {}),
    ...(referral.consentOn && referral.consentOn > today
      ? { consentOn: 'The date the family gave its answer must be today or in the past' }
      : {}),
  };
  if (Object.keys(ahead).length) throw new Refusal(ahead);
  if (!referral.referrerPersonId) return;
  const person = await store.personName(tx, pid, referral.referrerPersonId);
  if (!person)
    throw new Refusal({
      referrerPersonId: 'Choose the person who referred the family from the list',
    });
  if (referral.referrerPersonId === coordinatorId)
    throw new Refusal({
      referrerPersonId: `${person.name} is the conference’s coordinator, so they cannot also be the referrer. The coordinator must be independent of the referral.`,
    });
}

function referralValues(ctx: ServiceContext, referral: ReferralInput, consentChanged: boolean) {
  return {
    ...referral,
    referralRecordedBy: personIdOf(ctx.actor),
    referralRecordedAt: ctx.now,
    ...(consentChanged
      ? {
          consentRecordedBy: referral.consent ? personIdOf(ctx.actor) : null,
          consentRecordedAt: referral.consent ? ctx.now : null,
        }
      : {}),
    updatedAt: ctx.now,
  };
}

/**
 * A new conference, from its referral. Until a coordinator is assigned, the meeting is held by
 * the person who recorded the referral (a meeting always has someone running it).
 */
export async function createFgc(
  ctx: ServiceContext,
  familyId: string,
  input: NewFgcInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const family = await openFamily(tx, ctx, familyId, 'meeting.created');
      await checkReferrer(tx, pid, input.referral, null, ctx.now);
      // A service account is no person: the referrer then holds the meeting.
      const holder = personIdOf(ctx.actor) ?? input.referral.referrerPersonId;
      if (!holder)
        throw new Refusal({ referrerPersonId: 'Choose the person who referred the family' });
      const id = await store.insertMeeting(
        tx,
        {
          kind: 'fgc',
          title: input.title,
          startsAt: input.startsAt,
          place: null,
          onlineLink: null,
          facilitatorId: holder,
          status: 'planned',
          purpose: null,
          talkingPiece: null,
          consentToRecord: null,
          consentGivenBy: null,
          partnershipId: pid,
          familyId: family.id,
          createdBy: personIdOf(ctx.actor),
        },
        ctx.now,
      );
      await fgcStore.insertConference(tx, {
        partnershipId: pid,
        meetingId: id,
        createdAt: ctx.now,
        ...referralValues(ctx, input.referral, true),
      });
      await audit(tx, ctx, { action: 'meeting.created', recordType: 'meeting', recordId: id });
      await audit(tx, ctx, { action: 'fgc.referral_saved', recordType: 'meeting', recordId: id });
      if (input.referral.consent)
        await audit(tx, ctx, {
          action: 'fgc.consent_recorded',
          recordType: 'meeting',
          recordId: id,
        });
      await refreshStage(tx, ctx, id);
      return { ok: true, id };
    }),
  );
}

/** Records or changes the referral, and the family's answer when it is asked. */
export async function saveReferral(
  ctx: ServiceContext,
  meetingId: string,
  input: ReferralInput,
): Promise<Saved> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, state } = await openFgc(tx, ctx, meetingId, 'fgc.referral_saved');
      const c = state.conference;
      await checkReferrer(tx, pid, input, c?.coordinatorId ?? null, ctx.now);
      const consentChanged = !c || c.consent !== input.consent || c.consentOn !== input.consentOn;
      if (c)
        await fgcStore.updateConference(
          tx,
          pid,
          meeting.id,
          referralValues(ctx, input, consentChanged),
        );
      else
        await fgcStore.insertConference(tx, {
          partnershipId: pid,
          meetingId: meeting.id,
          createdAt: ctx.now,
          ...referralValues(ctx, input, true),
        });
      if (consentChanged && input.consent)
        await audit(tx, ctx, {
          action: 'fgc.consent_recorded',
          recordType: 'meeting',
          recordId: meeting.id,
        });
      await refreshStage(tx, ctx, meeting.id);
      return { ok: true, id: meeting.id };
    }),
  );
}
