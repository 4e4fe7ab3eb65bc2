import type { FastifyRequest } from 'fastify';

// Shared by the meeting pages: where things are, and the path's ids as given. Ids go to the
// services unchecked: openFamily and openMeeting refuse (and audit) what the actor may not see.

export const signedIn = { policy: 'signedIn' as const };
export const view = (name: string) => `meetings/views/${name}.njk`;
export const meetingPath = (id: string, tab = '') => `/meetings/${id}${tab ? `/${tab}` : ''}`;

export function paramsOf(request: FastifyRequest) {
  const p = request.params as { id?: string; participantId?: string };
  return { id: p.id ?? '', participantId: p.participantId ?? '' };
}

/** The confirmation message to show once, from ?done= after a redirect. */
export const doneOf = (request: FastifyRequest) =>
  (request.query as { done?: string } | undefined)?.done;
