import { addDays, ukToday } from '../../platform/dates/uk-time.js';
import type { MeetingStatus } from './tables.js';
import {
  fgcStages,
  type FgcConference,
  type FgcDecision,
  type FgcProgress,
  type FgcReview,
  type FgcStage,
} from './tables-fgc.js';
import { ukDate } from '../../platform/views/env.js';

// Where a family group conference has got to, and what is overdue: worked out from its record
// alone, with no database, so the rules are plain to read and to test. A stage counts as
// complete only when every stage before it is complete too: the stages happen in order.

export const stageLabels: Record<FgcProgress, string> = {
  referral: 'Referral and the family’s consent',
  coordinator: 'An independent coordinator',
  preparation: 'Preparation',
  information: 'Information sharing',
  family_time: 'Private family time',
  plan: 'The family’s plan',
  agreement: 'The referrer’s agreement',
  review: 'Reviews',
  done: 'Plan agreed, review booked',
};

/** Days the family has to be asked for consent, and a coordinator to be found after it. */
export const TIMESCALES = { consentDays: 10, coordinatorDays: 5 } as const;

export type StageStatus = 'completed' | 'in_progress' | 'not_agreed' | 'to_do' | 'cannot_start';

export interface FgcState {
  meeting: { startsAt: Date; status: MeetingStatus };
  conference: FgcConference | null;
  informationCount: number;
  decisions: FgcDecision[];
  reviews: FgcReview[];
}

/** The referrer's latest answer, if it is an answer to the plan as it now stands. */
export function currentDecision(state: Pick<FgcState, 'conference' | 'decisions'>) {
  const presented = state.conference?.planPresentedAt;
  const latest = [...state.decisions].sort(
    (a, b) => b.recordedAt.getTime() - a.recordedAt.getTime(),
  )[0];
  return presented && latest && latest.recordedAt >= presented ? latest : null;
}

const liveReviews = (reviews: FgcReview[]) => reviews.filter((r) => !r.retiredAt);

/** Whether each stage's own work is done, regardless of the stages before it. */
function ownWork(state: FgcState): Record<FgcStage, boolean> {
  const c = state.conference;
  return {
    referral: c?.consent === 'given',
    coordinator: Boolean(c?.coordinatorId),
    preparation: Boolean(c?.preparationDoneAt),
    // Information sharing closes when the professionals leave for private family time.
    information: Boolean(c?.familyTimeStartedAt),
    family_time: Boolean(c?.familyTimeEndedAt),
    plan: Boolean(c?.planPresentedAt),
    agreement: currentDecision(state)?.agreed === true,
    review: liveReviews(state.reviews).length > 0,
  };
}

/** Started but not finished: something recorded, or an answer that stops the stage. */
function begun(state: FgcState, stage: FgcStage): StageStatus | null {
  const c = state.conference;
  if (stage === 'referral' && c?.consent === 'not_given') return 'not_agreed';
  if (stage === 'referral' && c) return 'in_progress';
  if (stage === 'information' && state.informationCount > 0) return 'in_progress';
  if (stage === 'family_time' && c?.familyTimeStartedAt) return 'in_progress';
  if (stage === 'agreement' && currentDecision(state)?.agreed === false) return 'not_agreed';
  return null;
}

export function stageStatuses(state: FgcState): { stage: FgcStage; status: StageStatus }[] {
  const own = ownWork(state);
  let before = true;
  return fgcStages.map((stage) => {
    const status: StageStatus = !before
      ? 'cannot_start'
      : own[stage]
        ? 'completed'
        : (begun(state, stage) ?? 'to_do');
    before = before && own[stage];
    return { stage, status };
  });
}

/** The first stage not complete, or 'done'. */
export function progressOf(state: FgcState): FgcProgress {
  return stageStatuses(state).find((s) => s.status !== 'completed')?.stage ?? 'done';
}

/** Whether every stage before `stage` is complete: what a stage's service rule asks. */
export function ready(state: FgcState, stage: FgcStage): boolean {
  const statuses = stageStatuses(state);
  return statuses.slice(0, fgcStages.indexOf(stage)).every((s) => s.status === 'completed');
}

/** Whole days from one YYYY-MM-DD to another. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** "1 hour 5 minutes", from milliseconds. */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (!minutes) return 'less than a minute';
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (!h) return part(m, 'minute');
  return m ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour');
}

export interface OverdueItem {
  stage: FgcStage;
  text: string;
  /** YYYY-MM-DD: when it was due. */
  since: string;
}

/** What is late, oldest first. A cancelled conference has nothing overdue. */
export function overdueItems(state: FgcState, now: Date): OverdueItem[] {
  if (state.meeting.status === 'cancelled') return [];
  const today = ukToday(now);
  const c = state.conference;
  const items: OverdueItem[] = [];
  if (c && !c.consent) {
    const due = addDays(c.referredOn, TIMESCALES.consentDays);
    if (today > due)
      items.push({
        stage: 'referral',
        since: due,
        text: `The family’s consent has not been recorded, ${daysBetween(c.referredOn, today)} days after the referral`,
      });
  }
  if (c?.consent === 'given' && c.consentOn && !c.coordinatorId) {
    const due = addDays(c.consentOn, TIMESCALES.coordinatorDays);
    if (today > due)
      items.push({
        stage: 'coordinator',
        since: due,
        text: `No coordinator has been assigned, ${daysBetween(c.consentOn, today)} days after the family gave consent`,
      });
  }
  if (!c?.preparationDoneAt && now >= state.meeting.startsAt)
    items.push({
      stage: 'preparation',
      since: ukToday(state.meeting.startsAt),
      text: 'Preparation was not finished before the date of the conference',
    });
  for (const r of liveReviews(state.reviews))
    if (!r.heldOn && r.dueOn < today)
      items.push({
        stage: 'review',
        since: r.dueOn,
        text: `The review due on ${ukDate(r.dueOn)} has not happened`,
      });
  return items.sort((a, b) => a.since.localeCompare(b.since));
}
