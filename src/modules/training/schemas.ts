import { checkDateInput, dateInputFields, typedParts } from '../../platform/dates/date-input.js';
import { z } from 'zod';
import { roles, trainingLayers } from '../../platform/tenancy/tables.js';
import { attendances, courseKinds, deliveries, frequencies } from './tables.js';
import {
  formatTime,
  fromLondon,
  parseDate,
  parseTime,
  toLondon,
} from '../../platform/dates/uk-time.js';
import { UUID } from '../../platform/http/ids.js';
import { ukDateTime } from '../../platform/views/env.js';
import { ALWAYS } from '../../platform/http/forms.js';

// One schema per input, shared by the pages and (later) the API. Forms send strings:
// checkboxes arrive as one string or an array, blank boxes as ''.

// Cross-field checks run even when a field has failed, so every problem is shown at once
// (ALWAYS, shared from platform/http/forms; the other training schemas take it from here).
export { ALWAYS };

export const asList = (v: unknown) => (v === undefined || v === '' ? [] : [v].flat());
export const blankToUndefined = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : v;

export const wholeNumber = (what: string, min: number, max: number, example: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number(`${what} must be a number, like ${example}`)
      .int(`${what} must be a whole number`)
      .min(min, `${what} must be ${min} or more`)
      .max(max, `${what} must be ${max} or fewer`)
      .optional(),
  );

export const link = z.preprocess(
  blankToUndefined,
  z
    .url({ protocol: /^https$/, message: 'Enter a joining link that starts with https://' })
    .max(500, 'The joining link must be 500 characters or fewer')
    .optional(),
);
export const venue = z.preprocess(
  blankToUndefined,
  z.string().trim().max(300, 'The venue must be 300 characters or fewer').optional(),
);

/** Online needs a joining link; in person needs a venue. */
export function checkDelivery(
  v: { delivery: string; joiningLink?: string; venue?: string },
  ctx: z.RefinementCtx,
  linkOptional = false,
) {
  if (v.delivery === 'online' && !v.joiningLink && !linkOptional) {
    ctx.addIssue({ code: 'custom', path: ['joiningLink'], message: 'Enter the joining link' });
  }
  if (v.delivery === 'in_person' && !v.venue) {
    ctx.addIssue({ code: 'custom', path: ['venue'], message: 'Enter the venue' });
  }
}

/** A session's times (the end after the start), its places and its delivery. */
export function checkSessionTimes(
  v: {
    startTime?: string;
    endTime?: string;
    places?: number;
    delivery: string;
    joiningLink?: string;
    venue?: string;
  },
  ctx: z.RefinementCtx,
) {
  const start = parseTime(String(v.startTime ?? ''));
  if (!start) {
    ctx.addIssue({
      code: 'custom',
      path: ['startTime'],
      message: 'Enter the start time, like 10:00 or 2:30pm',
    });
  }
  const end = parseTime(String(v.endTime ?? ''));
  if (!end) {
    ctx.addIssue({
      code: 'custom',
      path: ['endTime'],
      message: 'Enter the end time, like 13:00 or 4pm',
    });
  } else if (start && end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    ctx.addIssue({
      code: 'custom',
      path: ['endTime'],
      message: 'The end time must be after the start time',
    });
  }
  if (v.places === undefined) {
    ctx.addIssue({ code: 'custom', path: ['places'], message: 'Enter the number of places' });
  }
  checkDelivery(v, ctx);
}

export const courseSchema = z
  .object({
    title: z
      .string('Enter a title')
      .trim()
      .min(1, 'Enter a title')
      .max(120, 'The title must be 120 characters or fewer'),
    summary: z
      .string('Enter a summary')
      .trim()
      .min(1, 'Enter a summary of what the course is about')
      .max(2000, 'The summary must be 2,000 characters or fewer'),
    learningOutcomes: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(/\r?\n/)
              .map((line) => line.trim())
              .filter(Boolean)
          : v,
      z
        .array(z.string().max(300, 'Each learning outcome must be 300 characters or fewer'))
        .min(1, 'Enter at least one learning outcome, one on each line')
        .max(20, 'Enter 20 learning outcomes or fewer'),
    ),
    durationMinutes: wholeNumber('The length in minutes', 15, 2880, 180),
    delivery: z.enum(deliveries, 'Choose how the course is delivered'),
    joiningLink: link,
    venue,
    audienceLayers: z.preprocess(
      asList,
      z.array(z.enum(trainingLayers, 'Choose training layers from the list')),
    ),
    audienceRoles: z.preprocess(asList, z.array(z.enum(roles, 'Choose roles from the list'))),
    audienceNote: z.preprocess(
      blankToUndefined,
      z.string().trim().max(300, 'Who it is for must be 300 characters or fewer').optional(),
    ),
    prerequisiteIds: z.preprocess(
      asList,
      z.array(z.string().regex(UUID, 'Choose courses from the list')),
    ),
    usualPlaces: wholeNumber('The usual number of places', 1, 500, 20),
    frequency: z.enum(frequencies, 'Choose how often the course runs'),
    kind: z.enum(courseKinds, 'Choose the kind of course'),
  })
  .superRefine((v, ctx) => checkDelivery(v, ctx, true), ALWAYS);
export type CourseInput = z.infer<typeof courseSchema>;

/** What a session has, whether it comes from the form or the API. */
const sessionFields = {
  places: wholeNumber('The number of places', 1, 500, 20),
  delivery: z.enum(deliveries, 'Choose how the session is delivered'),
  joiningLink: link,
  venue,
  trainerIds: z.preprocess(
    asList,
    z
      .array(z.string().regex(UUID, 'Choose trainers from the list'))
      .min(1, 'Choose at least one trainer'),
  ),
};

