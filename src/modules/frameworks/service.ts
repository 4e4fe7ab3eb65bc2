import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { notFound } from '../../platform/http/errors.js';
import { Refusal } from '../../platform/http/forms.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { kinds, maySitUnder } from './kinds.js';
import type { FrameworkDetails, ItemPatch, NewItem } from './schemas.js';
import * as store from './store.js';
import type { FrameworkItem, ItemKind } from './tables.js';
import { buildTree, subtreeOf, type FrameworkTree } from './tree.js';
import { UUID } from '../../platform/http/ids.js';

// The rules of a practice framework. An item that has been used is never deleted, only
// retired, so records that refer to it (a meeting's questions, say) keep their meaning.

export function partnershipOf(ctx: Pick<ServiceContext, 'actor'>): string {
  const id = ctx.actor.partnershipId;
  if (!id) throw notFound();
  return id;
}

const recordOf = (item: FrameworkItem) => ({ recordType: 'framework_item', recordId: item.id });

export async function readFramework(
  ctx: ServiceContext,
  opts: { includeRetired?: boolean } = {},
): Promise<FrameworkTree> {
  const partnershipId = partnershipOf(ctx);
  const [framework, rows] = await Promise.all([
    store.findFramework(ctx.db, partnershipId),
    store.listItems(ctx.db, partnershipId),
  ]);
  return buildTree(framework, rows, { includeRetired: opts.includeRetired ?? false });
}

/** One item of the actor's partnership; another partnership's id is simply not found. */
export async function getItem(ctx: ServiceContext, id: string, db: Db = ctx.db) {
  if (!UUID.test(id)) throw notFound();
  const item = await store.findItem(db, partnershipOf(ctx), id);
  if (!item) throw notFound();
  return item;
}

/** What a "we are / we will" pair becomes for a kind that has none: nothing. */
const pair = (kind: ItemKind, v: { weAre?: string; weWill?: string }) =>
  kinds[kind].weAreWeWill
    ? {
        ...(v.weAre !== undefined && { weAre: v.weAre || null }),
        ...(v.weWill !== undefined && { weWill: v.weWill || null }),
      }
    : {};

export async function addItem(ctx: ServiceContext, kind: ItemKind, input: NewItem) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    await store.ensureFramework(tx, partnershipId, ctx.now);
    const parent = input.parentId ? await getItem(ctx, input.parentId, tx) : null;
    if (!maySitUnder(kind, parent?.kind ?? null)) {
      throw new Refusal({
        parentId: parent
          ? `A ${kinds[kind].label} cannot go under a ${kinds[parent.kind].label}`
          : `A ${kinds[kind].label} must go under a ${kinds[kinds[kind].parents[0]!].label}`,
      });
    }
    const item = await store.insertItem(tx, {
      partnershipId,
      kind,
      parentId: parent?.id ?? null,
      name: input.name,
      description: input.description,
      ...pair(kind, input),
      position: await store.nextPosition(tx, partnershipId, parent?.id ?? null, kind),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await audit(tx, ctx, { action: 'framework_item.created', ...recordOf(item) });
    return item;
  });
}

export async function editItem(ctx: ServiceContext, id: string, patch: ItemPatch) {
  return ctx.db.transaction(async (tx) => {
    const item = await getItem(ctx, id, tx);
    const updated = await store.updateItem(tx, item.partnershipId, item.id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...pair(item.kind, patch),
      updatedAt: ctx.now,
    });
    await audit(tx, ctx, { action: 'framework_item.updated', ...recordOf(item) });
    return updated!;
  });
}

/** Swaps an item with its neighbour among items of its kind under the same parent. */
export async function moveItem(ctx: ServiceContext, id: string, direction: 'up' | 'down') {
  return ctx.db.transaction(async (tx) => {
    const item = await getItem(ctx, id, tx);
    const other = await store.neighbour(tx, item, direction);
    if (!other) return item; // already first or last: nothing to do
    await store.updateItem(tx, item.partnershipId, item.id, { position: other.position });
    await store.updateItem(tx, item.partnershipId, other.id, { position: item.position });
    await audit(tx, ctx, { action: `framework_item.moved_${direction}`, ...recordOf(item) });
    return item;
  });
}

export async function retireItem(ctx: ServiceContext, id: string) {
  return ctx.db.transaction(async (tx) => {
    const item = await getItem(ctx, id, tx);
    if (item.retiredAt) return item;
    const updated = await store.updateItem(tx, item.partnershipId, item.id, {
      retiredAt: ctx.now,
      updatedAt: ctx.now,
    });
    await audit(tx, ctx, { action: 'framework_item.retired', ...recordOf(item) });
    return updated!;
  });
}

export async function restoreItem(ctx: ServiceContext, id: string) {
  return ctx.db.transaction(async (tx) => {
    const item = await getItem(ctx, id, tx);
    if (!item.retiredAt) return item;
    const updated = await store.updateItem(tx, item.partnershipId, item.id, {
      retiredAt: null,
      updatedAt: ctx.now,
    });
    await audit(tx, ctx, { action: 'framework_item.restored', ...recordOf(item) });
    return updated!;
  });
}

/** True when the item or anything under it has been used. */
export async function isInUse(db: Db, item: FrameworkItem) {
  const rows = await store.listItems(db, item.partnershipId);
  return subtreeOf(rows, item.id).some((r) => r.usedAt !== null);
}

export type RemoveResult = { ok: true } | { ok: false; reason: 'used' };

/** Deletes an item never used (with what is under it); a used one can only be retired. */
export async function removeItem(ctx: ServiceContext, id: string): Promise<RemoveResult> {
  return ctx.db.transaction(async (tx) => {
    const item = await getItem(ctx, id, tx);
    if (await isInUse(tx, item)) return { ok: false, reason: 'used' } as const;
    await store.deleteItem(tx, item.partnershipId, item.id);
    await audit(tx, ctx, { action: 'framework_item.removed', ...recordOf(item) });
    return { ok: true } as const;
  });
}

/**
 * Called by other modules, in their own transaction, when a record starts to refer to an item
 * (a question asked in a meeting, a principle a plan names). From then on it is never deleted.
 */
export async function markItemUsed(tx: Db, ctx: ServiceContext, id: string) {
  const item = await getItem(ctx, id, tx);
  if (item.usedAt) return item;
  const updated = await store.updateItem(tx, item.partnershipId, item.id, { usedAt: ctx.now });
  await audit(tx, ctx, { action: 'framework_item.used', ...recordOf(item) });
  return updated!;
}
export const markQuestionUsed = markItemUsed;

export async function updateDetails(ctx: ServiceContext, details: FrameworkDetails) {
  const partnershipId = partnershipOf(ctx);
  await ctx.db.transaction(async (tx) => {
    await store.ensureFramework(tx, partnershipId, ctx.now);
    await store.updateFramework(tx, partnershipId, details, ctx.now);
    await audit(tx, ctx, {
      action: 'framework.details_updated',
      recordType: 'framework',
      recordId: partnershipId,
    });
  });
}
