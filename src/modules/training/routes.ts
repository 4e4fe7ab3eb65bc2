import type { FastifyInstance } from 'fastify';
import { alsRoutes } from './als-routes.js';
import { bookingRoutes } from './booking-routes.js';
import { courseRoutes } from './course-routes.js';
import { approvalRoutes } from './approval-routes.js';
import { equivalenceRoutes } from './equivalence-routes.js';
import { bespokeRoutes } from './bespoke-routes.js';
import { seriesRoutes } from './series-routes.js';
import { sessionRoutes } from './session-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { teamBookingRoutes } from './team-booking-routes.js';

/** The training offer's pages: the catalogue, sessions, booking and "My training". */
export async function trainingRoutes(app: FastifyInstance) {
  await app.register(courseRoutes);
  await app.register(sessionRoutes);
  await app.register(seriesRoutes);
  await app.register(bespokeRoutes);
  await app.register(bookingRoutes);
  await app.register(teamBookingRoutes);
  await app.register(alsRoutes);
  await app.register(equivalenceRoutes);
  await app.register(approvalRoutes);
  await app.register(settingsRoutes);
}
