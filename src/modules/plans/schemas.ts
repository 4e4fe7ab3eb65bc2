import { z } from 'zod';
import { apiDateField, formDateField } from '../../platform/dates/date-fields.js';
import { actionStatuses } from './tables.js';

// One schema per input, shared by the pages (form posts, all strings) and the JSON API.

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const required = (what: string, max = 2000) =>
  z
    .string(`Enter ${what}`)
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);
const optional = (what: string, max = 2000) =>
  z.preprocess(
    blank,
    z.string().trim().max(max, `${what} must be ${max} characters or fewer`).optional(),
  );

const PARTY = /^(family|network|professional):[0-9a-f-]{36}$/i;
const party = (message: string) => z.string(message).regex(PARTY, message);

/** A version number from a hidden field or JSON: the one the form was opened at. */
const version = z.coerce.number('The form is missing its version. Reload the page.').int().min(1);

export const planSchema = z.object({
  title: required('a name for the plan', 200),
  meetingId: z.preprocess(blank, z.uuid().optional()),
  outcome: optional('The agreed outcome', 5000),
});
export type PlanInput = z.infer<typeof planSchema>;

export const entrySchema = z.object({
  sectionId: z.uuid('Choose a section'),
  author: party('Choose whose words these are'),
  text: required('their words', 5000),
});
export type EntryInput = z.infer<typeof entrySchema>;

export const entryEditSchema = z.object({
  text: required('the words', 5000),
  note: optional('The note', 500),
  version,
});
export type EntryEditInput = z.infer<typeof entryEditSchema>;

export const actionSchema = z.object({
  what: required('what needs to happen', 1000),
  owner: party('Choose who will do it'),
  supportNeeded: optional('The support needed', 1000),
  dueOn: z.preprocess(blank, apiDateField('the date it is due by').optional()),
  howWeWillKnow: optional('How we will know it is better', 1000),
});
export type ActionInput = z.infer<typeof actionSchema>;
/** The page's form: `today` (the UK date) refuses a date gone by with the other mistakes. */
export const actionFormSchema = (today: string) =>
  actionSchema.extend({
    dueOn: z.preprocess(blank, formDateField('the date it is due by', { from: today }).optional()),
  });

export const statusSchema = z.object({
  status: z.enum(actionStatuses, 'Choose how it is going'),
  version,
});
export type StatusInput = z.infer<typeof statusSchema>;

export const reviewSchema = z.object({ dueOn: apiDateField('the review date') });
export const reviewFormSchema = (today: string) =>
  z.object({ dueOn: formDateField('the review date', { from: today }) });

export const sectionTitleSchema = z.object({ title: required('the section’s name', 120) });

export const statusLabels: Record<(typeof actionStatuses)[number], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  stuck: 'Stuck',
};
