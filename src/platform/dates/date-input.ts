import { z } from 'zod';
import { isoDate, parseDate } from './uk-time.js';

// The GOV.UK date input: a date typed in three boxes named <prefix>-day, -month and -year.
// These read what was typed, and fill the boxes again from a stored date.

const PARTS = ['day', 'month', 'year'] as const;
type Part = (typeof PARTS)[number];

/** The three boxes in a form's schema, kept as typed; the form's own check reads them. */
export const dateInputFields = <P extends string>(prefix: P) =>
  Object.fromEntries(PARTS.map((p) => [`${prefix}-${p}`, z.string().default('')])) as Record<
    `${P}-${Part}`,
    z.ZodDefault<z.ZodString>
  >;

/** What was typed in the three boxes, trimmed: day, month and year. */
export const typedParts = (v: Record<string, unknown>, prefix: string) =>
  PARTS.map((p) => {
    const typed = v[`${prefix}-${p}`];
    return typeof typed === 'string' ? typed.trim() : '';
  }) as [string, string, string];

/** The date typed as YYYY-MM-DD, or null when the boxes are empty or not a real date. */
export function typedDay(v: Record<string, unknown>, prefix: string): string | null {
  const d = parseDate(...typedParts(v, prefix));
  return d ? isoDate(d) : null;
}

/** A stored YYYY-MM-DD as the three boxes, to fill a form with it. */
export function boxesFor(prefix: string, value: string | null) {
  const [y, m, d] = value ? value.split('-').map(Number) : [];
  return {
    [`${prefix}-day`]: d ? String(d) : '',
    [`${prefix}-month`]: m ? String(m) : '',
    [`${prefix}-year`]: y ? String(y) : '',
  };
}
