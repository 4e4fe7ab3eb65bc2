import { Refusal, refusable } from '../../platform/http/forms.js';
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { partnershipOf } from '../../platform/http/context.js';
import { type Saved } from '../../platform/http/forms.js';
import { familyVisibleTo, openFamily, readFamily, readFamilyPart } from './policy.js';
import type { AllocationInput } from './schemas.js';
import * as store from './store.js';
import { families } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// Who is working with the family. An allocation is what opens the record to someone, so only
// those who can already see the family can change it, and a family always keeps at least one
// allocated practitioner or team. A family group conference's independent coordinator works
// with the family too, in the 'coordinator' role: the meetings capability records and ends that
// row (recordCoordinator, endCoordinator) as the conference's coordinator changes. A coordinator
// is never counted as allocated, so they stay independent of the family's case.

const allocatedOnly = <T extends { role: string }>(workers: T[]) =>
  workers.filter((w) => w.role === 'allocated');

/** The allocations page: who is working with the family, and who else could be allocated. */
export async function viewWorkers(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.viewed', async (db, family) => {
    const workers = await store.listWorkers(db, partnershipId, family.id);
    // A coordinator is not offered either: allocating them would end their independence.
    const working = new Set(workers.flatMap((w) => [w.personId, w.teamId]));
    const practitioners = (await store.practitionerChoices(db, partnershipId)).filter(
      (p) => !working.has(p.id),
    );
    const teams = (await store.teamChoices(db, partnershipId)).filter((t) => !working.has(t.id));
    return {
      family,
      workers,
      allocatedCount: allocatedOnly(workers).length,
      practitioners,
      teams,
    };
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
        if (workers.some((w) => w.personId === person.id && w.role === 'coordinator'))
          throw new Refusal({
            personId: `${person.name} is the independent coordinator of a family group conference for ${family.name}. Allocating them would mean they are no longer independent of the family: choose someone else, or give the conference another coordinator first.`,
          });
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

/**
 * One current allocation, for the page that asks to confirm ending it. A coordinator's row is
 * not an allocation (not found here): it ends with their part in the conference.
 */
export async function viewAllocation(ctx: ServiceContext, familyId: string, workerId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamilyPart(ctx, familyId, 'family.viewed', async (tx, family) => {
    const workers = allocatedOnly(await store.listWorkers(tx, partnershipId, family.id));
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
      const workers = allocatedOnly(await store.listWorkers(tx, partnershipId, family.id));
      if (!isUuid(workerId) || !workers.some((w) => w.id === workerId)) throw notFound();
      // Someone who has left cannot work with the family: they do not count as the last one.
      const able = workers.filter((w) => !w.personLeft);
      if (workers.length === 1 || (able.length === 1 && able[0]!.id === workerId))
        throw new Refusal({
          form: 'Someone must always be working with the family. Allocate another practitioner or team first.',
        });
      await store.endWorker(tx, partnershipId, family.id, workerId, ctx.now);
      return { ok: true, id: workerId, stillVisible: await stillVisible(tx, ctx, family.id) };
    }),
  );
}

// For other capabilities, on their own transaction, once they have opened the family
// (openFamily): the family's audit row is theirs, these add their own.

/** The people allocated to the family themselves (not through a team, not coordinators). */
export async function allocatedPeople(tx: Db, ctx: ServiceContext, familyId: string) {
  return store.allocatedPeople(tx, partnershipOf(ctx), familyId);
}

/**
 * Records a family group conference's independent coordinator as working with the family, so
 * they can open its record. One row however many of the family's conferences they coordinate.
 */
export async function recordCoordinator(
  tx: Db,
  ctx: ServiceContext,
  familyId: string,
  personId: string,
) {
  const partnershipId = partnershipOf(ctx);
  if (await store.findPersonRow(tx, partnershipId, familyId, personId, 'coordinator')) return;
  const [row] = await store.insertWorkers(
    tx,
    partnershipId,
    familyId,
    [{ personId, role: 'coordinator' }],
    ctx.now,
  );
  await audit(tx, ctx, {
    action: 'family.coordinator_started',
    recordType: 'family_worker',
    recordId: row!.id,
  });
}

/**
 * Ends a coordinator's row (kept, with its end date). The caller decides when: they no longer
 * coordinate any of the family's conferences that are still going ahead.
 */
export async function endCoordinator(
  tx: Db,
  ctx: ServiceContext,
  familyId: string,
  personId: string,
) {
  const partnershipId = partnershipOf(ctx);
  const row = await store.findPersonRow(tx, partnershipId, familyId, personId, 'coordinator');
  if (!row) return;
  await store.endWorker(tx, partnershipId, familyId, row.id, ctx.now);
  await audit(tx, ctx, {
    action: 'family.coordinator_ended',
    recordType: 'family_worker',
    recordId: row.id,
  });
}
