import type { FastifyInstance } from 'fastify';
import { actionPlanRoutes } from './action-plan-routes.js';
import { attendanceRoutes } from './attendance-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { feedbackRoutes } from './feedback-routes.js';
import { providerRoutes } from './provider-routes.js';
import { reportRoutes } from './report-routes.js';

/** On the day and after it: the register, sign-in sheet, certificates, action plans, feedback. */
export async function trainingCompletionRoutes(app: FastifyInstance) {
  await app.register(attendanceRoutes);
  await app.register(certificateRoutes);
  await app.register(reportRoutes);
  await app.register(feedbackRoutes);
  await app.register(actionPlanRoutes);
  await app.register(providerRoutes);
}
