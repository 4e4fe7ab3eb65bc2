import { errorsFor, type FormErrors } from '../../platform/http/forms.js';
import { meetingPath } from './paths.js';

// Shared by the family group conference pages.

/** A conference's stages page, or one stage's page under it. */
export const fgcPath = (id: string, stage = '') => meetingPath(id, stage ? `fgc/${stage}` : 'fgc');

export type Body = Record<string, unknown>;

/** The form's own errors, or else the service's refusal, for the GOV.UK error summary. */
export const errorsOf = (
  form: { ok: boolean } & Partial<FormErrors>,
  saved: { ok: true } | { ok: false; errors: Record<string, string> } | null,
): FormErrors =>
  form.ok ? errorsFor(saved && !saved.ok ? saved.errors : {}) : (form as FormErrors);
