import type { Db } from '../../platform/db/index.js';
import { HttpError } from '../../platform/http/errors.js';
import * as fgcStore from './fgc-store.js';
import type { Meeting } from './tables.js';
import type { FgcConference } from './tables-fgc.js';

// Private family time belongs to the family: while it runs, no professional adds anything to
// the conference's record. The shared meeting services (the guide's answers, the outcome) ask
// here before they save, as the FGC's own services do, so the rule holds on every route.

export const FAMILY_TIME_REFUSAL =
  'Private family time has started: the family is talking on its own. Professionals cannot add information, answers or an outcome until the end of private family time is recorded.';

export const familyTimeRunning = (c: FgcConference | null | undefined) =>
  Boolean(c?.familyTimeStartedAt && !c.familyTimeEndedAt);

export type Content = 'information' | 'answers' | 'outcome';

/** Why a professional may not add this content to this meeting now, or null if they may. */
export async function contentRefusal(
  tx: Db,
  meeting: Meeting,
  what: Content,
): Promise<string | null> {
  if (meeting.kind !== 'fgc') return null;
  const conference = await fgcStore.findConference(tx, meeting.partnershipId, meeting.id);
  if (familyTimeRunning(conference)) return FAMILY_TIME_REFUSAL;
  // Only as the family's plan (presentPlan), never here: that has its own rules, and once the
  // referrer has agreed the plan, its words cannot change under the agreement.
  if (what === 'outcome')
    return 'At a family group conference the outcome is the family’s own plan: record it on “The family’s plan”, after private family time.';
  return null;
}

/** Refuses (409, with the reason as the page's message) content that may not be added now. */
export async function refuseContent(tx: Db, meeting: Meeting, what: Content) {
  const refusal = await contentRefusal(tx, meeting, what);
  if (refusal) throw new HttpError(409, refusal);
}
