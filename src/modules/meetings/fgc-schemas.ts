import { z } from 'zod';
import {
  checkDateInput,
  dateInputFields,
  dateInputProblem,
  typedDay,
} from '../../platform/dates/date-input.js';
import { fromLondon, parseTime } from '../../platform/dates/uk-time.js';
import { wordsVersion } from './schemas.js';
import { consentAnswers, fgcReviewKinds } from './tables-fgc.js';
import { UUID } from '../../platform/http/ids.js';
import { ALWAYS } from '../../platform/http/forms.js';

// One schema per family group conference form, shared by the pages and (later) the API.
// Names match the form fields, so a refusal points at the right box. Dates are typed in three
// boxes (GOV.UK date input) named <prefix>-day, -month and -year.

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => blank(trimmed(v)),
    z
      .string()
      .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
      .optional(),
  );
const requiredText = (missing: string, label: string, max: number) =>
  z.preprocess(
    trimmed,
    z
      .string(missing)
      .min(1, missing)
      .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`),
  );

type Issue = (field: string, message: string) => void;
const issuer =
  (ctx: z.RefinementCtx): Issue =>
  (field, message) =>
    ctx.addIssue({ code: 'custom', path: [field], message });

/** The referral: who, why, when, and the family's answer to being asked. */
const referralShape = {
  referrerType: z.enum(['person', 'external'], 'Choose who referred the family'),
  referrerPersonId: z.preprocess(blank, z.string().optional()),
  referrerName: optionalText('The referrer’s name', 200),
  referrerOrganisation: optionalText('Where the referrer works', 200),
  reason: requiredText('Enter why the family was referred', 'The reason', 5000),
  ...dateInputFields('referred'),
  consent: z.preprocess(
    blank,
    z.enum([...consentAnswers, 'not_asked'], 'Choose whether the family has agreed').optional(),
  ),
  ...dateInputFields('consentOn'),
};

/** The referral's own checks; `today` (the UK date) is the latest either date can be. */
function checkReferral(v: Record<string, unknown>, issue: Issue, today: string) {
  const person = typeof v.referrerPersonId === 'string' ? v.referrerPersonId : '';
  if (v.referrerType === 'person' && !UUID.test(person))
    issue('referrerPersonId', 'Choose the person who referred the family from the list');
  if (v.referrerType === 'external' && !v.referrerName)
    issue('referrerName', 'Enter the name of the person who referred the family');
  // Both dates are of what has happened: not days still to come.
  const referred = dateInputProblem(v, 'referred', 'the date of the referral', { until: today });
  if (referred) issue('referred', referred);
  const answered = v.consent === 'given' || v.consent === 'not_given';
  const consentOn = dateInputProblem(v, 'consentOn', 'the date the family gave its answer', {
    until: today,
  });
  if (answered && consentOn) issue('consentOn', consentOn);
  const [on, answeredOn] = [typedDay(v, 'referred'), typedDay(v, 'consentOn')];
  if (answered && on && answeredOn && answeredOn < on)
    issue('consentOn', 'The family gives its answer on the day of the referral or after it');
}

function referralOf(v: z.infer<z.ZodObject<typeof referralShape>>) {
  const answered = v.consent === 'given' || v.consent === 'not_given' ? v.consent : null;
  return {
    referrerPersonId: v.referrerType === 'person' ? v.referrerPersonId! : null,
    referrerName: v.referrerType === 'external' ? v.referrerName! : null,
    referrerOrganisation: v.referrerType === 'external' ? (v.referrerOrganisation ?? null) : null,
    referralReason: v.reason,
    referredOn: typedDay(v, 'referred')!,
    consent: answered,
    consentOn: answered ? typedDay(v, 'consentOn') : null,
  };
}

/** The referral, made for the request's UK day (`today`). */
export const referralSchema = (today: string) =>
  z
    .object(referralShape)
    .superRefine((v, ctx) => checkReferral(v, issuer(ctx), today), ALWAYS)
    .transform(referralOf);
export type ReferralInput = z.output<ReturnType<typeof referralSchema>>;

/**
 * A new conference starts with its referral, a title and the date it is planned for. Made for
 * the request's UK day (`today`), as the referral is.
 */
export const newFgcSchema = (today: string) =>
  z
    .object({
      ...referralShape,
      title: requiredText('Enter a title for the conference', 'The title', 200),
      ...dateInputFields('date'),
      time: z.string().default(''),
    })
    .superRefine((v, ctx) => {
      const issue = issuer(ctx);
      checkReferral(v, issue, today);
      checkDateInput(ctx, v, 'date', 'the date of the conference');
      if (!parseTime(v.time)) issue('time', 'Enter the time, like 10:00 or 2:30pm');
    }, ALWAYS)
    .transform((v) => {
      const [year, month, day] = typedDay(v, 'date')!.split('-').map(Number) as [
        number,
        number,
        number,
      ];
      return {
        title: v.title,
        startsAt: fromLondon({ year, month, day, ...parseTime(v.time)! }),
        referral: referralOf(v),
      };
    });
export type NewFgcInput = z.output<ReturnType<typeof newFgcSchema>>;

export const coordinatorSchema = z.object({
  coordinatorId: z
    .string('Choose the coordinator')
    .regex(UUID, 'Choose the coordinator from the list'),
});
export type CoordinatorInput = z.infer<typeof coordinatorSchema>;

/** What one professional brings: what they know, their worries, what they offer, bottom lines. */
export const informationSchema = z.object({
  whatWeKnow: requiredText('Enter what they know about the family', 'What they know', 10_000),
  worries: requiredText('Enter their worries, or “None”', 'Their worries', 10_000),
  resources: requiredText('Enter the help they can offer, or “None”', 'The help on offer', 10_000),
  bottomLines: optionalText('The bottom lines', 10_000),
});
export type InformationInput = z.output<typeof informationSchema>;

export const familyTimeSchema = z.object({
  step: z.enum(['start', 'end'], 'Choose whether private family time is starting or ending'),
});

/** The family's plan, exactly as the family put it: kept as typed, never trimmed. */
export const familyPlanSchema = z.object({
  version: wordsVersion,
  plan: z
    .string('Enter the family’s plan, in the family’s words')
    .refine((s) => s.trim().length > 0, 'Enter the family’s plan, in the family’s words')
    .refine((s) => s.length <= 20_000, 'The plan must be 20,000 characters or fewer'),
});
export type FamilyPlanInput = z.infer<typeof familyPlanSchema>;

/** The referrer's answer; `today` (the UK date) is the latest the decision can be dated. */
export const decisionSchema = (today: string) =>
  z
    .object({
      agreed: z.enum(['yes', 'no'], 'Choose whether the referrer agrees the plan'),
      ...dateInputFields('decided'),
      reason: optionalText('The reason', 5000),
      nextSteps: optionalText('What happens next', 5000),
    })
    .superRefine((v, ctx) => {
      const issue = issuer(ctx);
      checkDateInput(ctx, v, 'decided', 'the date of the decision', { until: today });
      if (v.agreed === 'no' && !v.reason) issue('reason', 'Enter why the plan is not agreed');
      if (v.agreed === 'no' && !v.nextSteps) issue('nextSteps', 'Enter what happens next');
    }, ALWAYS)
    .transform((v) => ({
      agreed: v.agreed === 'yes',
      decidedOn: typedDay(v, 'decided')!,
      reason: v.agreed === 'no' ? v.reason! : null,
      nextSteps: v.agreed === 'no' ? v.nextSteps! : null,
    }));
export type DecisionInput = z.output<ReturnType<typeof decisionSchema>>;

/** Booking a review: `today` (the UK date) is the earliest it can be due. */
export const reviewSchema = (today: string) =>
  z
    .object({
      kind: z.enum(fgcReviewKinds, 'Choose a review family group conference or a review meeting'),
      ...dateInputFields('due'),
    })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'due', 'the date of the review', { from: today });
    }, ALWAYS)
    .transform((v) => ({ kind: v.kind, dueOn: typedDay(v, 'due')! }));
export type ReviewInput = z.output<ReturnType<typeof reviewSchema>>;

/** A review held: `today` (the UK date) is the latest it can be dated. */
export const reviewHeldSchema = (today: string) =>
  z
    .object({ ...dateInputFields('held'), notes: optionalText('The notes', 5000) })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'held', 'the date of the review', { until: today });
    }, ALWAYS)
    .transform((v) => ({ heldOn: typedDay(v, 'held')!, notes: v.notes ?? null }));
export type ReviewHeldInput = z.output<ReturnType<typeof reviewHeldSchema>>;
