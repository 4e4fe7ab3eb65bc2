import { bankHolidays } from './bank-holidays.js';
import { formatTime, fromLondon, isoDate, toLondon } from '../../platform/dates/uk-time.js';

// The date rule of a repeating series, "the second Tuesday of every month": pure calendar
// arithmetic on UK dates, then each date at a UK wall-clock time turned into an instant, so a
// 10am session stays at 10am on both sides of a clock change.

export const repeats = ['monthly', 'every_two_months'] as const;
export type Repeat = (typeof repeats)[number];

export const ordinals = ['first', 'second', 'third', 'fourth', 'last'] as const;
export type Ordinal = (typeof ordinals)[number];

/** Monday first, as UK calendars show the week. */
export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

export interface SeriesRule {
  repeat: Repeat;
  ordinal: Ordinal;
  weekday: Weekday;
  /** The month of the first session. */
  fromYear: number;
  fromMonth: number;
  count: number;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const weekdayOf = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 is Sunday

/** The date of the first, second, third, fourth or last given weekday of a month. */
export function nthWeekday(
  year: number,
  month: number,
  ordinal: Ordinal,
  weekday: Weekday,
): CalendarDate {
  const wanted = (weekdays.indexOf(weekday) + 1) % 7;
  if (ordinal === 'last') {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return { year, month, day: lastDay - ((weekdayOf(year, month, lastDay) - wanted + 7) % 7) };
  }
  const first = 1 + ((wanted - weekdayOf(year, month, 1) + 7) % 7);
  // A fourth weekday is at most the 28th, so it is in every month; only a fifth can be missing,
  // which is why "last" is offered rather than "fifth".
  return { year, month, day: first + 7 * ordinals.indexOf(ordinal) };
}

/** The calendar dates of the series, in order. */
export function seriesDates(rule: SeriesRule): CalendarDate[] {
  const step = rule.repeat === 'monthly' ? 1 : 2;
  return Array.from({ length: rule.count }, (_, i) => {
    const m = rule.fromMonth - 1 + i * step;
    return nthWeekday(rule.fromYear + Math.floor(m / 12), (m % 12) + 1, rule.ordinal, rule.weekday);
  });
}

export interface Occurrence {
  date: CalendarDate;
  startsAt: Date;
  endsAt: Date;
  /** The bank holiday on this date, if any: the trainer may want to move that one. */
  bankHoliday: string | null;
  /** False when the clocks go forward across the start or end time, so it never shows. */
  timeExists: boolean;
}

type Clock = { hour: number; minute: number };

const shows = (instant: Date, date: CalendarDate, time: Clock) => {
  const t = toLondon(instant);
  return (
    t.year === date.year &&
    t.month === date.month &&
    t.day === date.day &&
    t.hour === time.hour &&
    t.minute === time.minute
  );
};

/** Each date of the rule at the UK start and end times. */
export function occurrences(rule: SeriesRule, start: Clock, end: Clock): Occurrence[] {
  return seriesDates(rule).map((date) => {
    const startsAt = fromLondon({ ...date, ...start });
    const endsAt = fromLondon({ ...date, ...end });
    return {
      date,
      startsAt,
      endsAt,
      bankHoliday: bankHolidays.get(isoDate(date)) ?? null,
      timeExists: shows(startsAt, date, start) && shows(endsAt, date, end),
    };
  });
}

/** "the second Tuesday of every month, 10:00 to 13:00 UK time". */
export function describeRule(rule: SeriesRule, start: Clock, end: Clock): string {
  const every = rule.repeat === 'monthly' ? 'every month' : 'every two months';
  const day = rule.weekday[0]!.toUpperCase() + rule.weekday.slice(1);
  return `The ${rule.ordinal} ${day} of ${every}, ${formatTime(start)} to ${formatTime(end)} UK time`;
}
