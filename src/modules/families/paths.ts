import type { FastifyRequest } from 'fastify';

// Shared by the family pages: where things are, and the path's ids as given.
// Ids are passed to the services unchecked: openFamily refuses (and audits) one it cannot open.

export const signedIn = { policy: 'signedIn' as const };
export const view = (name: string) => `families/views/${name}.njk`;
export const familyPath = (id: string) => `/families/${id}`;

export function paramsOf(request: FastifyRequest) {
  const p = request.params as { id?: string; itemId?: string };
  return { familyId: p.id ?? '', itemId: p.itemId ?? '' };
}

/** The confirmation message to show once, from ?done= after a redirect. */
export const doneOf = (request: FastifyRequest) =>
  (request.query as { done?: string } | undefined)?.done;
