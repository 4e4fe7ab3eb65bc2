// Session times are typed as UK wall-clock times and stored as instants. These helpers turn
// a date and a time in Europe/London into a Date, and back, across the clock changes.

const LONDON = 'Europe/London';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

export interface LondonTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function toLondon(d: Date): LondonTime {
  const get = (type: string) => Number(parts.formatToParts(d).find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** The instant at which London's clocks show this date and time. */
export function fromLondon(t: LondonTime): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  let guess = asUtc;
  // Two passes settle the offset (0 or +1 hour) even next to a clock change.
  for (let i = 0; i < 2; i++) {
    const shown = toLondon(new Date(guess));
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += asUtc - shownUtc;
  }
  return new Date(guess);
}

/**
 * "10:00", "9.30", "2pm", "2:30pm", "14:30" to hours and minutes; null if not a time. Anything
 * but a string (a number or an object sent as JSON) is not a time either.
 */
export function parseTime(text: unknown): { hour: number; minute: number } | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const half = m[3]?.toLowerCase();
  if (!half && m[2] === undefined) return null; // "14" alone is too unclear
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** A date typed in three boxes, checked to be a real date. */
export function parseDate(day: string, month: string, year: string) {
  const [d, m, y] = [day, month, year].map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN));
  // Wide enough for dates of birth and earlier courses; a year typed short is refused.
  if (!d || !m || !y || y < 1900 || y > 2200) return null;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return { year: y, month: m, day: d };
}

/** A calendar date as YYYY-MM-DD. */
export const isoDate = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** "21/11/2026" (or 21-11-2026, 21.11.2026) to a checked date. */
export function parseUkDate(text: string) {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  return m ? parseDate(m[1]!, m[2]!, m[3]!) : null;
}

export const formatTime = (t: { hour: number; minute: number }) =>
  `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

// Made once: making a formatter is slow (a family's page, which asks for today's date once for
// each member's age, spent about a millisecond of CPU making them).
const ukIsoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date in the UK, as YYYY-MM-DD, for "not in the future" and ages. */
export function ukToday(now: Date): string {
  return ukIsoDate.format(now);
}

/** The instant a UK calendar day (YYYY-MM-DD) begins, whatever London's clocks do that day. */
export function startOfUkDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return fromLondon({ year, month, day: date, hour: 0, minute: 0 });
}

/** A calendar day (YYYY-MM-DD) some days on, or back when `days` is negative. */
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The UK calendar day after this one (YYYY-MM-DD). */
export const dayAfter = (day: string) => addDays(day, 1);
