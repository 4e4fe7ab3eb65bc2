import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound } from '../../platform/http/errors.js';
import { Refusal, refusable } from '../../platform/http/forms.js';

import { nameRoles } from './conference-roles.js';
import { howInvited, type RemovalTold, tellRemoved } from './invitation-updates.js';
import * as fgcStore from './fgc-store.js';
import { kindLabels, openMeeting, partnershipOf, type Saved } from './service.js';
import * as participantStore from './participant-store.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// Taking someone off a meeting: added by mistake, or no longer coming. The row is retired, not
// deleted, so their preparation and invitations stay in the record. Not once they have said
// something that is kept in their name: their answers in the facilitation guide, or what they
// shared at a family group conference. Those are their own words, attributed to them, and the
// record would then show words from someone who was not there.

/** Opens one current participant of the meeting (anyone else is not found, audited). */
async function openParticipant(
  tx: Db,
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  action: string,
) {
  const opened = await openMeeting(tx, ctx, meetingId, action);
  const pid = partnershipOf(ctx);
  const current = isUuid(participantId)
    ? await store
        .listParticipants(tx, pid, opened.meeting.id)
        .then((p) => nameRoles(tx, pid, opened.meeting.kind, p))
    : [];
  const participant = current.find((p) => p.id === participantId);
  if (!participant)
    throw deniedAsNotFound({
      action,
      recordType: 'meeting_participant',
      recordId: isUuid(participantId) ? participantId : null,
    });
  return { ...opened, participant };
}

/** Why they cannot be taken off the meeting, in words for the page; null if they can. */
async function whyKept(tx: Db, meeting: Meeting, participant: { id: string; name: string }) {
  const pid = meeting.partnershipId;
  const answers = await participantStore.answerCount(tx, pid, meeting.id, participant.id);
  if (answers)
    return `${participant.name} cannot be removed: they have answers in the facilitation guide (${answers} ${answers === 1 ? 'question' : 'questions'}). Their answers are kept in their own words and in their name, and removing them would leave those words on the record without the person who said them.`;
  if (meeting.kind === 'fgc') {
    const shared = await fgcStore.listInformation(tx, pid, meeting.id);
    if (shared.some((i) => i.participantId === participant.id))
      return `${participant.name} cannot be removed: they have shared information for the conference. What they shared is kept in their name, and removing them would leave it on the record without the person who shared it.`;
  }
  return null;
}

/** The confirmation page: who, and whether they can be removed (and if not, why). */
export async function viewRemoval(ctx: ServiceContext, meetingId: string, participantId: string) {
  return ctx.db.transaction(async (tx) => {
    const { meeting, family, participant } = await openParticipant(
      tx,
      ctx,
      meetingId,
      participantId,
      'meeting.viewed',
    );
    return {
      meeting,
      family,
      participant,
      kindLabel: kindLabels[meeting.kind],
      kept: await whyKept(tx, meeting, participant),
      invitedBy: await howInvited(tx, ctx, meeting, participant.id),
    };
  });
}

/**
 * Retires the participant, audited; refused (rolled back, audit rows too) if they are kept.
 * Someone invited by email to a meeting still to come is emailed to take it out of their
 * calendar, unless `email` is false (the practitioner tells them); `told` says which, for the page.
 */
export async function removeParticipant(
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  email: boolean,
): Promise<Saved & { told?: RemovalTold | null }> {
  const pid = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting, participant } = await openParticipant(
        tx,
        ctx,
        meetingId,
        participantId,
        'meeting.participant_removed',
      );
      // Held until commit. A save of words in their name (the guide's answers, what is shared
      // at a conference) reads the participants FOR SHARE: one that began first lands first and
      // is seen below; one that begins now waits, and then no longer finds them. Someone else
      // removing them at the same moment leaves nothing to lock: not found.
      const gone = () =>
        deniedAsNotFound({
          action: 'meeting.participant_removed',
          recordType: 'meeting_participant',
          recordId: participant.id,
        });
      if (!(await participantStore.lockParticipant(tx, pid, meeting.id, participant.id)))
        throw gone();
      const kept = await whyKept(tx, meeting, participant);
      if (kept) throw new Refusal({ participant: kept });
      if (!(await participantStore.retireParticipant(tx, pid, meeting.id, participant.id, ctx.now)))
        throw gone();
      await audit(tx, ctx, {
        action: 'meeting.participant_removed',
        recordType: 'meeting_participant',
        recordId: participant.id,
      });
      const told = await tellRemoved(tx, ctx, meeting, participant, email);
      return { ok: true as const, id: participant.id, told };
    }),
  );
}
