import { z } from 'zod';
import { isoDate, parseDate } from './uk-time.js';

// The GOV.UK date input: a date typed in three boxes named <prefix>-day, -month and -year.
// These read what was typed, and fill the boxes again from a stored date.

export const PARTS = ['day', 'month', 'year'] as const;
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

/** "the date of the meeting" as a sentence starts: "The date of the meeting". */
export const capital = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;

export interface DateRules {
  /** Empty boxes are allowed. */
  optional?: boolean;
  /** Today's UK date (YYYY-MM-DD), for a date that cannot be in the future. */
  until?: string;
  /** Today's UK date, for a date that cannot be gone by. */
  from?: string;
}

/**
 * What is wrong with a date typed in the three boxes, in the GOV.UK pattern's words, or null
 * when it is a real date (or, if `optional`, when the boxes are left empty). `what` names the
 * date within a sentence: "the date of the meeting".
 */
export function dateInputProblem(
  v: Record<string, unknown>,
  prefix: string,
  what: string,
  { optional = false, until, from }: DateRules = {},
): string | null {
  const typed = typedParts(v, prefix);
  if (typed.every((p) => !p)) return optional ? null : `Enter ${what}`;
  const missing = PARTS.filter((_, i) => !typed[i]);
  if (missing.length) return `${capital(what)} must include a ${missing.join(' and ')}`;
  const day = parseDate(...typed);
  if (!day) return yearProblem(typed[2], what) ?? `${capital(what)} must be a real date`;
  if (until && isoDate(day) > until) return `${capital(what)} must be today or in the past`;
  if (from && isoDate(day) < from) return `${capital(what)} must be today or later`;
  return null;
}

/**
 * What is wrong with the year alone, when that is all: "26" for 2026, or a year no date here can
 * be in (parseDate takes 1900 to 2200, wide enough for dates of birth and earlier courses).
 */
function yearProblem(year: string, what: string) {
  if (!/^\d+$/.test(year)) return null;
  if (year.length !== 4) return `${capital(what)} must have a year with 4 numbers, like 2027`;
  const y = Number(year);
  if (y < 1900 || y > 2200) return `${capital(what)} must be in a year from 1900 to 2200`;
  return null;
}

/** Adds the date's problem, if any, to a form's refinement, on the date's own field. */
export function checkDateInput(
  ctx: z.RefinementCtx,
  v: Record<string, unknown>,
  prefix: string,
  what: string,
  rules?: DateRules,
) {
  const problem = dateInputProblem(v, prefix, what, rules);
  if (problem) ctx.addIssue({ code: 'custom', path: [prefix], message: problem });
}

/** What was typed in one box, as typed; '' when it was left empty or not sent. */
const boxText = (v: Record<string, unknown> | undefined, prefix: string, part: Part) => {
  const value = v?.[`${prefix}-${part}`];
  return typeof value === 'string' ? value : '';
};

/**
 * The boxes of a date to fix: those left empty (or not sent) when others were typed ("must
 * include a month"), or else all of them. The error summary links to the first; the boxes
 * marked in red are these.
 */
export function boxesToFix(
  v: Record<string, unknown> | undefined,
  prefix: string,
  parts: readonly Part[] = PARTS,
): readonly Part[] {
  const empty = parts.filter((p) => !boxText(v, prefix, p).trim());
  return empty.length && empty.length < parts.length ? empty : parts;
}

/**
 * The boxes of a GOV.UK date input, filled with what was typed, for `govukDateInput`'s items,
 * with the boxes to fix marked when there is an error.
 */
export function dateInputItems(
  prefix: string,
  values: Record<string, unknown> | undefined,
  error: unknown,
  parts: readonly Part[] = PARTS,
) {
  const marked = error ? boxesToFix(values, prefix, parts) : [];
  return parts.map((p) => ({
    name: p,
    classes: `govuk-input--width-${p === 'year' ? 4 : 2}${marked.includes(p) ? ' govuk-input--error' : ''}`,
    value: boxText(values, prefix, p),
  }));
}
