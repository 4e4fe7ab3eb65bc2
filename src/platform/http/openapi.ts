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
    transformObject: (documents) =>
      problemContent(
        'openapiObject' in documents ? documents.openapiObject : documents.swaggerObject,
      ),
  });
  app.get('/api/v1/openapi.json', { config: { policy: 'member' } }, async () => app.swagger());
}

type Responses = Record<string, { content?: Record<string, unknown> }>;

/**
 * Refusals are sent as application/problem+json (sendProblem); the route schemas can only say
 * application/json, so the document names the media type a client will actually receive.
 */
function problemContent<T extends { paths?: object }>(doc: T): T {
  for (const operations of Object.values(doc.paths ?? {}) as Record<string, unknown>[]) {
    for (const op of Object.values(operations) as { responses?: Responses }[]) {
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) < 400 || !json) continue;
        response.content = { 'application/problem+json': json };
      }
    }
  }
  return doc;
}
