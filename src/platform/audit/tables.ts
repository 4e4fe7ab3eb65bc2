import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const auditOutcomes = ['allowed', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * Append-only and hash-chained: each partnership's rows form eight chains, a transaction's rows
 * all on one of them (ADR 0002). A trigger (migrations 0001, audit_chains) fills chain,
 * prev_hash and hash on insert; others refuse UPDATE, DELETE and TRUNCATE. No personal data: ids
 * only.
 * No foreign keys, so that no retirement or clean-up elsewhere can ever touch a row here.
 * `seq` is declared bigserial so that inserts leave it out, but the column has no default
 * (migration audit_seq_default): the trigger takes the next number, and only the trigger.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    partnershipId: uuid('partnership_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    actorOrganisationId: uuid('actor_organisation_id'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
    requestId: text('request_id'),
    /** Which of the partnership's chains the row is on (0 to 7, checked): the trigger sets it. */
    chain: smallint('chain').notNull().default(0),
    prevHash: text('prev_hash').notNull().default(''),
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    index('audit_events_chain_idx').on(t.partnershipId, t.seq),
    // The trigger's look-up of a chain's last row.
    index('audit_events_chain_last_idx').on(t.partnershipId, t.chain, t.seq),
    index('audit_events_partnership_at_idx').on(t.partnershipId, t.at),
    index('audit_events_record_idx').on(t.partnershipId, t.recordType, t.recordId),
    index('audit_events_actor_idx').on(t.partnershipId, t.actorId),
    check('audit_events_chain_ck', sql`${t.chain} between 0 and 7`),
  ],
);
