import { Refusal, refusable } from '../../platform/http/forms.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { toFormErrors } from '../../platform/http/forms.js';
import { meetingSchema } from '../meetings/schemas.js';
import { createMeeting, kindLabels } from '../meetings/service.js';
import type { MeetingKind } from '../meetings/tables.js';
import { practiceKindLabels, type EscalationInput } from './schemas.js';
import { openLog, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import type { PracticeLog } from './tables.js';

// Escalating everyday practice up the restorative continuum: a log becomes a circle, a family
// group conference or a restorative conference without retyping. The meeting is made by the
// meetings service (its rules, its audit) on the same transaction, and the two are linked.

const TITLE_MAX = 200;

/**
 * The meeting's title, from the log: its kind, what happened and where. Not the log's note: a
 * meeting's title goes into the invitations its participants (the family among them) are sent,
 * and the note is the practitioner's own. The log links to the meeting and keeps its note.
 */
export function meetingTitle(kind: MeetingKind, log: PracticeLog) {
  const where = log.context === 'other' ? log.contextOther : log.context;
  const title = `${kindLabels[kind]} after an ${practiceKindLabels[log.kind].toLowerCase()} (${where})`;
  return title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title;
}

/** The log, and the families to choose from when it has none (only those the actor sees). */
export async function escalationForm(ctx: ServiceContext, logId: string) {
  partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const log = await openLog(tx, ctx, logId, 'practice.viewed');
    const families = log.familyId ? [] : await store.visibleFamilies(tx, ctx.actor);
    return { log, families };
  });
}

export async function escalate(
  ctx: ServiceContext,
  logId: string,
  input: EscalationInput,
): Promise<Saved & { meetingId?: string }> {
  partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const log = await openLog(tx, ctx, logId, 'practice.escalated');
      if (log.meetingId) throw new Refusal({ meetingKind: 'This has already become a meeting' });
      const familyId = log.familyId ?? input.familyId;
      if (!familyId) throw new Refusal({ familyId: 'Choose the family' });
      const meeting = meetingSchema.safeParse({
        kind: input.meetingKind,
        title: meetingTitle(input.meetingKind, log),
        'date-day': input['date-day'],
        'date-month': input['date-month'],
        'date-year': input['date-year'],
        time: input.time,
        place: input.place,
        onlineLink: input.onlineLink,
        facilitatorId: ctx.actor.id,
        status: 'planned',
        // Something happened that the circle responds to.
        purpose: input.meetingKind === 'circle' ? 'responsive' : undefined,
      });
      if (!meeting.success) throw new Refusal(toFormErrors(meeting.error.issues).errors);
      const saved = await createMeeting({ ...ctx, db: tx }, familyId, meeting.data);
      if (!saved.ok) throw new Refusal(saved.errors);
      await store.linkMeeting(tx, log.id, saved.id, ctx.now);
      await audit(tx, ctx, {
        action: 'practice.escalated',
        recordType: 'meeting',
        recordId: saved.id,
      });
      return { ok: true as const, id: log.id, meetingId: saved.id };
    }),
  );
}
