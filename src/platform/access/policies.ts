import { type Actor, hasRole, isMember } from './actor.js';

/**
 * Route-level policies. Every route names one in `config.policy`; a route without one stops
 * the app from starting. Record-level rules (which family, which team) live in each module's
 * policy.ts and are checked in its service.
 */
export const policies = {
  /** Sign-in, password reset, invitations, health, static assets, legal pages. */
  public: () => true,
  signedIn: (a: Actor) => isMember(a) && a.kind === 'person',
  /** Any member, person or API service account. */
  member: (a: Actor) => isMember(a),
  partnershipAdmin: (a: Actor) => isMember(a) && hasRole(a, 'admin'),
  leader: (a: Actor) => isMember(a) && hasRole(a, 'admin', 'leader'),
  manager: (a: Actor) => isMember(a) && hasRole(a, 'admin', 'leader', 'manager'),
  trainer: (a: Actor) => isMember(a) && hasRole(a, 'admin', 'trainer'),
  /** Those who run training groups (action learning sets): trainers, facilitators and admins. */
  facilitator: (a: Actor) => isMember(a) && hasRole(a, 'admin', 'trainer', 'facilitator'),
} satisfies Record<string, (actor: Actor) => boolean>;

export type PolicyName = keyof typeof policies;

export const isPolicyName = (name: unknown): name is PolicyName =>
  typeof name === 'string' && Object.hasOwn(policies, name);

export function allows(name: PolicyName, actor: Actor): boolean {
  return policies[name](actor);
}
