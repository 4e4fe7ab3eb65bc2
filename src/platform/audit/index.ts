import type { Db } from '../db/index.js';
import type { Actor } from '../access/actor.js';
import { auditEvents, type AuditOutcome } from './tables.js';

/** What was done to which record. Ids only: the log never holds personal data. */
export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  outcome?: AuditOutcome;
  /** For events with no signed-in actor (a failed sign-in): whose partnership it concerns. */
  partnershipId?: string | null;
}

export interface AuditContext {
  actor: Actor;
  requestId?: string;
}

/**
 * Writes one audit row on the given transaction, so that the change and its row commit or
 * roll back together. The one line every module calls to audit a read or a change.
 */
export async function audit(tx: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const { actor } = ctx;
  const roles = [...actor.roles].sort().join(',');
  await tx.insert(auditEvents).values({
    partnershipId: entry.partnershipId ?? actor.partnershipId,
    actorId: actor.id,
    // A service account (API token) says so on the row itself: "service:practitioner".
    actorRole:
      actor.kind === 'service' ? `service${roles ? `:${roles}` : ''}` : roles || actor.kind,
    actorOrganisationId: actor.organisationId,
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId ?? null,
    outcome: entry.outcome ?? 'allowed',
    requestId: ctx.requestId ?? null,
  });
}
