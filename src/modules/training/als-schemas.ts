import { checkDateInput, dateInputFields, typedParts } from '../../platform/dates/date-input.js';
import { z } from 'zod';
import { parseDate, parseTime } from '../../platform/dates/uk-time.js';
import { ALWAYS } from '../../platform/http/forms.js';

// The action learning set forms: a new set, its details, one session's date, a new member.
// Forms send strings; blank boxes arrive as ''.

/** Every set runs six sessions, once a month. */
export const SESSIONS = 6;
export const DEFAULT_PLACES = 8;
export const MAX_PLACES = 20;
export const DEFAULT_MIN_ATTENDED = 4;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const wholeNumber = (what: string, min: number, max: number, example: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number(`Enter ${what} as a number, like ${example}`)
      .int(`Enter ${what} as a whole number`)
      .min(min, `Enter ${what} of ${min} or more`)
      .max(max, `Enter ${what} of ${max} or fewer`)
      .optional(),
  );

const details = {
  name: z
    .string('Enter a name for the set')
    .trim()
    .min(1, 'Enter a name for the set')
    .max(120, 'The name must be 120 characters or fewer'),
  facilitatorId: z.uuid('Choose the facilitator'),
  places: wholeNumber('the number of places', 2, MAX_PLACES, DEFAULT_PLACES),
  minAttended: wholeNumber('the number of sessions', 1, SESSIONS, DEFAULT_MIN_ATTENDED),
  venue: z.preprocess(
    blankToUndefined,
    z.string().trim().max(300, 'Where the set meets must be 300 characters or fewer').optional(),
  ),
};

type Details = {
  places?: number;
  minAttended?: number;
};

function checkNumbers(v: Details, ctx: z.RefinementCtx) {
  if (v.places === undefined)
    ctx.addIssue({ code: 'custom', path: ['places'], message: 'Enter the number of places' });
  if (v.minAttended === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['minAttended'],
      message: 'Enter how many sessions a member must attend to complete the set',
    });
}

const dateFields = {
  ...dateInputFields('start'),
  startTime: z.string().default(''),
};

function checkDate(v: z.infer<z.ZodObject<typeof dateFields>>, ctx: z.RefinementCtx) {
  checkDateInput(ctx, v, 'start', 'the date of the meeting');
  if (!parseTime(v.startTime))
    ctx.addIssue({
      code: 'custom',
      path: ['startTime'],
      message: 'Enter the start time, like 10:00 or 2:30pm',
    });
}

const whenOf = (v: z.infer<z.ZodObject<typeof dateFields>>) => ({
  ...parseDate(...typedParts(v, 'start'))!,
  ...parseTime(v.startTime)!,
});

/** The details a trainer can change after the set is created. */
export const cohortDetailsSchema = z
  .object(details)
  .superRefine(checkNumbers, ALWAYS)
  .transform((v) => ({
    name: v.name,
    facilitatorId: v.facilitatorId,
    places: v.places!,
    minAttended: v.minAttended!,
    venue: v.venue ?? null,
  }));
export type CohortDetails = z.output<typeof cohortDetailsSchema>;

/** A new set: its details, its course, and the date and time of its first session. */
export const cohortSchema = z
  .object({ ...details, ...dateFields, courseId: z.uuid('Choose the course') })
  .superRefine((v, ctx) => {
    checkNumbers(v, ctx);
    checkDate(v, ctx);
  }, ALWAYS)
  .transform((v) => ({
    name: v.name,
    facilitatorId: v.facilitatorId,
    places: v.places!,
    minAttended: v.minAttended!,
    venue: v.venue ?? null,
    courseId: v.courseId,
    first: whenOf(v),
  }));
export type CohortInput = z.output<typeof cohortSchema>;

/** A new date and start time for one session; it keeps the course's length. */
export const sessionDateSchema = z
  .object(dateFields)
  .superRefine(checkDate, ALWAYS)
  .transform((v) => ({ when: whenOf(v) }));
export type SessionDateInput = z.output<typeof sessionDateSchema>;

export const memberSchema = z.object({ personId: z.uuid('Choose a person from the list') });
