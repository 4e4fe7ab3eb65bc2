import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { endCoordinator, recordCoordinator } from '../families/workers.js';
import * as fgcStore from './fgc-store.js';
import type { Meeting } from './tables.js';

// The independent coordinator works with the family while they coordinate one of its family
// group conferences that is going ahead: that is what opens the family's record to someone from
// outside the family's teams (a charity's FGC service, say). The families capability keeps the
// row (in the 'coordinator' role, never counted as allocated); these keep it in step with the
// conferences, on the caller's transaction, after it has opened the meeting and its family.

/** The conference's coordinator now works with the family (once, however many they run). */
export async function coordinatorStarts(
  tx: Db,
  ctx: ServiceContext,
  meeting: Meeting,
  personId: string,
) {
  if (meeting.status === 'cancelled') return;
  await recordCoordinator(tx, ctx, meeting.familyId, personId);
}

/**
 * This conference no longer has `personId` as its coordinator, or is cancelled: their row ends,
 * unless they still coordinate another of the family's conferences that is going ahead.
 */
export async function coordinatorStops(
  tx: Db,
  ctx: ServiceContext,
  meeting: Meeting,
  personId: string,
) {
  const elsewhere = await fgcStore.coordinatesAnotherLive(
    tx,
    meeting.partnershipId,
    meeting.familyId,
    personId,
    meeting.id,
  );
  if (!elsewhere) await endCoordinator(tx, ctx, meeting.familyId, personId);
}

/**
 * After a conference's status changed: cancelled, its coordinator stops working with the family;
 * going ahead again, they start again.
 */
export async function statusChanged(tx: Db, ctx: ServiceContext, before: Meeting, after: Meeting) {
  if (after.kind !== 'fgc') return;
  const wasLive = before.status !== 'cancelled';
  const isLive = after.status !== 'cancelled';
  if (wasLive === isLive) return;
  const conference = await fgcStore.findConference(tx, after.partnershipId, after.id);
  if (!conference?.coordinatorId) return;
  if (isLive) await coordinatorStarts(tx, ctx, after, conference.coordinatorId);
  else await coordinatorStops(tx, ctx, after, conference.coordinatorId);
}
