import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../platform/http/api.js';
import { notFound } from '../../platform/http/errors.js';
import { kinds } from './kinds.js';
import { idParams, itemPatchSchema, newItemSchema } from './schemas.js';
import { addItem, editItem, getItem, readFramework } from './service.js';
import { itemKinds, type FrameworkItem } from './tables.js';
import type { ItemNode } from './tree.js';

// The practice framework as JSON, for other systems: the same services and schemas as the pages.

const itemJson = (i: FrameworkItem) => ({
  id: i.id,
  kind: i.kind,
  parentId: i.parentId,
  name: i.name,
  description: i.description,
  weAre: i.weAre,
  weWill: i.weWill,
  position: i.position,
  usedAt: i.usedAt?.toISOString() ?? null,
  retiredAt: i.retiredAt?.toISOString() ?? null,
});
type ItemJson = ReturnType<typeof itemJson> & { children: ItemJson[] };
const nodeJson = (n: ItemNode): ItemJson => ({
  ...itemJson(n),
  children: n.children.map(nodeJson),
});

const itemResponse = z.object({
  id: z.uuid(),
  kind: z.enum(itemKinds),
  parentId: z.uuid().nullable(),
  name: z.string(),
  description: z.string(),
  weAre: z.string().nullable(),
  weWill: z.string().nullable(),
  position: z.number().int(),
  usedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
type Node = z.infer<typeof itemResponse> & { children: Node[] };
const nodeResponse: z.ZodType<Node> = itemResponse.extend({
  children: z.array(z.lazy(() => nodeResponse)),
});

const frameworkResponse = z.object({
  name: z.string(),
  credit: z.string(),
  templateKey: z.string().nullable(),
  principles: z.array(nodeResponse),
  values: z.array(nodeResponse),
  concepts: z.array(nodeResponse),
  questionSets: z.array(nodeResponse),
});

export async function frameworkApi(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/framework',
    {
      config: { policy: 'member' },
      schema: {
        summary: 'The partnership’s practice framework, without retired items',
        querystring: z.object({ includeRetired: z.enum(['true', 'false']).optional() }),
        response: { 200: frameworkResponse, ...problems },
      },
    },
    async (request) => {
      const f = await readFramework(request.ctx, {
        includeRetired: request.query.includeRetired === 'true',
      });
      return {
        name: f.name,
        credit: f.credit,
        templateKey: f.templateKey,
        principles: f.principles.map(nodeJson),
        values: f.values.map(nodeJson),
        concepts: f.concepts.map(nodeJson),
        questionSets: f.questionSets.map(nodeJson),
      };
    },
  );

  // POST and PATCH for each kind: /framework/principles, /framework/questions, ...
  for (const kind of itemKinds) {
    const { plural, label } = kinds[kind];
    app.post(
      `/framework/${plural}`,
      {
        config: { policy: 'partnershipAdmin' },
        schema: {
          summary: `Add a ${label}`,
          body: newItemSchema(kind),
          response: { 201: itemResponse, ...problems },
        },
      },
      async (request, reply) => {
        const item = await addItem(request.ctx, kind, request.body);
        return reply.status(201).send(itemJson(item));
      },
    );

    app.patch(
      `/framework/${plural}/:id`,
      {
        config: { policy: 'partnershipAdmin' },
        schema: {
          summary: `Change a ${label}`,
          params: idParams,
          body: itemPatchSchema(kind),
          response: { 200: itemResponse, ...problems },
        },
      },
      async (request) => {
        const existing = await getItem(request.ctx, request.params.id);
        // A principle's id under /questions is not a question: not found, as for any other id.
        if (existing.kind !== kind) throw notFound();
        return itemJson(await editItem(request.ctx, existing.id, request.body));
      },
    );
  }
}
