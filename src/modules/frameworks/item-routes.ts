import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validateForm } from '../../platform/http/forms.js';
import { notFound } from '../../platform/http/errors.js';
import { kinds, maySitUnder } from './kinds.js';
import { itemFieldsSchema, kindSchema, moveSchema, newItemSchema } from './schemas.js';
import {
  editItem,
  getItem,
  isInUse,
  moveItem,
  removeItem,
  restoreItem,
  retireItem,
  addItem,
} from './service.js';
import type { FrameworkItem, ItemKind } from './tables.js';

const admin = { config: { policy: 'partnershipAdmin' as const } };
const FORM = 'frameworks/views/item-form.njk';
const backTo = (item?: Pick<FrameworkItem, 'id'> | null) =>
  item ? `/framework/manage#item-${item.id}` : '/framework/manage';

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

function kindOf(request: FastifyRequest): ItemKind {
  const parsed = kindSchema.safeParse((request.params as { kind: string }).kind);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** Adding, editing, ordering, retiring, restoring and removing one item of the framework. */
export async function itemRoutes(app: FastifyInstance) {
  // The parent a new item goes under; a kind that cannot go there has no such page.
  const parentOf = async (request: FastifyRequest, kind: ItemKind, id: unknown) => {
    const parent = typeof id === 'string' && id ? await getItem(request.ctx, id) : null;
    if (!maySitUnder(kind, parent?.kind ?? null)) throw notFound();
    return parent;
  };

  app.get('/framework/add/:kind', admin, async (request, reply) => {
    const kind = kindOf(request);
    const parent = await parentOf(request, kind, (request.query as { parent?: string }).parent);
    return reply.page(FORM, {
      kind,
      rules: kinds[kind],
      parent,
      parentRules: parent ? kinds[parent.kind] : null,
      values: { parentId: parent?.id ?? '' },
      backLink: backTo(parent),
    });
  });

  app.post('/framework/add/:kind', admin, async (request, reply) => {
    const kind = kindOf(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const parent = await parentOf(request, kind, body.parentId);
    const form = validateForm(newItemSchema(kind), body);
    if (!form.ok) {
      return reply.status(400).page(FORM, {
        kind,
        rules: kinds[kind],
        parent,
        parentRules: parent ? kinds[parent.kind] : null,
        ...form,
        values: body,
        backLink: backTo(parent),
      });
    }
    const item = await addItem(request.ctx, kind, form.data);
    return reply.redirect(backTo(item), 303);
  });

  app.get('/framework/items/:id/edit', admin, async (request, reply) => {
    const item = await getItem(request.ctx, idOf(request));
    return reply.page(FORM, {
      kind: item.kind,
      rules: kinds[item.kind],
      item,
      values: item,
      backLink: backTo(item),
    });
  });

  app.post('/framework/items/:id/edit', admin, async (request, reply) => {
    const item = await getItem(request.ctx, idOf(request));
    const form = validateForm(itemFieldsSchema(item.kind), request.body);
    if (!form.ok)
      return reply.status(400).page(FORM, {
        kind: item.kind,
        rules: kinds[item.kind],
        item,
        ...form,
        values: request.body ?? {},
        backLink: backTo(item),
      });
    await editItem(request.ctx, item.id, form.data);
    return reply.redirect(backTo(item), 303);
  });

  app.post('/framework/items/:id/move', admin, async (request, reply) => {
    const form = validateForm(moveSchema, request.body);
    const item = await getItem(request.ctx, idOf(request));
    if (form.ok) await moveItem(request.ctx, item.id, form.data.direction);
    return reply.redirect(backTo(item), 303);
  });

  app.get('/framework/items/:id/retire', admin, async (request, reply) => {
    const item = await getItem(request.ctx, idOf(request));
    return reply.page('frameworks/views/item-retire.njk', {
      item,
      rules: kinds[item.kind],
      backLink: backTo(item),
    });
  });

  app.post('/framework/items/:id/retire', admin, async (request, reply) => {
    const item = await retireItem(request.ctx, idOf(request));
    return reply.redirect(backTo(item), 303);
  });

  app.post('/framework/items/:id/restore', admin, async (request, reply) => {
    const item = await restoreItem(request.ctx, idOf(request));
    return reply.redirect(backTo(item), 303);
  });

  app.get('/framework/items/:id/remove', admin, async (request, reply) => {
    const item = await getItem(request.ctx, idOf(request));
    return reply.page('frameworks/views/item-remove.njk', {
      item,
      rules: kinds[item.kind],
      inUse: await isInUse(request.ctx.db, item),
      backLink: backTo(item),
    });
  });

  app.post('/framework/items/:id/remove', admin, async (request, reply) => {
    const item = await getItem(request.ctx, idOf(request));
    const result = await removeItem(request.ctx, item.id);
    if (!result.ok)
      return reply.status(409).page('frameworks/views/item-remove.njk', {
        item,
        rules: kinds[item.kind],
        inUse: true,
        backLink: backTo(item),
      });
    return reply.redirect(backTo(item.parentId ? { id: item.parentId } : null), 303);
  });
}
