import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { meetingParticipants, meetings } from './tables.js';

// A family group conference's own record, stage by stage, beside the shared meeting core:
// the referral and the family's consent, the independent coordinator, preparation, what each
// professional shares, private family time, the family's plan, the referrer's decision and
// the reviews. Keyed by meeting id. Nothing is deleted: decisions are kept as a history, and a
// review that will not happen is retired.

const id = () => uuid('id').primaryKey().defaultRandom();
const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const meetingId = () =>
  uuid('meeting_id')
    .notNull()
    .references(() => meetings.id);
const personRef = (name: string) => uuid(name).references(() => people.id);
const stamp = (name: string) => timestamp(name, { withTimezone: true });
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The stages, in the order they happen. */
export const fgcStages = [
  'referral',
  'coordinator',
  'preparation',
  'information',
  'family_time',
  'plan',
  'agreement',
  'review',
] as const;
export type FgcStage = (typeof fgcStages)[number];
/** Where a conference has got to: the first stage not complete, or 'done' once all are. */
export const fgcProgress = [...fgcStages, 'done'] as const;
export type FgcProgress = (typeof fgcProgress)[number];

export const consentAnswers = ['given', 'not_given'] as const;
export type ConsentAnswer = (typeof consentAnswers)[number];

export const fgcConferences = pgTable(
  'fgc_conferences',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    /** Kept up to date by every change, so a team's conferences can be counted by stage. */
    stage: text('stage').$type<FgcProgress>().notNull().default('referral'),
    /** Who referred: a person of the partnership, or someone outside it, by name. */
    referrerPersonId: personRef('referrer_person_id'),
    referrerName: text('referrer_name'),
    referrerOrganisation: text('referrer_organisation'),
    referralReason: text('referral_reason').notNull(),
    referredOn: date('referred_on').notNull(),
    referralRecordedBy: personRef('referral_recorded_by'),
    referralRecordedAt: stamp('referral_recorded_at').notNull(),
    /** The family's consent to a conference: null until it has been asked. */
    consent: text('consent').$type<ConsentAnswer>(),
    consentOn: date('consent_on'),
    consentRecordedBy: personRef('consent_recorded_by'),
    consentRecordedAt: stamp('consent_recorded_at'),
    coordinatorId: personRef('coordinator_id'),
    coordinatorAssignedBy: personRef('coordinator_assigned_by'),
    coordinatorAssignedAt: stamp('coordinator_assigned_at'),
    preparationDoneBy: personRef('preparation_done_by'),
    preparationDoneAt: stamp('preparation_done_at'),
    familyTimeStartedBy: personRef('family_time_started_by'),
    familyTimeStartedAt: stamp('family_time_started_at'),
    familyTimeEndedBy: personRef('family_time_ended_by'),
    familyTimeEndedAt: stamp('family_time_ended_at'),
    planPresentedBy: personRef('plan_presented_by'),
    planPresentedAt: stamp('plan_presented_at'),
    /** A review conference: the conference whose plan it reviews. */
    reviewOfMeetingId: uuid('review_of_meeting_id').references(() => meetings.id),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('fgc_conferences_meeting_idx').on(t.meetingId),
    index('fgc_conferences_partnership_stage_idx').on(t.partnershipId, t.stage),
    check(
      'fgc_conferences_one_referrer_ck',
      sql`num_nonnulls(${t.referrerPersonId}, ${t.referrerName}) = 1`,
    ),
    check('fgc_conferences_stage_ck', sql.raw(`stage in (${list(fgcProgress)})`)),
    check('fgc_conferences_consent_ck', sql.raw(`consent in (${list(consentAnswers)})`)),
    check(
      'fgc_conferences_family_time_ck',
      sql`${t.familyTimeEndedAt} is null or ${t.familyTimeEndedAt} >= ${t.familyTimeStartedAt}`,
    ),
  ],
);

/** What one professional brings to the conference, in the information-sharing stage. */
export const fgcInformation = pgTable(
  'fgc_information',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    /** The professional's place in the meeting (a participant who is a person of the partnership). */
    participantId: uuid('participant_id')
      .notNull()
      .references(() => meetingParticipants.id),
    whatWeKnow: text('what_we_know').notNull(),
    worries: text('worries').notNull(),
    resources: text('resources').notNull(),
    /** What must happen, or must not, whatever the family decides. */
    bottomLines: text('bottom_lines'),
    recordedBy: personRef('recorded_by'),
    recordedAt: stamp('recorded_at').notNull(),
    updatedBy: personRef('updated_by'),
    updatedAt: stamp('updated_at').notNull(),
  },
  (t) => [uniqueIndex('fgc_information_one_idx').on(t.meetingId, t.participantId)],
);

/** The referrer's answer to the family's plan. Each answer is kept; the latest one stands. */
export const fgcDecisions = pgTable(
  'fgc_decisions',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    agreed: boolean('agreed').notNull(),
    reason: text('reason'),
    nextSteps: text('next_steps'),
    decidedOn: date('decided_on').notNull(),
    recordedBy: personRef('recorded_by'),
    recordedAt: stamp('recorded_at').notNull(),
  },
  (t) => [
    index('fgc_decisions_meeting_idx').on(t.meetingId, t.recordedAt),
    check(
      'fgc_decisions_not_agreed_ck',
      sql`${t.agreed} or (${t.reason} is not null and ${t.nextSteps} is not null)`,
    ),
  ],
);

export const fgcReviewKinds = ['fgc', 'meeting'] as const;
export type FgcReviewKind = (typeof fgcReviewKinds)[number];

/**
 * A review of the family's plan: a review conference (a new conference, linked here) or a
 * review meeting. Retired, never deleted, if it will not happen.
 */
export const fgcReviews = pgTable(
  'fgc_reviews',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    kind: text('kind').$type<FgcReviewKind>().notNull(),
    dueOn: date('due_on').notNull(),
    reviewMeetingId: uuid('review_meeting_id').references(() => meetings.id),
    heldOn: date('held_on'),
    notes: text('notes'),
    heldRecordedBy: personRef('held_recorded_by'),
    createdBy: personRef('created_by'),
    createdAt: stamp('created_at').notNull(),
    retiredAt: stamp('retired_at'),
    retiredBy: personRef('retired_by'),
  },
  (t) => [
    index('fgc_reviews_meeting_idx').on(t.meetingId, t.dueOn),
    check('fgc_reviews_kind_ck', sql.raw(`kind in (${list(fgcReviewKinds)})`)),
  ],
);

export type FgcConference = typeof fgcConferences.$inferSelect;
export type FgcInformation = typeof fgcInformation.$inferSelect;
export type FgcDecision = typeof fgcDecisions.$inferSelect;
export type FgcReview = typeof fgcReviews.$inferSelect;
