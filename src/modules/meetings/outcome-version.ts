import { createHash } from 'node:crypto';
import { personIdOf } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { type FormErrors, Refusal } from '../../platform/http/forms.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';

// What a meeting agreed (or, at a family group conference, the family's plan) may be open on two
// screens at once. Its form carries the version of the words it was opened on; a save made on
// other words than those now saved is refused, keeping what was typed, and the page shows the
// words saved since beside it. The API checks the version when one is sent.
//
// The version is a digest of the words, not the time of the save: two saves in the same
// millisecond have the same time, and words saved again unchanged lose nothing.

/** The outcome's version: a digest of its words, or '' if none have been saved. */
export const outcomeVersion = (meeting: Pick<Meeting, 'outcome'>) =>
  meeting.outcome === null
    ? ''
    : createHash('sha256').update(meeting.outcome, 'utf8').digest('hex').slice(0, 32);

/** What the words are called in the messages. */
export const AGREED = 'What everyone agreed';
export const FAMILY_PLAN = 'The family’s plan';

/** What was typed, and the version of the words the form was opened on. */
export interface Typed {
  words?: unknown;
  version?: string;
}

/**
 * Whether what was typed was opened on other words than those now saved. Typing the words now
 * saved (a second click of Save) is no conflict.
 */
const openedOnOtherWords = (meeting: Pick<Meeting, 'outcome'>, typed?: Typed) =>
  typed?.version !== undefined &&
  typed.version !== outcomeVersion(meeting) &&
  typed.words !== meeting.outcome;

const changedSince = (what: string) =>
  `${what} was saved again after you opened this page. Nothing you typed has been lost: check the words saved against yours, then save the words to keep.`;

/** Refuses (nothing saved) a save of words typed on a form opened on other words. */
function refuseIfChangedSince(meeting: Pick<Meeting, 'outcome'>, typed: Typed, what: string) {
  if (openedOnOtherWords(meeting, typed)) throw new Refusal({ version: changedSince(what) });
}

/**
 * For the page's form: the version to send back (the latest, so that a save made having seen
 * both goes through) and, when what was typed was opened on other words, the words saved since,
 * said in the error summary whatever else the page is showing (a refusal, or wording advice).
 */
export function versionOf(
  meeting: Pick<Meeting, 'outcome'>,
  what: string,
  typed?: Typed,
  shown?: Partial<FormErrors>,
) {
  const conflict = openedOnOtherWords(meeting, typed);
  const errors = { ...shown?.errors };
  const errorList = [...(shown?.errorList ?? [])];
  if (conflict && !errors.version) {
    errors.version = changedSince(what);
    errorList.unshift({ text: errors.version, href: '#version' });
  }
  return {
    version: outcomeVersion(meeting),
    changedSince: conflict,
    ...(errorList.length ? { errors, errorList } : {}),
  };
}

/**
 * Saves a meeting's agreed words (with any other change to the meeting that goes with them),
 * refused if they were typed on a form opened on other words. The row is locked for the check,
 * so that two saves made on the same words cannot both pass it.
 */
export async function saveAgreedWords(
  tx: Db,
  ctx: ServiceContext,
  meeting: Pick<Meeting, 'id' | 'partnershipId'>,
  typed: { words: string; version?: string },
  what: string,
  alongside: Partial<Pick<Meeting, 'status'>> = {},
) {
  refuseIfChangedSince(
    await store.lockedOutcome(tx, meeting.partnershipId, meeting.id),
    typed,
    what,
  );
  await store.updateMeeting(tx, meeting.partnershipId, meeting.id, {
    ...alongside,
    outcome: typed.words,
    outcomeRecordedBy: personIdOf(ctx.actor),
    outcomeRecordedAt: ctx.now,
    updatedAt: ctx.now,
  });
}
