import type { FastifyInstance } from 'fastify';
import { peopleRoutes } from './people-routes.js';
import { structureRoutes } from './structure-routes.js';

// The partnership admin's pages: the hub, the partnership's structure, and its people.
export async function partnershipRoutes(app: FastifyInstance) {
  app.get('/admin', { config: { policy: 'partnershipAdmin' } }, async (_request, reply) =>
    reply.page('partnership/views/hub.njk'),
  );
  await app.register(structureRoutes);
  await app.register(peopleRoutes);
}
