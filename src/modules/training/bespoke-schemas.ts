import { z } from 'zod';
import { ALWAYS, wholeNumber } from './schemas.js';
import { BESPOKE_MAX_PEOPLE, bespokeStatuses } from './tables-bespoke.js';
import {
  capital,
  dateInputFields,
  dateInputProblem,
  typedDay,
} from '../../platform/dates/date-input.js';
import { UUID } from '../../platform/http/ids.js';

// The inputs of bespoke courses: a manager's request, and a decline's reason. Accepting one
// sends the ordinary session form (sessionSchema) with the course to schedule.

/** Said when a closed session is given more places than a bespoke course allows. */
export const bespokePlacesMessage = `A bespoke course is for ${BESPOKE_MAX_PEOPLE} people or fewer, so choose ${BESPOKE_MAX_PEOPLE} places or fewer`;

/** Up to three preferred dates, each typed in three boxes: date1, date2, date3. */
export const PREFERRED_DATES = [1, 2, 3] as const;

const dateFields = {
  ...dateInputFields('date1'),
  ...dateInputFields('date2'),
  ...dateInputFields('date3'),
};

/** Each preferred date, as the error messages name it. */
const DATE_NAMES = ['the date that would suit you best', 'the second date', 'the third date'];

/** Said of the nth preferred date on or before today: the course cannot be put on by then. */
export const bespokePastDateMessage = (n: number) =>
  `${capital(DATE_NAMES[n - 1]!)} must be in the future`;

/**
 * A manager's request. `today` is the UK date (YYYY-MM-DD) of the request's clock, so a date
 * already past is refused with the other mistakes, not only once they are put right.
 */
export const bespokeRequestSchema = (today: string) =>
  z
    .object({
      teamId: z.string('Choose the team').regex(UUID, 'Choose the team'),
      peopleCount: wholeNumber('The number of people', 1, BESPOKE_MAX_PEOPLE, 12),
      needs: z
        .string('Enter what the team needs from the course')
        .trim()
        .min(1, 'Enter what the team needs from the course')
        .max(2000, 'What the team needs must be 2,000 characters or fewer'),
      ...dateFields,
    })
    .superRefine((v, ctx) => {
      if (v.peopleCount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['peopleCount'],
          message: 'Enter the number of people, like 12',
        });
      }
      for (const n of PREFERRED_DATES) {
        const problem = dateInputProblem(v, `date${n}`, DATE_NAMES[n - 1]!, { optional: n > 1 });
        const day = typedDay(v, `date${n}`);
        const message = problem ?? (day && day <= today ? bespokePastDateMessage(n) : null);
        if (message) ctx.addIssue({ code: 'custom', path: [`date${n}`], message });
      }
    }, ALWAYS)
    .transform((v) => {
      const dates = PREFERRED_DATES.map((n) => typedDay(v, `date${n}`)).filter(
        (d): d is string => d !== null,
      );
      return {
        teamId: v.teamId,
        peopleCount: v.peopleCount!,
        needs: v.needs,
        preferredDates: [...new Set(dates)],
      };
    });
export type BespokeRequestInput = z.output<ReturnType<typeof bespokeRequestSchema>>;

export const declineSchema = z.object({
  reason: z
    .string('Enter the reason, so the manager knows why')
    .trim()
    .min(1, 'Enter the reason, so the manager knows why')
    .max(1000, 'The reason must be 1,000 characters or fewer'),
});

export const requestListQuery = z.object({
  status: z.enum([...bespokeStatuses, 'all']).catch('requested'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
