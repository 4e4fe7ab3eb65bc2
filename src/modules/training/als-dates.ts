import { bankHolidays } from './bank-holidays.js';
import { COMPLETES } from './attendance.js';
import type { Attendance } from './tables.js';
import { isoDate } from '../../platform/dates/uk-time.js';

// The rules of an action learning set that need no database: its monthly dates and when a
// member has completed it. Kept apart so they are tested on their own.

export interface Day {
  year: number;
  month: number;
  day: number;
}

const weekdayOf = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The first session's day and the proposed days of the ones after it, a month apart on the
 * same rule: the same weekday in the same week of the month ("the second Tuesday"), so the
 * group always meets on the same day of the week. A fifth weekday that a month lacks becomes
 * that month's last; a bank holiday moves a week later (or earlier, at the end of a month).
 */
export function proposeDays(first: Day, count: number): Day[] {
  const weekday = weekdayOf(first);
  const nth = Math.ceil(first.day / 7);
  const days = [first];
  for (let k = 1; k < count; k++) {
    const months = first.month - 1 + k;
    const year = first.year + Math.floor(months / 12);
    const month = (months % 12) + 1;
    const firstWeekday = weekdayOf({ year, month, day: 1 });
    const last = daysIn(year, month);
    let day = 1 + ((weekday - firstWeekday + 7) % 7) + (nth - 1) * 7;
    while (day > last) day -= 7;
    if (bankHolidays.has(isoDate({ year, month, day }))) day = day + 7 <= last ? day + 7 : day - 7;
    days.push({ year, month, day });
  }
  return days;
}

/**
 * How many sessions a member attended (arriving late counts, as it does for any course;
 * leaving early does not) and whether that meets the set's rule. completion.ts counts the
 * same way in SQL (als-store.ts alsCompletionsSql).
 */
export function progressOf(marks: readonly (Attendance | null | undefined)[], minAttended: number) {
  const attended = marks.filter((m) => m && COMPLETES.includes(m)).length;
  return { attended, completed: attended >= minAttended };
}

export type SetStatus = 'upcoming' | 'running' | 'finished';

export function statusOf(
  sessions: readonly { startsAt: Date; endsAt: Date }[],
  now: Date,
): SetStatus {
  const first = sessions[0];
  const last = sessions.at(-1);
  if (!first || !last || first.startsAt > now) return 'upcoming';
  return last.endsAt <= now ? 'finished' : 'running';
}

export const statusNames: Record<SetStatus, string> = {
  upcoming: 'Not started',
  running: 'Running',
  finished: 'Finished',
};
