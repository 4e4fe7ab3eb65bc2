import { z } from 'zod';
import { capital } from './date-input.js';
import { isoDate, parseUkDate } from './uk-time.js';

// Calendar dates typed into one box (not the three-box GOV.UK date input). The API takes
// YYYY-MM-DD only, so 03/04/2027 is never a guess; pages take what a date picker sends, or the
// date typed the British way where the browser shows no picker.

/** A real calendar date as YYYY-MM-DD (what a date input sends). */
const isRealDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

/** 27/3/2027 as YYYY-MM-DD; anything else is left for the check to refuse. */
const fromUkDate = (v: unknown) => {
  const d = typeof v === 'string' ? parseUkDate(v) : null;
  return d ? isoDate(d) : v;
};

/** A date as the API takes it: YYYY-MM-DD only. `what` completes "Enter …". */
export const apiDateField = (what: string, like = '2027-03-27') =>
  z
    .string(`Enter ${what}`)
    .trim()
    .min(1, `Enter ${what}`)
    .refine(isRealDate, `${capital(what)} must be a real date, like ${like}`)
    // What the OpenAPI document tells a client: a calendar date, YYYY-MM-DD.
    .meta({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });

/**
 * A date as the pages take it: YYYY-MM-DD, or 27/3/2027. Given `from` (today, for a date that
 * looks forward), an earlier date is refused with the form's other mistakes.
 */
export const formDateField = (what: string, { from }: { from?: string } = {}) =>
  z.preprocess(
    fromUkDate,
    apiDateField(what, '27/3/2027').refine(
      (day) => !from || !isRealDate(day) || day >= from,
      `${capital(what)} must be today or later`,
    ),
  );
