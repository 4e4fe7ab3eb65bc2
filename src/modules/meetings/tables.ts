import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { partnerships, people } from '../../platform/tenancy/tables.js';
import { families, familyMembers, networkMembers } from '../families/tables.js';

// Restorative meetings: the core every kind shares (circle, family group conference,
// restorative conference). A kind's own details live in its own columns or tables keyed by
// meeting id, so the core stays the same for all three. Nothing with history is deleted.

const id = () => uuid('id').primaryKey().defaultRandom();
const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const meetingId = () =>
  uuid('meeting_id')
    .notNull()
    .references(() => meetings.id);
const stamp = (name: string) => timestamp(name, { withTimezone: true });
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const meetingKinds = ['circle', 'fgc', 'conference'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export const meetingStatuses = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export const circlePurposes = ['proactive', 'responsive'] as const;
export type CirclePurpose = (typeof circlePurposes)[number];

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    partnershipId: partnershipId(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    kind: text('kind').$type<MeetingKind>().notNull(),
    title: text('title').notNull(),
    startsAt: stamp('starts_at').notNull(),
    place: text('place'),
    onlineLink: text('online_link'),
    /** The facilitator (circle, conference) or coordinator (FGC): a person of the partnership. */
    facilitatorId: uuid('facilitator_id')
      .notNull()
      .references(() => people.id),
    status: text('status').$type<MeetingStatus>().notNull().default('planned'),
    /** Consent to record: null until asked. */
    consentToRecord: boolean('consent_to_record'),
    consentGivenBy: text('consent_given_by'),
    consentRecordedAt: stamp('consent_recorded_at'),
    /** Circles: proactive (building relationships) or responsive (to a problem). */
    purpose: text('purpose').$type<CirclePurpose>(),
    /** Circles: what is passed round, and how it is used. */
    talkingPiece: text('talking_piece'),
    /** What everyone agreed, as they said it. */
    outcome: text('outcome'),
    outcomeRecordedBy: uuid('outcome_recorded_by').references(() => people.id),
    outcomeRecordedAt: stamp('outcome_recorded_at'),
    /** Where the facilitation guide was left: it reopens there. */
    guidePosition: integer('guide_position').notNull().default(1),
    /**
     * The iCalendar SEQUENCE of the invitations sent: raised each time invitees are sent a change
     * or a cancellation, so their calendars replace the copy they have.
     */
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('meetings_family_idx').on(t.familyId, t.startsAt),
    index('meetings_partnership_kind_idx').on(t.partnershipId, t.kind),
    check('meetings_kind_ck', sql.raw(`kind in (${list(meetingKinds)})`)),
    check('meetings_status_ck', sql.raw(`status in (${list(meetingStatuses)})`)),
  ],
);

/**
 * Who takes part: exactly one of a family member, a network member or a person of the
 * partnership (a professional). Preparation for the meeting is recorded on the same row.
 */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    familyMemberId: uuid('family_member_id').references(() => familyMembers.id),
    networkMemberId: uuid('network_member_id').references(() => networkMembers.id),
    personId: uuid('person_id').references(() => people.id),
    /** Their role in this meeting ('participant', 'supporter', 'person harmed'...). */
    role: text('role').notNull(),
    contactedOn: date('contacted_on'),
    preparedOn: date('prepared_on'),
    needsInterpreter: boolean('needs_interpreter').notNull().default(false),
    needsAccess: boolean('needs_access').notNull().default(false),
    needsChildcare: boolean('needs_childcare').notNull().default(false),
    safetyConcerns: boolean('safety_concerns').notNull().default(false),
    needsNotes: text('needs_notes'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    retiredAt: stamp('retired_at'),
  },
  (t) => [
    index('meeting_participants_meeting_idx').on(t.meetingId),
    check(
      'meeting_participants_one_who_ck',
      sql`num_nonnulls(${t.familyMemberId}, ${t.networkMemberId}, ${t.personId}) = 1`,
    ),
  ],
);

/**
 * The questions a meeting's guide walks through, copied from the practice framework when the
 * guide is first opened: the record keeps what was asked even if the framework changes later.
 */
export const meetingQuestions = pgTable(
  'meeting_questions',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    position: integer('position').notNull(),
    /** The framework's question item (marked used, so it is retired rather than deleted). */
    questionItemId: uuid('question_item_id').notNull(),
    setName: text('set_name').notNull(),
    categoryName: text('category_name').notNull(),
    question: text('question').notNull(),
  },
  (t) => [uniqueIndex('meeting_questions_position_idx').on(t.meetingId, t.position)],
);

/** A participant's answer to one question, in their own words, exactly as recorded. */
export const meetingAnswers = pgTable(
  'meeting_answers',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    questionId: uuid('question_id')
      .notNull()
      .references(() => meetingQuestions.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => meetingParticipants.id),
    answer: text('answer').notNull(),
    recordedBy: uuid('recorded_by').references(() => people.id),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meeting_answers_one_idx').on(t.questionId, t.participantId),
    // A meeting's answers (the guide, the record), and one participant's (before removing them).
    index('meeting_answers_meeting_idx').on(t.meetingId, t.participantId),
  ],
);

export const invitationMethods = ['email', 'letter'] as const;
export type InvitationMethod = (typeof invitationMethods)[number];

/** An invitation sent by email (with an .ics file) or printed as a letter. */
export const meetingInvitations = pgTable(
  'meeting_invitations',
  {
    id: id(),
    partnershipId: partnershipId(),
    meetingId: meetingId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => meetingParticipants.id),
    method: text('method').$type<InvitationMethod>().notNull(),
    email: text('email'),
    sentBy: uuid('sent_by').references(() => people.id),
    sentAt: stamp('sent_at').notNull().defaultNow(),
  },
  (t) => [index('meeting_invitations_meeting_idx').on(t.meetingId)],
);

export type Meeting = typeof meetings.$inferSelect;
export type Participant = typeof meetingParticipants.$inferSelect;
