import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 from the same zod schemas the pages use; only /api routes are described. */
export async function openApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Doing With API',
        version: '1.0.0',
        description:
          'The JSON API of Doing With. Authenticate with "Authorization: Bearer <token>" using a ' +
          'service-account token created by a partnership admin. Errors are application/problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => {
      if (!input.url.startsWith('/api/')) return { schema: { hide: true }, url: input.url };
      return jsonSchemaTransform(input);
    },
  });
  app.get('/api/v1/openapi.json', { config: { policy: 'member' } }, async () => app.swagger());
}
