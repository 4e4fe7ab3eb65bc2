import type { roles } from './tables.js';

/** What each role is called wherever people choose or read it: people, API tokens. */
export const roleLabels: Record<(typeof roles)[number], string> = {
  admin: 'Partnership admin',
  leader: 'Leader',
  manager: 'Manager',
  practitioner: 'Practitioner',
  facilitator: 'Facilitator',
  trainer: 'Trainer',
};
