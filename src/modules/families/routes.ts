import type { FastifyInstance } from 'fastify';
import { familyPageRoutes } from './family-routes.js';
import { memberRoutes } from './member-routes.js';
import { networkRoutes } from './network-routes.js';
import { workerRoutes } from './worker-routes.js';

// The family pages: the caseload, a family's record, its members, its network (with the
// ecomap) and who is working with it. Signed-in people only; which families each person sees
// is the record-level rule in policy.ts, applied by every service call.
export async function familyRoutes(app: FastifyInstance) {
  await app.register(familyPageRoutes);
  await app.register(memberRoutes);
  await app.register(networkRoutes);
  await app.register(workerRoutes);
}
