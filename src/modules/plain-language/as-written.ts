import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { advise, type PlainLanguageAdvice } from './checker.js';
import { activeTerms } from './service.js';

// Advice as the words are written, for forms whose text a family will read. Without JavaScript,
// the form's "Check the wording" button posts the form with checkWording=yes: the page is shown
// again with the words kept and this advice, and nothing is saved. With JavaScript,
// public/plain-language.js asks POST /plain-language/check as the person pauses typing.
// Advice, never a block: the same form saves the words whatever the advice says.

/** The button's name and value: a post carrying it is a check, not a save. */
export const CHECK_WORDING = 'checkWording';

export function wantsWordingCheck(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Record<string, unknown>)[CHECK_WORDING] === 'yes'
  );
}

export interface WordingAdvice {
  /** The form field, so the page can link the advice to the box. */
  field: string;
  label: string;
  advice: PlainLanguageAdvice;
}

/** The most the checker reads of one box: what its JSON endpoint accepts. */
const MAX = 20_000;

/**
 * Advice on each named field of a posted form that has words in it, in the order given.
 * `fields` maps a field's name to its label on the page.
 */
export async function checkWording(
  ctx: ServiceContext,
  body: unknown,
  fields: Record<string, string>,
): Promise<WordingAdvice[]> {
  const partnershipId = ctx.actor.partnershipId;
  if (!partnershipId) throw forbidden();
  const typed = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const filled = Object.entries(fields).flatMap(([field, label]) => {
    const text = typed[field];
    return typeof text === 'string' && text.trim() ? [{ field, label, text }] : [];
  });
  if (!filled.length) return [];
  const terms = await activeTerms(ctx.db, partnershipId);
  return filled.map(({ field, label, text }) => ({
    field,
    label,
    advice: advise(text.slice(0, MAX), terms),
  }));
}
