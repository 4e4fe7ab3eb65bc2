import { meetingPath } from './paths.js';

// Shared by the family group conference pages.

/** A conference's stages page, or one stage's page under it. */
export const fgcPath = (id: string, stage = '') => meetingPath(id, stage ? `fgc/${stage}` : 'fgc');

export type Body = Record<string, unknown>;
