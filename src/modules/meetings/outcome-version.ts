import { createHash } from 'node:crypto';
import { Refusal } from '../../platform/http/forms.js';
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

/** Whether a form opened on `version` was opened on other words than those now saved. */
export const openedBeforeLastSave = (
  meeting: Pick<Meeting, 'outcome'>,
  version: string | undefined,
) => version !== undefined && version !== outcomeVersion(meeting);

/** Refuses (nothing saved) a save made on a form opened before the latest save. */
export function refuseIfChangedSince(
  meeting: Pick<Meeting, 'outcome'>,
  version: string | undefined,
  what: string,
) {
  if (openedBeforeLastSave(meeting, version))
    throw new Refusal({
      version: `${what} was saved by someone else after you opened this page. Nothing you typed has been lost: check their words against yours, then save the words to keep.`,
    });
}

/**
 * For the page's form: the version to send back (the latest, so that a second save, made
 * having seen both, goes through) and whether the words typed were opened before the latest save.
 */
export const versionOf = (meeting: Pick<Meeting, 'outcome'>, typed?: { version?: string }) => ({
  version: outcomeVersion(meeting),
  changedSince: openedBeforeLastSave(meeting, typed?.version),
});
