import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { openFamily } from './policy.js';
import { canAddFamilies } from './service.js';
import { families } from './tables.js';

// Closing a family's record when the work together ends. A soft retire: the family leaves
// caseloads, team views and plan reminders, and everything in its record is kept, readable by
// the same people as before. Reopening puts it back. Those who may start a family's record may
// close and reopen one they work with.

export const CLOSE_REFUSED =
  'Only practitioners, managers and facilitators can close or reopen a family’s record';

function setClosed(db: Db, family: { id: string; partnershipId: string }, at: Date | null) {
  return db
    .update(families)
    .set({ retiredAt: at })
    .where(and(eq(families.partnershipId, family.partnershipId), eq(families.id, family.id)));
}

/** Closes the record (audited); closing one already closed changes nothing. */
export async function closeFamily(ctx: ServiceContext, familyId: string): Promise<string> {
  if (!canAddFamilies(ctx)) throw forbidden(CLOSE_REFUSED);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.closed');
    if (!family.retiredAt) await setClosed(tx, family, ctx.now);
    return family.id;
  });
}

/** Reopens a closed record (audited). */
export async function reopenFamily(ctx: ServiceContext, familyId: string): Promise<string> {
  if (!canAddFamilies(ctx)) throw forbidden(CLOSE_REFUSED);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.reopened');
    if (family.retiredAt) await setClosed(tx, family, null);
    return family.id;
  });
}
