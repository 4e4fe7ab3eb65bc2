import type { FgcView } from './fgc.js';
import { fgcPath } from './fgc-paths.js';
import { durationText, stageLabels, type StageStatus } from './fgc-stages.js';
import type { FgcStage } from './tables-fgc.js';
import { ukDate } from '../../platform/views/env.js';

// The stages page as a GOV.UK task list: each stage with a line saying where it stands, its
// status, and a link once it can be worked on.

const pages: Record<FgcStage, string> = {
  referral: 'referral',
  coordinator: 'coordinator',
  preparation: 'preparation',
  information: 'information',
  family_time: 'family-time',
  plan: 'plan',
  agreement: 'agreement',
  review: 'reviews',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How long private family time lasted, once it has ended. */
export function familyTimeLasted(view: Pick<FgcView, 'conference'>): string | null {
  const c = view.conference;
  return c?.familyTimeStartedAt && c.familyTimeEndedAt
    ? durationText(c.familyTimeEndedAt.getTime() - c.familyTimeStartedAt.getTime())
    : null;
}

function hintOf(view: FgcView, stage: FgcStage): string {
  const c = view.conference;
  const name = (id: string | null | undefined) => (id ? (view.names[id] ?? '') : '');
  switch (stage) {
    case 'referral': {
      if (!c) return 'The referral has not been recorded yet.';
      const by = c.referrerPersonId ? name(c.referrerPersonId) : c.referrerName;
      const consent =
        c.consent === 'given'
          ? `The family agreed on ${ukDate(c.consentOn!)}.`
          : c.consent === 'not_given'
            ? `The family did not agree (${ukDate(c.consentOn!)}).`
            : 'The family’s answer has not been recorded.';
      return `Referred by ${by} on ${ukDate(c.referredOn)}. ${consent}`;
    }
    case 'coordinator':
      return c?.coordinatorId
        ? `${name(c.coordinatorId)} is the coordinator.`
        : 'Someone independent: not the referrer, and not working with the family.';
    case 'preparation': {
      const met = view.invitees.filter((p) => p.preparedOn).length;
      return `The coordinator has met ${met} of ${plural(view.invitees.length, 'person', 'people')} taking part.`;
    }
    case 'information':
      return `${plural(view.informationCount, 'professional has', 'professionals have')} shared what they know.`;
    case 'family_time': {
      const lasted = familyTimeLasted(view);
      if (lasted) return `The family talked on its own for ${lasted}.`;
      return c?.familyTimeStartedAt
        ? 'Private family time is running now: professionals cannot add anything.'
        : 'Professionals leave, and the family makes its plan on its own.';
    }
    case 'plan':
      return c?.planPresentedAt
        ? `The family presented its plan on ${ukDate(c.planPresentedAt)}.`
        : 'The family presents its plan, in its own words.';
    case 'agreement': {
      const d = view.decision;
      if (!d) return 'The referrer agrees the plan, or says why not and what happens next.';
      return d.agreed
        ? `Agreed on ${ukDate(d.decidedOn)}.`
        : `Not agreed on ${ukDate(d.decidedOn)}: ${d.nextSteps ?? ''}`;
    }
    case 'review': {
      const next = view.reviews.find((r) => !r.retiredAt && !r.heldOn);
      if (next) return `Next review on ${ukDate(next.dueOn)}.`;
      const held = view.reviews.filter((r) => !r.retiredAt && r.heldOn).length;
      return held
        ? `${plural(held, 'review has', 'reviews have')} happened.`
        : 'Book a review of the plan: a review family group conference or a review meeting.';
    }
  }
}

const statusOf = (status: StageStatus, overdue: boolean) => {
  if (overdue) return { tag: { text: 'Overdue', classes: 'govuk-tag--red' } };
  if (status === 'completed') return { text: 'Completed' };
  if (status === 'cannot_start')
    return { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' };
  const tag =
    status === 'not_agreed'
      ? { text: 'Not agreed', classes: 'govuk-tag--red' }
      : status === 'in_progress'
        ? { text: 'In progress', classes: 'govuk-tag--light-blue' }
        : { text: 'Incomplete', classes: 'govuk-tag--blue' };
  return { tag };
};

/** The items of the GOV.UK task list macro. */
export function taskItems(view: FgcView) {
  return view.statuses.map(({ stage, status }) => ({
    title: { text: stageLabels[stage] },
    hint: { text: hintOf(view, stage) },
    href: status === 'cannot_start' ? undefined : fgcPath(view.meeting.id, pages[stage]),
    status: statusOf(
      status,
      view.overdue.some((o) => o.stage === stage),
    ),
  }));
}
