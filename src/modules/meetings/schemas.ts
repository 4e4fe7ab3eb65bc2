import {
  capital,
  checkDateInput,
  dateInputFields,
  typedDay,
  typedParts,
} from '../../platform/dates/date-input.js';
import { z } from 'zod';
import {
  formatTime,
  fromLondon,
  parseDate,
  parseTime,
  toLondon,
} from '../../platform/dates/uk-time.js';
import { circlePurposes, invitationMethods, meetingKinds, meetingStatuses } from './tables.js';
import { UUID } from '../../platform/http/ids.js';
import { listPage, searchWords } from '../../platform/http/paging.js';
import { ALWAYS } from '../../platform/http/forms.js';
import { apiDateField } from '../../platform/dates/date-fields.js';

// One schema per input, shared by the pages and the API. Names match the form fields, so a
// refusal points at the right box.

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const asList = (v: unknown) => (v === undefined || v === '' ? [] : [v].flat());
const optionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => blank(trimmed(v)),
    z.string().max(max, `${label} must be ${max} characters or fewer`).optional(),
  );

export const idParamsSchema = z.object({ id: z.string() });
export const participantParamsSchema = z.object({ id: z.string(), participantId: z.string() });

export const meetingQuerySchema = z.object({
  q: searchWords(100),
  page: listPage,
});
export type MeetingQuery = z.infer<typeof meetingQuerySchema>;

export const kindSchema = z.object({
  kind: z.enum(meetingKinds, 'Choose the kind of meeting'),
});

/** A meeting's details but its date and time, the same for the form and the API. */
const meetingFields = {
  kind: z.enum(meetingKinds, 'Choose the kind of meeting'),
  title: z.preprocess(
    trimmed,
    z
      .string('Enter a title for the meeting')
      .min(1, 'Enter a title for the meeting')
      .max(200, 'The title must be 200 characters or fewer'),
  ),
  place: optionalText('The place', 500),
  onlineLink: z.preprocess(
    (v) => blank(trimmed(v)),
    z
      .url({ protocol: /^https$/, message: 'Enter an online link that starts with https://' })
      .max(500, 'The online link must be 500 characters or fewer')
      .optional(),
  ),
  facilitatorId: z
    .string('Choose who is facilitating')
    .regex(UUID, 'Choose who is facilitating from the list'),
  status: z.enum(meetingStatuses, 'Choose the meeting’s status').default('planned'),
  purpose: z.preprocess(blank, z.enum(circlePurposes, 'Choose proactive or responsive').optional()),
  talkingPiece: optionalText('The talking piece note', 500),
  consentToRecord: z.preprocess(
    blank,
    z.enum(['yes', 'no'], 'Choose yes or no for consent to record').optional(),
  ),
  consentGivenBy: optionalText('Who gave consent', 200),
};
type MeetingFields = z.output<z.ZodObject<typeof meetingFields>>;

/** The checks that span fields, other than the date's. */
function checkMeeting(v: MeetingFields, ctx: z.RefinementCtx) {
  const issue = (field: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [field], message });
  if (!v.place && !v.onlineLink) issue('place', 'Enter where the meeting is, or an online link');
  if (v.kind === 'circle' && !v.purpose)
    issue('purpose', 'Choose whether the circle is proactive or responsive');
  if (v.consentToRecord === 'yes' && !v.consentGivenBy)
    issue('consentGivenBy', 'Enter who gave consent to record');
}

/** What the services take: a circle's own fields only for a circle, consent as a boolean. */
const meetingInput = (v: MeetingFields, startsAt: Date) => ({
  kind: v.kind,
  title: v.title,
  startsAt,
  place: v.place ?? null,
  onlineLink: v.onlineLink ?? null,
  facilitatorId: v.facilitatorId,
  status: v.status,
  purpose: v.kind === 'circle' ? (v.purpose ?? null) : null,
  talkingPiece: v.kind === 'circle' ? (v.talkingPiece ?? null) : null,
  consentToRecord: v.consentToRecord === undefined ? null : v.consentToRecord === 'yes',
  consentGivenBy: v.consentToRecord === 'yes' ? (v.consentGivenBy ?? null) : null,
});

