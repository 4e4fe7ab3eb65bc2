import { typedParts } from '../dates/date-input.js';
import { fromLondon, parseDate } from '../dates/uk-time.js';

// Reading a GOV.UK date input (day, month, year boxes) and turning a UK calendar day into the
// instant it starts, whatever the clocks are doing in London that day.

type Query = Record<string, string | undefined>;

const PARTS = ['day', 'month', 'year'] as const;

export type DateInputResult = { date: Date | null } | { error: string; field: string };

/** What was typed in the three boxes, kept as typed so the page can show it again. */
export function dateInputValues(query: Query, prefix: string): Record<string, string> {
  return Object.fromEntries(
    PARTS.map((p) => [`${prefix}-${p}`, (query[`${prefix}-${p}`] ?? '').trim()]),
  );
}

/** A calendar day (as midnight UTC of that date), nothing when all three boxes are empty. */
export function readDateInput(query: Query, prefix: string, label: string): DateInputResult {
  const typed = dateInputValues(query, prefix);
  const missing = PARTS.filter((p) => !typed[`${prefix}-${p}`]);
  if (missing.length === PARTS.length) return { date: null };
  if (missing.length) {
    return {
      error: `${label} must include a ${missing.join(' and ')}`,
      field: `${prefix}-${missing[0]}`,
    };
  }
  const parsed = parseDate(...typedParts(typed, prefix));
  if (!parsed)
    return { error: `${label} must be a real date, like 27 3 2026`, field: `${prefix}-day` };
  const date = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day));
  return { date };
}

/** The instant a UK calendar day begins; `day` is that date at midnight UTC. */
export const startOfUkDay = (day: Date): Date =>
  fromLondon({
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    hour: 0,
    minute: 0,
  });
