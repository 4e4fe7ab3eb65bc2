import type { Refused } from '../../platform/http/forms.js';

// What the plans service answers a change with: as every service does, or a conflict.

export type Saved =
  /** unchanged: the words sent were the words there already, so nothing was saved. */
  { ok: true; id: string; unchanged?: true } | Refused | { ok: false; conflict: Conflict };

/** Two saves of one thing: what is there now (theirs) and what this person tried to save. */
export interface Conflict {
  theirs: { text: string; version: number; changedBy: string | null; changedAt: Date };
  yours: Record<string, string>;
}
