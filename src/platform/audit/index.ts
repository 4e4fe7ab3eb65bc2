import { sql, type SQL } from 'drizzle-orm';
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

/** The row's values: who, with which role and organisation, did what to which record. */
function rowOf(ctx: AuditContext, entry: AuditEntry) {
  const { actor } = ctx;
  const roles = [...actor.roles].sort().join(',');
  return {
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
  };
}

/**
 * Writes one audit row on the given transaction, so that the change and its row commit or
 * roll back together. The one line every module calls to audit a change, or a read made within
 * one; a read on its own uses auditedRead.
 */
export async function audit(tx: Db, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values(rowOf(ctx, entry));
}

/**
 * The audit row of a read of one record, as a common table expression to put before the read
 * (`db.with(auditedRead(...)).select(...)`). One statement is one transaction: the read and its
 * row commit together, in one round trip to the database instead of four (begin, read, row,
 * commit). The row is written only when `found`, a query for the record, finds it: a record not
 * found was not read.
 */
export function auditedRead(db: Db, ctx: AuditContext, entry: AuditEntry, found: SQL) {
  const row = rowOf(ctx, entry);
  const columns = Object.keys(row) as (keyof typeof row)[];
  const names = sql.join(
    columns.map((c) => sql.identifier(auditEvents[c].name)),
    sql`, `,
  );
  const values = sql.join(
    // Typed, as a select's values would otherwise be text.
    columns.map((c) => sql`${row[c]}::${sql.raw(auditEvents[c].getSQLType())}`),
    sql`, `,
  );
  return db
    .$with('audited', {})
    .as(sql`insert into ${auditEvents} (${names}) select ${values} where exists (${found})`);
}
