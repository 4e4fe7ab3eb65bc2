import { z } from 'zod';
import { ALWAYS, asList, checkSessionTimes, link, venue, wholeNumber } from './schemas.js';
import { ordinals, repeats, weekdays, type SeriesRule } from './series-rule.js';
import { deliveries } from './tables.js';
import { parseTime } from '../../platform/dates/uk-time.js';
import { UUID } from '../../platform/http/ids.js';

// What the "schedule repeating sessions" form sends: the rule, then what every session shares.

/** The most sessions one series makes: two years of monthly sessions. */
export const MAX_SERIES = 24;

const monthOf = (month: string, year: string) => {
  const [m, y] = [month, year].map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN));
  if (!m || !y || m < 1 || m > 12 || y < 2000 || y > 2100) return null;
  return { month: m, year: y };
};

/** What a series has, whether it comes from the form or the API. */
const seriesFields = {
  repeat: z.enum(repeats, 'Choose how often the sessions repeat'),
  ordinal: z.enum(ordinals, 'Choose which week of the month'),
  weekday: z.enum(weekdays, 'Choose the day of the week'),
  count: wholeNumber('The number of sessions', 1, MAX_SERIES, 6),
  places: wholeNumber('The number of places', 1, 500, 20),
  delivery: z.enum(deliveries, 'Choose how the sessions are delivered'),
  joiningLink: link,
  venue,
  trainerIds: z.preprocess(
    asList,
    z
      .array(z.string().regex(UUID, 'Choose trainers from the list'))
      .min(1, 'Choose at least one trainer'),
  ),
};

export const seriesSchema = z
  .object({
    ...seriesFields,
    'from-month': z.string().default(''),
    'from-year': z.string().default(''),
    startTime: z.string().default(''),
    endTime: z.string().default(''),
  })
  .superRefine((v, ctx) => {
    if (!monthOf(String(v['from-month'] ?? ''), String(v['from-year'] ?? ''))) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'Enter the month of the first session, like 3 2027',
      });
    }
    if (v.count === undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'Enter the number of sessions' });
    }
    checkSessionTimes(v, ctx);
  }, ALWAYS)
  .transform((v) => {
    const from = monthOf(v['from-month'], v['from-year'])!;
    const rule: SeriesRule = {
      repeat: v.repeat,
      ordinal: v.ordinal,
      weekday: v.weekday,
      fromYear: from.year,
      fromMonth: from.month,
      count: v.count!,
    };
    return {
      rule,
      start: parseTime(v.startTime)!,
      end: parseTime(v.endTime)!,
      places: v.places!,
      delivery: v.delivery,
      joiningLink: v.joiningLink ?? null,
      venue: v.venue ?? null,
      trainerIds: v.trainerIds,
    };
  });
export type SeriesInput = z.output<typeof seriesSchema>;

/**
 * The same series as JSON: the month of the first session as "2027-03" instead of the form's
 * month and year boxes, everything else as the form sends it. It becomes the form's values and
 * goes through the form's schema, so every check and message is the same.
 */
export const seriesApiSchema = z
  .object({
    ...seriesFields,
    from: z
      .string('Enter the month of the first session, like 2027-03')
      .regex(/^\d{4}-\d{2}$/, 'Enter the month of the first session, like 2027-03'),
    startTime: z.string('Enter the start time, like 10:00').meta({ description: 'UK time' }),
    endTime: z.string('Enter the end time, like 13:00').meta({ description: 'UK time' }),
  })
  .transform(({ from, ...v }): z.input<typeof seriesSchema> => ({
    ...v,
    'from-year': from.slice(0, 4),
    'from-month': String(Number(from.slice(5, 7))),
  }))
  .pipe(seriesSchema);
