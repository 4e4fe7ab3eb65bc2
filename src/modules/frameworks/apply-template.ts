import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import type { ApplyMode } from './schemas.js';
import * as store from './store.js';
import { templateByKey, type TemplateItem, type TemplateKey } from './templates/index.js';
import { subtreeOf } from './tree.js';
import { partnershipOf } from './service.js';

/**
 * Applies a starting template on a transaction, without auditing: for the demo seed, and
 * for applyTemplate below.
 *
 * "add" puts the template's items after what the framework already has.
 * "replace" first clears the framework: whatever was never used is deleted; anything used
 * (or with something used under it) is retired instead, so older records still make sense.
 */
export async function applyTemplateOn(
  tx: Db,
  partnershipId: string,
  key: TemplateKey,
  mode: ApplyMode,
  now: Date,
) {
  const template = templateByKey(key);
  const framework = await store.ensureFramework(tx, partnershipId, now);
  if (mode === 'replace') await clearFramework(tx, partnershipId, now);

  const insertAll = async (items: TemplateItem[], parentId: string | null) => {
    const next = new Map<string, number>();
    for (const t of items) {
      const position =
        next.get(t.kind) ?? (await store.nextPosition(tx, partnershipId, parentId, t.kind));
      next.set(t.kind, position + 1);
      const row = await store.insertItem(tx, {
        partnershipId,
        kind: t.kind,
        parentId,
        name: t.name,
        description: t.description ?? '',
        weAre: t.weAre ?? null,
        weWill: t.weWill ?? null,
        position,
        createdAt: now,
        updatedAt: now,
      });
      if (t.children?.length) await insertAll(t.children, row.id);
    }
  };
  await insertAll(template.items, null);

  await store.updateFramework(
    tx,
    partnershipId,
    { templateKey: key, credit: creditAfter(framework.credit, template.credit, mode) },
    now,
  );
}

/** Adding keeps the credits already there; replacing keeps only the new template's. */
function creditAfter(current: string, credit: string, mode: ApplyMode) {
  if (mode === 'replace' || !current.trim()) return credit;
  return current.includes(credit) ? current : `${current}\n\n${credit}`;
}

async function clearFramework(tx: Db, partnershipId: string, now: Date) {
  const rows = await store.listItems(tx, partnershipId);
  for (const root of rows.filter((r) => r.parentId === null)) {
    const used = subtreeOf(rows, root.id).some((r) => r.usedAt !== null);
    if (!used) await store.deleteItem(tx, partnershipId, root.id);
    else if (!root.retiredAt)
      await store.updateItem(tx, partnershipId, root.id, { retiredAt: now, updatedAt: now });
  }
}

export async function applyTemplate(ctx: ServiceContext, key: TemplateKey, mode: ApplyMode) {
  const partnershipId = partnershipOf(ctx);
  await ctx.db.transaction(async (tx) => {
    await applyTemplateOn(tx, partnershipId, key, mode, ctx.now);
    await audit(tx, ctx, {
      action: `framework.template_applied.${key}.${mode}`,
      recordType: 'framework',
      recordId: partnershipId,
    });
  });
}
