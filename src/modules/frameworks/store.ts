import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { frameworkItems, frameworks, type FrameworkItem, type ItemKind } from './tables.js';

// The queries on the framework tables. Every one filters on the partnership.

export async function findFramework(db: Db, partnershipId: string) {
  const [row] = await db
    .select()
    .from(frameworks)
    .where(eq(frameworks.partnershipId, partnershipId));
  return row ?? null;
}

/** The partnership's framework row, made on first use (items hang off it). */
export async function ensureFramework(db: Db, partnershipId: string, now: Date) {
  await db
    .insert(frameworks)
    .values({ partnershipId, name: 'Our practice framework', createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  return (await findFramework(db, partnershipId))!;
}

export async function updateFramework(
  db: Db,
  partnershipId: string,
  changes: Partial<Pick<typeof frameworks.$inferInsert, 'name' | 'credit' | 'templateKey'>>,
  now: Date,
) {
  await db
    .update(frameworks)
    .set({ ...changes, updatedAt: now })
    .where(eq(frameworks.partnershipId, partnershipId));
}

/** Every item, in order: frameworks hold tens of items, so the tree is built in memory. */
export function listItems(db: Db, partnershipId: string) {
  return db
    .select()
    .from(frameworkItems)
    .where(eq(frameworkItems.partnershipId, partnershipId))
    .orderBy(asc(frameworkItems.position), asc(frameworkItems.createdAt));
}

export async function findItem(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(frameworkItems)
    .where(and(eq(frameworkItems.partnershipId, partnershipId), eq(frameworkItems.id, id)));
  return row ?? null;
}

const siblingsOf = (partnershipId: string, parentId: string | null, kind: ItemKind) =>
  and(
    eq(frameworkItems.partnershipId, partnershipId),
    parentId ? eq(frameworkItems.parentId, parentId) : isNull(frameworkItems.parentId),
    eq(frameworkItems.kind, kind),
  );

export async function nextPosition(
  db: Db,
  partnershipId: string,
  parentId: string | null,
  kind: ItemKind,
) {
  const [row] = await db
    .select({ top: max(frameworkItems.position) })
    .from(frameworkItems)
    .where(siblingsOf(partnershipId, parentId, kind));
  return (row?.top ?? 0) + 1;
}

/** The sibling just before (up) or after (down) an item, if there is one. */
export async function neighbour(db: Db, item: FrameworkItem, direction: 'up' | 'down') {
  const up = direction === 'up';
  const [row] = await db
    .select()
    .from(frameworkItems)
    .where(
      and(
        siblingsOf(item.partnershipId, item.parentId, item.kind),
        up
          ? sql`${frameworkItems.position} < ${item.position}`
          : sql`${frameworkItems.position} > ${item.position}`,
      ),
    )
    .orderBy(up ? sql`${frameworkItems.position} desc` : asc(frameworkItems.position))
    .limit(1);
  return row ?? null;
}

export async function insertItem(db: Db, values: typeof frameworkItems.$inferInsert) {
  const [row] = await db.insert(frameworkItems).values(values).returning();
  return row!;
}

export async function updateItem(
  db: Db,
  partnershipId: string,
  id: string,
  changes: Partial<typeof frameworkItems.$inferInsert>,
) {
  const [row] = await db
    .update(frameworkItems)
    .set(changes)
    .where(and(eq(frameworkItems.partnershipId, partnershipId), eq(frameworkItems.id, id)))
    .returning();
  return row ?? null;
}

/** Deletes an item and, by the cascade, everything under it. */
export async function deleteItem(db: Db, partnershipId: string, id: string) {
  await db
    .delete(frameworkItems)
    .where(and(eq(frameworkItems.partnershipId, partnershipId), eq(frameworkItems.id, id)));
}
