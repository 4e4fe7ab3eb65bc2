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
  const [day, month, year] = PARTS.map((p) => typed[`${prefix}-${p}`]!);
  const numeric = /^\d{1,2}$/;
  if (!numeric.test(day!) || !numeric.test(month!) || !/^\d{4}$/.test(year!)) {
    return { error: `${label} must be a real date, like 27 3 2026`, field: `${prefix}-day` };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `${label} must be a real date, like 27 3 2026`, field: `${prefix}-day` };
  }
  return { date };
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const get = (type: string) =>
    Number(londonParts.formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant a UK calendar day begins; `day` is that date at midnight UTC. */
export function startOfUkDay(day: Date): Date {
  return new Date(day.getTime() - londonOffsetMinutes(day) * 60_000);
}
