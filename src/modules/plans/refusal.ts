// What the plans service answers a change with, and the refusal that rolls one back.

/** A rule broken after the plan was opened: thrown to roll back (audit row included), then returned. */
export class Refusal extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('refused');
  }
}

export async function refusable<T>(
  run: () => Promise<T>,
): Promise<T | { ok: false; errors: Record<string, string> }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, errors: error.errors };
    throw error;
  }
}

export type Saved =
  | { ok: true; id: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; conflict: Conflict };

/** Two saves of one thing: what is there now (theirs) and what this person tried to save. */
export interface Conflict {
  theirs: { text: string; version: number; changedBy: string | null; changedAt: Date };
  yours: Record<string, string>;
}
