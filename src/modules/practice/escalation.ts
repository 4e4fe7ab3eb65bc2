import { Refusal, refusable } from '../../platform/http/forms.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { toFormErrors } from '../../platform/http/forms.js';
import { meetingSchema } from '../meetings/schemas.js';
import { createMeeting, kindLabels } from '../meetings/service.js';
import type { EscalationInput } from './schemas.js';
import { openLog, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';

// Escalating everyday practice up the restorative continuum: a log becomes a circle, a family
// group conference or a restorative conference without retyping. The meeting is made by the
// meetings service (its rules, its audit) on the same transaction, and the two are linked.

const ALREADY = 'This has already become a meeting';

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
      if (log.meetingId) throw new Refusal({ meetingKind: ALREADY });
      const familyId = log.familyId ?? input.familyId;
      if (!familyId) throw new Refusal({ familyId: 'Choose the family' });
      const meeting = meetingSchema.safeParse({
        kind: input.meetingKind,
        // Its kind alone ("Restorative circle"): the title goes into the invitations the family
        // is sent, and the log's note, the kind of practice and where it happened ("team or
        // supervision") are the practitioner's own. The log keeps them; the title can be changed.
        title: kindLabels[input.meetingKind],
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
      // Checked again as it is written: a second submit at the same moment makes no second meeting.
      if (!(await store.linkMeeting(tx, log.id, saved.id, ctx.now)))
        throw new Refusal({ meetingKind: ALREADY });
      await audit(tx, ctx, {
        action: 'practice.escalated',
        recordType: 'meeting',
        recordId: saved.id,
      });
      return { ok: true as const, id: log.id, meetingId: saved.id };
    }),
  );
}
