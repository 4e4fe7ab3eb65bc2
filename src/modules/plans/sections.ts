import { and, asc, eq, isNull, max } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden, HttpError, notFound } from '../../platform/http/errors.js';

import { planSections } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// A partnership's plan sections. Each partnership starts with the three the family-led plan is
// built around; its admins rename, add, reorder and retire them. A retired section keeps its
// entries on old plans; new entries cannot go in it.

export const DEFAULT_SECTIONS = [
  'What we are worried about',
  'What is working well',
  'What needs to happen',
];

export type Section = typeof planSections.$inferSelect;

/** Every section, retired ones included, in order; the defaults are added on first use. */
export async function allSections(tx: Db, partnershipId: string): Promise<Section[]> {
  const load = () =>
    tx
      .select()
      .from(planSections)
      .where(eq(planSections.partnershipId, partnershipId))
      .orderBy(asc(planSections.position), asc(planSections.createdAt));
  const rows = await load();
  if (rows.length) return rows;
  await tx
    .insert(planSections)
    .values(DEFAULT_SECTIONS.map((title, i) => ({ partnershipId, title, position: i + 1 })))
    .onConflictDoNothing();
  return load();
}

export async function currentSections(tx: Db, partnershipId: string) {
  return (await allSections(tx, partnershipId)).filter((s) => !s.retiredAt);
}

const adminOf = (ctx: ServiceContext) => {
  if (!ctx.actor.partnershipId || !ctx.actor.roles.includes('admin')) throw forbidden();
  return ctx.actor.partnershipId;
};

const TAKEN = 'There is already a section with that name';

async function titleTaken(tx: Db, partnershipId: string, title: string, except?: string) {
  const rows = await allSections(tx, partnershipId);
  return rows.some((s) => s.id !== except && s.title.toLowerCase() === title.toLowerCase());
}

export async function addSection(ctx: ServiceContext, title: string) {
  const partnershipId = adminOf(ctx);
  return ctx.db.transaction(async (tx) => {
    if (await titleTaken(tx, partnershipId, title))
      return { ok: false as const, errors: { title: TAKEN } };
    const [{ last }] = (await tx
      .select({ last: max(planSections.position) })
      .from(planSections)
      .where(eq(planSections.partnershipId, partnershipId))) as [{ last: number | null }];
    const [row] = await tx
      .insert(planSections)
      .values({ partnershipId, title, position: (last ?? 0) + 1 })
      .returning();
    await audit(tx, ctx, {
      action: 'plan_section.added',
      recordType: 'plan_section',
      recordId: row!.id,
    });
    return { ok: true as const, id: row!.id };
  });
}

async function findSection(tx: Db, partnershipId: string, id: string) {
  const [row] = isUuid(id)
    ? await tx
        .select()
        .from(planSections)
        .where(and(eq(planSections.id, id), eq(planSections.partnershipId, partnershipId)))
    : [];
  if (!row) throw notFound();
  return row;
}

export async function viewSection(ctx: ServiceContext, id: string) {
  const partnershipId = adminOf(ctx);
  return findSection(ctx.db, partnershipId, id);
}

export async function renameSection(ctx: ServiceContext, id: string, title: string) {
  const partnershipId = adminOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const section = await findSection(tx, partnershipId, id);
    if (await titleTaken(tx, partnershipId, title, section.id))
      return { ok: false as const, errors: { [`title-${section.id}`]: TAKEN } };
    await tx.update(planSections).set({ title }).where(eq(planSections.id, section.id));
    await audit(tx, ctx, {
      action: 'plan_section.renamed',
      recordType: 'plan_section',
      recordId: section.id,
    });
    return { ok: true as const, id: section.id };
  });
}

/** Swaps a section with its neighbour above or below, among the current ones. */
export async function moveSection(ctx: ServiceContext, id: string, direction: 'up' | 'down') {
  const partnershipId = adminOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const rows = await currentSections(tx, partnershipId);
    const at = rows.findIndex((s) => s.id === id);
    if (at < 0) throw notFound();
    const other = rows[direction === 'up' ? at - 1 : at + 1];
    if (!other) return;
    // Renumber all, so equal positions (never expected) cannot make a swap do nothing.
    const order = rows.map((s) => s.id);
    order[at] = other.id;
    order[direction === 'up' ? at - 1 : at + 1] = id;
    for (const [i, sid] of order.entries())
      await tx
        .update(planSections)
        .set({ position: i + 1 })
        .where(eq(planSections.id, sid));
    await audit(tx, ctx, {
      action: 'plan_section.moved',
      recordType: 'plan_section',
      recordId: id,
    });
  });
}

export async function retireSection(ctx: ServiceContext, id: string) {
  const partnershipId = adminOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const section = await findSection(tx, partnershipId, id);
    // Plans need somewhere to write: a meeting's agreed outcome goes in the last section.
    const current = await currentSections(tx, partnershipId);
    if (current.length === 1 && current[0]!.id === section.id)
      throw new HttpError(
        409,
        'Plans need at least one section. Add another section before you retire this one.',
      );
    await tx
      .update(planSections)
      .set({ retiredAt: ctx.now })
      .where(and(eq(planSections.id, section.id), isNull(planSections.retiredAt)));
    await audit(tx, ctx, {
      action: 'plan_section.retired',
      recordType: 'plan_section',
      recordId: section.id,
    });
  });
}
