import type { FastifyInstance } from 'fastify';
import { planSectionRoutes } from './admin-routes.js';
import { planPageRoutes } from './routes.js';

// Family-led plans: the family's plans, each plan's page, its history, PDF, and the admin page
// for the partnership's plan sections.
export async function planRoutes(app: FastifyInstance) {
  await app.register(planPageRoutes);
  await app.register(planSectionRoutes);
}
