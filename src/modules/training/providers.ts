import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import * as store from './store.js';
import { trainingSessionProviders } from './tables-cascade.js';

// Who delivered a session: the partnership's own trainers (the usual case, and no row), or an
// external provider, named. The cascade page counts the two apart.

export const providerSchema = z
  .object({
    deliveredBy: z.enum(['local', 'external'], 'Choose who delivered the session'),
    provider: z
      .string()
      .trim()
      .max(200, 'The provider’s name must be 200 characters or fewer')
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.deliveredBy === 'external' && !v.provider) {
      ctx.addIssue({ code: 'custom', path: ['provider'], message: 'Enter the provider’s name' });
    }
  })
  .transform((v) => (v.deliveredBy === 'external' ? v.provider : null));

/** The external provider that delivered a session, or null for local trainers. */
export async function providerOf(db: Db, partnershipId: string, sessionId: string) {
  const [row] = await db
    .select({ provider: trainingSessionProviders.provider })
    .from(trainingSessionProviders)
    .where(
      and(
        eq(trainingSessionProviders.partnershipId, partnershipId),
        eq(trainingSessionProviders.sessionId, sessionId),
      ),
    );
  return row?.provider ?? null;
}

/** Records who delivered the session: a provider's name, or null for the local trainers. */
export async function setProvider(ctx: ServiceContext, sessionId: string, provider: string | null) {
  const { partnershipId } = ctx.actor as Member;
  await ctx.db.transaction(async (tx) => {
    if (!(await store.findSession(tx, partnershipId, sessionId))) throw notFound();
    await tx
      .insert(trainingSessionProviders)
      .values({ sessionId, partnershipId, provider })
      .onConflictDoUpdate({ target: trainingSessionProviders.sessionId, set: { provider } });
    await audit(tx, ctx, {
      action: 'training-session.provider-recorded',
      recordType: 'training-session',
      recordId: sessionId,
    });
  });
}
