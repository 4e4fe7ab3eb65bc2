import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { Refusal, refusable } from './common.js';
import { partnershipOf } from '../../platform/http/context.js';
import { type Saved } from '../../platform/http/forms.js';
import { familyVisibleTo, isUuid, openFamily } from './policy.js';
import type { AllocationInput } from './schemas.js';
import * as store from './store.js';
import { families } from './tables.js';

// Who is working with the family. An allocation is what opens the record to someone, so only
// those who can already see the family can change it, and a family always keeps at least one.

/** The allocations page: who is working with the family, and who else could be allocated. */
export async function viewWorkers(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.viewed');
    const workers = await store.listWorkers(tx, partnershipId, family.id);
    const allocated = new Set(workers.flatMap((w) => [w.personId, w.teamId]));
    const practitioners = (await store.practitionerChoices(tx, partnershipId)).filter(
      (p) => !allocated.has(p.id),
    );
    const teams = (await store.teamChoices(tx, partnershipId)).filter((t) => !allocated.has(t.id));
    return { family, workers, practitioners, teams };
  });
}

export async function allocate(
  ctx: ServiceContext,
  familyId: string,
  input: AllocationInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const family = await openFamily(tx, ctx, familyId, 'family.worker_allocated');
      const workers = await store.listWorkers(tx, partnershipId, family.id);
      if (input.personId) {
        const [person] = await store.practitionerChoices(tx, partnershipId, [input.personId]);
        if (!person) throw new Refusal({ personId: 'Choose a practitioner from the list' });
        if (workers.some((w) => w.personId === person.id))
          throw new Refusal({ personId: `${person.name} is already working with the family` });
      }
      if (input.teamId) {
        const [team] = await store.teamChoices(tx, partnershipId, [input.teamId]);
        if (!team) throw new Refusal({ teamId: 'Choose a team from the list' });
        if (workers.some((w) => w.teamId === team.id))
          throw new Refusal({ teamId: `${team.name} is already working with the family` });
      }
      const worker = input.personId ? { personId: input.personId } : { teamId: input.teamId! };
      await store.insertWorkers(tx, partnershipId, family.id, [worker], ctx.now);
      return { ok: true, id: family.id };
    }),
  );
}

/** One current allocation, for the page that asks to confirm ending it. */
export async function viewAllocation(ctx: ServiceContext, familyId: string, workerId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.viewed');
    const workers = await store.listWorkers(tx, partnershipId, family.id);
    const worker = workers.find((w) => w.id === workerId);
    if (!worker) throw notFound();
    return { family, worker, isLast: workers.length === 1 };
  });
}

const stillVisible = async (tx: Db, ctx: ServiceContext, familyId: string) =>
  (
    await tx
      .select({ id: families.id })
      .from(families)
      .where(and(eq(families.id, familyId), familyVisibleTo(ctx.actor)))
  ).length > 0;

/**
 * Ends an allocation (it is kept, with its end date). Says whether the actor can still see the
 * family afterwards: ending their own allocation may take it off their caseload.
 */
export async function endAllocation(
  ctx: ServiceContext,
  familyId: string,
  workerId: string,
): Promise<Saved & { stillVisible?: boolean }> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const family = await openFamily(tx, ctx, familyId, 'family.worker_ended');
      const workers = await store.listWorkers(tx, partnershipId, family.id);
      if (!isUuid(workerId) || !workers.some((w) => w.id === workerId)) throw notFound();
      if (workers.length === 1)
        throw new Refusal({
          form: 'Someone must always be working with the family. Allocate another practitioner or team first.',
        });
      await store.endWorker(tx, partnershipId, family.id, workerId, ctx.now);
      return { ok: true, id: workerId, stillVisible: await stillVisible(tx, ctx, family.id) };
    }),
  );
}
