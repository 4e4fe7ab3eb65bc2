import type { Db } from '../db/index.js';
import type { Actor } from '../access/actor.js';
import type { Mailer } from '../mail/index.js';
import { forbidden } from './errors.js';

/** Everything a service needs to act on behalf of someone, passed in rather than imported. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  requestId: string;
  now: Date;
  mail: Mailer;
  baseUrl: string;
}

/** The acting member's partnership: every query on a partnership's data is scoped to it. */
export function partnershipOf(ctx: ServiceContext): string {
  const id = ctx.actor.partnershipId;
  if (!id) throw forbidden();
  return id;
}
