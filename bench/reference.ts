import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import view from '@fastify/view';
import nunjucks from 'nunjucks';
import type { Database } from '../src/platform/db/index.js';

// The yardstick: the least a page can do on this machine and this database. A bare Fastify app,
// one primary-key lookup and one small Nunjucks page; no sessions, security headers or layout.
// The app's routes are judged by their ratio to this, measured in the same run.

export async function startReference(
  database: Database,
): Promise<{ origin: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  await app.register(view, {
    engine: { nunjucks },
    templates: fileURLToPath(new URL('./reference', import.meta.url)),
    options: { autoescape: true },
  });
  app.get<{ Params: { id: string } }>('/people/:id', async (request, reply) => {
    const { rows } = await database.query<{
      name: string;
      email: string;
      training_layer: string | null;
    }>('select name, email, training_layer from people where id = $1', [request.params.id]);
    if (!rows[0]) return reply.code(404).send('Not found');
    return reply.type('text/html; charset=utf-8').view('person.njk', { person: rows[0] });
  });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  return { origin, close: () => app.close() };
}
