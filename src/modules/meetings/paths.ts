import type { FastifyRequest } from 'fastify';
import type { InviteesTold, RemovalTold } from './invitation-updates.js';

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

/** After a change: how many invitees were emailed it, and how many were invited by letter. */
export const toldQuery = (told?: InviteesTold) =>
  told?.news && (told.emailed || told.byLetter)
    ? `&news=${told.news}&emailed=${told.emailed}&letters=${told.byLetter}`
    : '';

/** The counts toldQuery put on the address, read back for the page's message. */
export function toldOf(request: FastifyRequest): InviteesTold {
  const q = request.query as { news?: string; emailed?: string; letters?: string } | undefined;
  const count = (v?: string) => Math.min(Math.max(Number.parseInt(v ?? '', 10) || 0, 0), 9999);
  const news = (['changed', 'back-on', 'cancelled'] as const).find((n) => n === q?.news);
  return { news, emailed: count(q?.emailed), byLetter: count(q?.letters) };
}

/** After a removal: whether the person removed was emailed, or is the practitioner's to tell. */
export const removalQuery = (told?: RemovalTold | null) => (told ? `&told=${told}` : '');

/** What removalQuery put on the address, read back for the page's message. */
export function removalToldOf(request: FastifyRequest): RemovalTold | null {
  const told = (request.query as { told?: string } | undefined)?.told;
  return (['emailed', 'letter', 'unsent'] as const).find((t) => t === told) ?? null;
}
