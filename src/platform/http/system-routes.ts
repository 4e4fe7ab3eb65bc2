import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/index.js';

export async function systemRoutes(app: FastifyInstance, opts: { database: Database }) {
  // For load balancers: 200 when the database answers, 503 when it does not.
  app.get('/health', { config: { policy: 'public', static: true } }, async (_request, reply) => {
    const database = (await opts.database.ping()) ? 'ok' : 'unreachable';
    return reply
      .status(database === 'ok' ? 200 : 503)
      .send({ status: database === 'ok' ? 'ok' : 'degraded', database });
  });
  app.get('/accessibility', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.page('legal/accessibility.njk'),
  );
  app.get('/privacy', { config: { policy: 'public' } }, async (_request, reply) =>
    reply.page('legal/privacy.njk'),
  );
}