/**
 * When a session's start is refused: it has passed, and it is not the session's own start kept
 * as it was (`current`, when changing a session). A session that has started cannot be booked
 * and the register takes no walk-ins, so scheduling one, or moving one there, helps no one; a
 * session under way can still have its other details put right. The form shows times to the
 * minute, so a start kept as it was is the same minute.
 */
export interface StartRule {
  now: Date;
  current?: Date;
}

const MINUTE = 60_000;
const sameMinute = (a: Date, b: Date) =>
  Math.floor(a.getTime() / MINUTE) === Math.floor(b.getTime() / MINUTE);

/** What is wrong with a session's start under the rule, in words for the trainer, or null. */
export function passedStartProblem(startsAt: Date, { now, current }: StartRule): string | null {
  if (startsAt > now || (current && sameMinute(startsAt, current))) return null;
  return `The session would start on ${ukDateTime(startsAt)}, which has passed. Choose a later date or time.`;
}

/** The start typed in the form (its date boxes and start time), or null until both are real. */
function typedStart(v: Record<string, unknown> & { startTime: string }): Date | null {
  const date = parseDate(...typedParts(v, 'start'));
  const time = parseTime(v.startTime);
  return date && time ? fromLondon({ ...date, ...time }) : null;
}

/**
 * What a session form sends, with the UK date and times turned into instants. Given the rule, a
 * start that has passed is refused with the form's other mistakes (the services check it again).
 */
export const sessionSchema = (rule?: StartRule) =>
  z
    .object({
      ...dateInputFields('start'),
      startTime: z.string().default(''),
      endTime: z.string().default(''),
      ...sessionFields,
    })
    .superRefine((v, ctx) => {
      checkDateInput(ctx, v, 'start', 'the date of the session');
      checkSessionTimes(v, ctx);
      const startsAt = typedStart(v);
      const passed = startsAt && rule && passedStartProblem(startsAt, rule);
      if (passed) ctx.addIssue({ code: 'custom', path: ['start'], message: passed });
    }, ALWAYS)
    .transform((v) => {
      const date = parseDate(...typedParts(v, 'start'))!;
      return {
        startsAt: typedStart(v)!,
        endsAt: fromLondon({ ...date, ...parseTime(v.endTime)! }),
        places: v.places!,
        delivery: v.delivery,
        joiningLink: v.joiningLink ?? null,
        venue: v.venue ?? null,
        trainerIds: v.trainerIds,
      };
    });
export type SessionInput = z.output<ReturnType<typeof sessionSchema>>;

/**
 * The same session as JSON: instants with their offset instead of the form's day, month, year
 * and wall-clock times. Every other field, check and message is the form's.
 */
export const sessionApiSchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true, message: 'Enter the start as a date and time' }),
    endsAt: z.iso.datetime({ offset: true, message: 'Enter the end as a date and time' }),
    ...sessionFields,
  })
  .superRefine((v, ctx) => {
    if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: 'The end time must be after the start time',
      });
    }
    if (v.places === undefined) {
      ctx.addIssue({ code: 'custom', path: ['places'], message: 'Enter the number of places' });
    }
    checkDelivery(v, ctx);
  }, ALWAYS)
  .transform((v): SessionInput => ({
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    places: v.places!,
    delivery: v.delivery,
    joiningLink: v.joiningLink ?? null,
    venue: v.venue ?? null,
    trainerIds: v.trainerIds,
  }));

/** A session's values as the form shows them, for editing. */
export function sessionFormValues(s: {
  startsAt: Date;
  endsAt: Date;
  places: number;
  delivery: string;
  joiningLink: string | null;
  venue: string | null;
  trainerIds: string[];
}) {
  const start = toLondon(s.startsAt);
  return {
    'start-day': String(start.day),
    'start-month': String(start.month),
    'start-year': String(start.year),
    startTime: formatTime(start),
    endTime: formatTime(toLondon(s.endsAt)),
    places: String(s.places),
    delivery: s.delivery,
    joiningLink: s.joiningLink ?? '',
    venue: s.venue ?? '',
    trainerIds: s.trainerIds,
  };
}

/** A manager books people in their team: the team-booking page's checkboxes, or a JSON array. */
export const teamBookingSchema = z.object({
  personIds: z.preprocess(
    asList,
    z
      .array(z.string().regex(UUID, 'Choose people from the list'))
      .min(1, 'Choose at least one person to book')
      .max(100, 'Choose 100 people or fewer at once'),
  ),
});

/** One person in the team to book, through the API. */
export const bookingSchema = z.object({
  personId: z.string('Choose a person').regex(UUID, 'Choose a person from the list'),
});

/**
 * The register through the API. The page names each row's radios after its booking; here each
 * mark names its booking. Both become one input: booking id to mark, checked by the service.
 */
export const registerApiSchema = z
  .object({
    marks: z
      .array(
        z.object({
          bookingId: z.string().regex(UUID, 'Give the booking’s id'),
          attendance: z.enum(attendances, 'Choose attended, late, left_early or absent'),
        }),
      )
      .max(1000),
  })
  .transform((v): RegisterMarks => new Map(v.marks.map((m) => [m.bookingId, m.attendance])));

/** The register form names each row's radios after its booking. */
export const registerField = (bookingId: string) => `a-${bookingId}`;

/** The marks the register form sends, by booking (a row left blank sends nothing). */
export function registerFormMarks(body: unknown): RegisterMarks {
  const prefix = registerField('');
  const marks: RegisterMarks = new Map();
  for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (field.startsWith(prefix)) marks.set(field.slice(prefix.length), value);
  }
  return marks;
}
export type RegisterMarks = Map<string, unknown>;
