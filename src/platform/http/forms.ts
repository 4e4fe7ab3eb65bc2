import type { z } from 'zod';
import { boxesToFix, PARTS } from '../dates/date-input.js';

export interface FormErrors {
  /** Field name to message, for each field's own error message. */
  errors: Record<string, string>;
  /** The GOV.UK error summary's list, in the order of the form. */
  errorList: { text: string; href: string }[];
}

/**
 * For a cross-field check (`superRefine(check, ALWAYS)`): it runs even when a field has failed,
 * so every problem is shown at once, but only on an object. A JSON body of null, a string or
 * an array has no fields to check: its own error (expected object) is the whole answer.
 */
export const ALWAYS = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};

export type FormResult<T> =
  ({ ok: true; data: T } & Partial<FormErrors>) | ({ ok: false } & FormErrors);

/** Validates a submitted form with the same zod schema the API uses. */
export function validateForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, ...toFormErrors(parsed.error.issues) };
}

export function toFormErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FormErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { errors, errorList: errorListOf(errors) };
}

export const errorListOf = (errors: Record<string, string>) =>
  Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));

/**
 * The error summary's links, with a date typed in boxes linked to its first box (the day), the one
 * to fix (GOV.UK's pattern): the date's own id names the wrapper around the boxes, which cannot
 * take focus. `sent` is what the form sent (a body or a query), where the boxes show up.
 */
export function linkedToFields(errorList: FormErrors['errorList'], sent: unknown) {
  if (!sent || typeof sent !== 'object') return errorList;
  const boxes = sent as Record<string, unknown>;
  return errorList.map((e) => {
    if (!e.href.startsWith('#')) return e;
    // A date's boxes start with the first one sent (a month and year alone, with the month).
    const field = e.href.slice(1);
    const first = PARTS.findIndex((p) => `${field}-${p}` in boxes);
    if (first < 0) return e;
    return { ...e, href: `#${field}-${boxesToFix(boxes, field, PARTS.slice(first))[0]}` };
  });
}

/**
 * The error summary fitted to the rendered page: its links in the order their fields stand on
 * the page, as GOV.UK asks (a schema's cross-field checks otherwise put theirs last), and a
 * mistake with nothing on the page to link to (a refused action: "#form") shown without a link,
 * last. Null when the list already fits.
 */
export function fittedToPage(
  errorList: FormErrors['errorList'],
  html: string,
): { text: string; href?: string }[] | null {
  const placed = errorList.map((e) => {
    // With the space before it: data-testid="x" is not id="x".
    const id = e.href.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const i = e.href.startsWith('#') ? html.search(new RegExp(`\\sid="${id}"`)) : -1;
    return { e, i: i < 0 ? Infinity : i };
  });
  const sorted = [...placed].sort((a, b) => a.i - b.i);
  const fits = sorted.every((p, k) => p === placed[k] && p.i !== Infinity);
  return fits ? null : sorted.map(({ e, i }) => (i === Infinity ? { text: e.text } : e));
}

/** One error on one field, for rules a service checks (a name already taken, say). */
export const fieldError = (field: string, text: string): FormErrors => errorsFor({ [field]: text });
export const errorsFor = (errors: Record<string, string>): FormErrors => ({
  errors,
  errorList: errorListOf(errors),
});

/** A change refused: a message for each field to fix. */
export type Refused = { ok: false; errors: Record<string, string> };

/** What a service's change returns: the record's id, or a message for each field to fix. */
export type Saved = { ok: true; id: string } | Refused;

export const refused = (errors: Record<string, string>): Refused => ({ ok: false, errors });

/**
 * A rule broken after a record was opened, inside its transaction: thrown to roll the
 * transaction back (its audit rows included, as nothing happened), then returned by
 * `refusable` as field errors.
 */
export class Refusal extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('refused');
  }
}

/** Runs a change, returning a Refusal thrown inside it as field errors. */
export async function refusable<T>(run: () => Promise<T>): Promise<T | Refused> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refusal) return refused(error.errors);
    throw error;
  }
}

/** The form's own errors, or else the service's refusal, for the GOV.UK error summary. */
export const errorsOf = (
  form: { ok: boolean } & Partial<FormErrors>,
  saved: { ok: true } | Refused | null,
): FormErrors =>
  form.ok ? errorsFor(saved && !saved.ok ? saved.errors : {}) : (form as FormErrors);
