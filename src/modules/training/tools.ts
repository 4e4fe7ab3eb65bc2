import type { Actor } from '../../platform/access/actor.js';
import { allows } from '../../platform/access/policies.js';

/** Which of the training team's pages to link for this person (views/_training-tools.njk). */
export const toolsFor = (actor: Actor) => ({
  manager: allows('manager', actor),
  trainer: allows('trainer', actor),
  admin: allows('partnershipAdmin', actor),
});
