import type { FastifyInstance } from 'fastify';
import { conferenceRoutes } from './conference-routes.js';
import { fgcRoutes } from './fgc-routes.js';
import { guideRoutes } from './guide-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import { meetingPageRoutes } from './meeting-routes.js';
import { participantRoutes } from './participant-routes.js';

// Restorative meetings (circles, and the shared core for family group conferences and
// restorative conferences): a family's meetings, participants and their preparation,
// invitations, the facilitation guide and the agreed outcome. Every page reaches the meeting
// through its family (openFamily), so a family the actor may not see is a 404, audited.
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(meetingPageRoutes);
  await app.register(participantRoutes);
  await app.register(invitationRoutes);
  await app.register(guideRoutes);
  await app.register(fgcRoutes);
  await app.register(conferenceRoutes);
}
