import { z } from 'zod';
import { checkDateInput, dateInputFields, typedDay } from '../../platform/dates/date-input.js';
import { agreementKinds } from './tables-conference.js';
import { UUID } from '../../platform/http/ids.js';
import { ALWAYS } from '../../platform/http/forms.js';

// The inputs of a restorative conference's pages: the partnership's names for the roles, and
// the agreement items with their completion or closing. Names match the form fields.

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const required = (message: string, label: string, max: number) =>
  z.preprocess(
    trimmed,
    z.string(message).min(1, message).max(max, `${label} must be ${max} characters or fewer`),
  );
const optional = (label: string, max: number) =>
  z.preprocess(
    (v) => blank(trimmed(v)),
    z.string().max(max, `${label} must be ${max} characters or fewer`).optional(),
  );

const roleName = (which: string) => required(`Enter a name for the ${which}`, 'The name', 60);

/** The partnership's names for the three roles, all saved together. */
export const roleNamesSchema = z.object({
  harmed: roleName('first role'),
  responsible: roleName('second role'),
  supporter: roleName('third role'),
});
export type RoleNamesInput = z.infer<typeof roleNamesSchema>;

const OWNER = new RegExp(`^(family|network|professional):${UUID.source.slice(1)}`, 'i');

/** Nothing is due before the conference: `conferenceDay` is its day in the UK (YYYY-MM-DD). */
export const dueProblem = (dueOn: string, conferenceDay: string) =>
  dueOn < conferenceDay
    ? 'The date it is due by must be on or after the day of the conference'
    : null;

/**
 * One thing the conference agreed: the same form adds an item and changes an open one. Made for
 * the conference's day when it is known (its page is being shown again), so a due date before
 * it is reported with the form's other mistakes; the service checks it again before saving.
 */
export const agreementItemSchema = (conferenceDay?: string) =>
  z
    .object({
      kind: z.enum(agreementKinds, 'Choose whether it is an apology, a repair or an action'),
      what: required('Enter what was agreed', 'What was agreed', 2000),
      owner: z.string('Choose who will do it').regex(OWNER, 'Choose who will do it from the list'),
      ...dateInputFields('due'),
    })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'due', 'the date it is due by');
      const due = typedDay(v, 'due');
      const early = due && conferenceDay ? dueProblem(due, conferenceDay) : null;
      if (early) ctx.addIssue({ code: 'custom', path: ['due'], message: early });
    }, ALWAYS)
    .transform((v) => ({
      kind: v.kind,
      what: v.what,
      owner: v.owner,
      dueOn: typedDay(v, 'due')!,
    }));
export type AgreementItemInput = z.output<ReturnType<typeof agreementItemSchema>>;

/** Marking an item done: the day it was done (`today` at the latest), and how (optional). */
export const completionSchema = (today: string) =>
  z
    .object({ ...dateInputFields('done'), note: optional('The note', 1000) })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'done', 'the date it was done', { until: today });
    }, ALWAYS)
    .transform((v) => ({ doneOn: typedDay(v, 'done')!, note: v.note ?? null }));
export type CompletionInput = z.output<ReturnType<typeof completionSchema>>;

/** Closing an item that will not be done: why, in words the family can read. */
export const closingSchema = z.object({
  reason: required('Enter why it is being closed', 'The reason', 1000),
});
export type ClosingInput = z.infer<typeof closingSchema>;

export const agreementKindLabels: Record<(typeof agreementKinds)[number], string> = {
  apology: 'An apology',
  repair: 'A repair',
  action: 'An action',
};