/** A meeting's details: the same form arranges a meeting and changes it. */
export const meetingSchema = z
  .object({ ...meetingFields, ...dateInputFields('date'), time: z.string().default('') })
  .superRefine((v, ctx) => {
    checkDateInput(ctx, v, 'date', 'the date of the meeting');
    if (!parseTime(v.time ?? ''))
      ctx.addIssue({
        code: 'custom',
        path: ['time'],
        message: 'Enter the time, like 10:00 or 2:30pm',
      });
    checkMeeting(v, ctx);
  }, ALWAYS)
  .transform((v) =>
    meetingInput(v, fromLondon({ ...parseDate(...typedParts(v, 'date'))!, ...parseTime(v.time)! })),
  );

/**
 * The same meeting as JSON: when it starts as an instant with its offset (as a training
 * session's), not the form's three boxes and wall-clock time. Every other field, check and
 * message is the form's.
 */
export const meetingApiSchema = z
  .object({
    ...meetingFields,
    startsAt: z.iso.datetime({
      offset: true,
      message: 'Enter when the meeting starts as a date and time, like 2027-03-03T09:30:00Z',
    }),
  })
  .superRefine(checkMeeting, ALWAYS)
  .transform((v) => meetingInput(v, new Date(v.startsAt)));
export type MeetingInput = z.output<typeof meetingSchema>;

/** A meeting as its form shows it, for changing. */
export function meetingFormValues(m: {
  kind: string;
  title: string;
  startsAt: Date;
  place: string | null;
  onlineLink: string | null;
  facilitatorId: string;
  status: string;
  purpose: string | null;
  talkingPiece: string | null;
  consentToRecord: boolean | null;
  consentGivenBy: string | null;
}) {
  const at = toLondon(new Date(m.startsAt));
  return {
    kind: m.kind,
    title: m.title,
    'date-day': String(at.day),
    'date-month': String(at.month),
    'date-year': String(at.year),
    time: formatTime(at),
    place: m.place ?? '',
    onlineLink: m.onlineLink ?? '',
    facilitatorId: m.facilitatorId,
    status: m.status,
    purpose: m.purpose ?? '',
    talkingPiece: m.talkingPiece ?? '',
    consentToRecord: m.consentToRecord === null ? '' : m.consentToRecord ? 'yes' : 'no',
    consentGivenBy: m.consentGivenBy ?? '',
  };
}

const WHO = new RegExp(`^(member|network|person):${UUID.source.slice(1)}`, 'i');

/** Who joins: "member:<id>", "network:<id>" or "person:<id>", and their role in the meeting. */
export const participantSchema = z.object({
  who: z.string('Choose who is taking part').regex(WHO, 'Choose who is taking part from the list'),
  role: z.preprocess(
    trimmed,
    z
      .string('Enter their role in the meeting')
      .min(1, 'Enter their role in the meeting')
      .max(100, 'The role must be 100 characters or fewer'),
  ),
});
export type ParticipantInput = z.infer<typeof participantSchema>;

export const needs = ['interpreter', 'access', 'childcare', 'safety'] as const;

const preparationNeeds = z.preprocess(asList, z.array(z.enum(needs, 'Choose needs from the list')));

/** A participant's needs as the services keep them. */
const needsInput = (v: { needs: (typeof needs)[number][]; needsNotes?: string }) => ({
  needsInterpreter: v.needs.includes('interpreter'),
  needsAccess: v.needs.includes('access'),
  needsChildcare: v.needs.includes('childcare'),
  safetyConcerns: v.needs.includes('safety'),
  needsNotes: v.needsNotes ?? null,
});

const CONTACTED = 'the date they were contacted';
const PREPARED = 'the date they were prepared';

/**
 * What cannot be true of a participant's preparation dates (YYYY-MM-DD, or null when not yet):
 * a date still to come, or being prepared before they were first contacted. By field, as the
 * API names them; `today` is the UK date. The form reports these with its other mistakes, and
 * the service checks them again before it saves (the API's only check, as its schema cannot
 * know the day).
 */
export function preparationDateProblems(
  { contactedOn, preparedOn }: { contactedOn: string | null; preparedOn: string | null },
  today: string,
) {
  const problems: Partial<Record<'contactedOn' | 'preparedOn', string>> = {};
  const past = (what: string) => `${capital(what)} must be today or in the past`;
  if (contactedOn && contactedOn > today) problems.contactedOn = past(CONTACTED);
  if (preparedOn && preparedOn > today) problems.preparedOn = past(PREPARED);
  else if (contactedOn && preparedOn && preparedOn < contactedOn)
    problems.preparedOn = `${capital(PREPARED)} must be the same as or after ${CONTACTED}`;
  return problems;
}

