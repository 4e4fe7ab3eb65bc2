import { errorsFor, type FormErrors } from '../../platform/http/forms.js';

/** A rule a service checked against a form's values: shown beside the field, nothing changed. */
export class FormProblem extends Error {
  readonly form: FormErrors;
  constructor(errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
    this.form = errorsFor(errors);
  }
}

/** Why a booking (or an offer's acceptance) was refused, in words for the person. */
export class BookingRefused extends Error {
  constructor(
    readonly reason: string,
    /** Courses to complete first, for links to them. */
    readonly missing: { id: string; title: string }[] = [],
  ) {
    super(reason);
  }
}

/** A unique index refused a second live row: a double booking that raced the check. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === '23505') return true;
  }
  return false;
}
