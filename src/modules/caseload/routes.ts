import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listPage, pagination, searchWords, showing } from '../../platform/http/paging.js';
import { choices } from '../practice/labels.js';
import * as service from './service.js';
import { UUID } from '../../platform/http/ids.js';

// The practitioner's caseload and the manager's team view. Both searchable and paginated.

export const caseloadQuerySchema = z.object({
  q: searchWords(100),
  page: listPage,
  team: z.string().regex(UUID).optional().catch(undefined),
});

const view = (name: string) => `caseload/views/${name}.njk`;

export async function caseloadRoutes(app: FastifyInstance) {
  app.get('/caseload', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const query = caseloadQuerySchema.parse(request.query ?? {});
    const page = await service.caseload(request.ctx, query);
    return reply.page(view('caseload'), {
      query,
      page,
      showing: showing(page),
      pagination: pagination('/caseload', query, page),
    });
  });

  app.get('/team', { config: { policy: 'manager' } }, async (request, reply) => {
    const query = caseloadQuerySchema.parse(request.query ?? {});
    const team = await service.teamView(request.ctx, query);
    return reply.page(view('team'), {
      query,
      ...team,
      showing: team.page ? showing(team.page) : null,
      pagination: team.page ? pagination('/team', query, team.page) : null,
      kindLabels: choices.kindLabels,
    });
  });
}