/** The form's date boxes for each of the API's dates. */
const boxesOf = { contactedOn: 'contacted', preparedOn: 'prepared' } as const;

/**
 * Preparation for one participant: when they were contacted and prepared, and their needs.
 * `today` (the UK date) is the latest either can be.
 */
export const preparationSchema = (today: string) =>
  z
    .object({
      ...dateInputFields('contacted'),
      ...dateInputFields('prepared'),
      needs: preparationNeeds,
      needsNotes: optionalText('The notes about their needs', 2000),
    })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'contacted', CONTACTED, { optional: true });
      checkDateInput(ctx, v, 'prepared', PREPARED, { optional: true });
      const problems = preparationDateProblems(
        { contactedOn: typedDay(v, 'contacted'), preparedOn: typedDay(v, 'prepared') },
        today,
      );
      for (const [field, message] of Object.entries(problems))
        ctx.addIssue({ code: 'custom', path: [boxesOf[field as keyof typeof boxesOf]], message });
    }, ALWAYS)
    .transform((v) => ({
      contactedOn: typedDay(v, 'contacted'),
      preparedOn: typedDay(v, 'prepared'),
      ...needsInput(v),
    }));
export type PreparationInput = z.output<ReturnType<typeof preparationSchema>>;

/**
 * The same preparation as JSON: dates as YYYY-MM-DD, or null (or left out) when not yet. The
 * dates' rules (preparationDateProblems) are the service's: this schema is made once, not daily.
 */
export const preparationApiSchema = z
  .object({
    contactedOn: z.preprocess(blank, apiDateField(CONTACTED).nullish()),
    preparedOn: z.preprocess(blank, apiDateField(PREPARED).nullish()),
    needs: preparationNeeds,
    needsNotes: optionalText('The notes about their needs', 2000),
  })
  .transform((v): PreparationInput => ({
    ...needsInput(v),
    contactedOn: v.contactedOn ?? null,
    preparedOn: v.preparedOn ?? null,
  }));

export const invitationSchema = z
  .object({
    method: z.enum(invitationMethods, 'Choose how to send the invitation'),
    email: z.preprocess((v) => blank(trimmed(v)), z.string().max(320).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'email' && !z.email().safeParse(v.email ?? '').success)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter an email address, like name@example.com',
      });
  }, ALWAYS);
export type InvitationInput = z.infer<typeof invitationSchema>;

const ANSWER = /^answer-([0-9a-f-]{36})$/i;

/**
 * The guide's form: the question's position, where to go next, and one `answer-<participant id>`
 * field per participant. Answers are kept exactly as typed: never trimmed or reworded.
 */
export const answersSchema = z
  .looseObject({
    q: z.coerce
      .number('Which question is this?')
      .int()
      .min(1, 'Which question is this?')
      .max(10_000),
    go: z.enum(['next', 'previous', 'stay', 'finish']).default('stay'),
  })
  .superRefine((v, ctx) => {
    for (const [key, value] of Object.entries(v)) {
      if (!ANSWER.test(key)) continue;
      if (typeof value !== 'string')
        ctx.addIssue({ code: 'custom', path: [key], message: 'An answer must be text' });
      else if (value.length > 20_000)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'An answer must be 20,000 characters or fewer',
        });
    }
  })
  .transform((v) => ({
    position: v.q,
    go: v.go,
    answers: Object.entries(v).flatMap(([key, value]) => {
      const m = ANSWER.exec(key);
      return m && typeof value === 'string' ? [{ participantId: m[1]!, answer: value }] : [];
    }),
  }));
export type AnswersInput = z.output<typeof answersSchema>;

/**
 * The version of the words a form was opened on (outcome-version.ts). A save made on other
 * words than those now saved is refused; one without a version is not checked.
 */
export const wordsVersion = z.string().max(40).optional().meta({
  description:
    'outcomeVersion as you read it. If someone has saved other words since, nothing is saved: 409.',
});

export const outcomeSchema = z.object({
  version: wordsVersion,
  outcome: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? '' : v),
    z
      .string('Enter what everyone agreed')
      .min(1, 'Enter what everyone agreed')
      .max(20_000, 'The outcome must be 20,000 characters or fewer'),
  ),
});
export type OutcomeInput = z.infer<typeof outcomeSchema>;
