import type { Role } from '../tenancy/tables.js';

/** Whoever is making a request: a signed-in person, an API service account, or nobody. */
export interface Actor {
  kind: 'person' | 'service' | 'anonymous';
  /** The person's id, or the API token's id for a service account. */
  id: string | null;
  partnershipId: string | null;
  name: string;
  roles: readonly Role[];
  organisationId: string | null;
  teamIds: readonly string[];
}

export const anonymous: Actor = {
  kind: 'anonymous',
  id: null,
  partnershipId: null,
  name: '',
  roles: [],
  organisationId: null,
  teamIds: [],
};

/** A signed-in person or service account: always belongs to one partnership. */
export type Member = Actor & { kind: 'person' | 'service'; id: string; partnershipId: string };

export function isMember(actor: Actor): actor is Member {
  return actor.kind !== 'anonymous' && actor.id !== null && actor.partnershipId !== null;
}

export function hasRole(actor: Actor, ...wanted: Role[]): boolean {
  return actor.roles.some((r) => wanted.includes(r));
}

/**
 * The person acting, for "who did it" columns that point at people: null for a service account
 * (an API token), whose changes are attributed to it by the audit log instead.
 */
export const personIdOf = (actor: Actor): string | null =>
  actor.kind === 'person' ? actor.id : null;
