import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditOutcomes = ['allowed', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * Append-only and hash-chained per partnership. A trigger (migration 0001) fills prev_hash and
 * hash on insert and refuses UPDATE, DELETE and TRUNCATE. No personal data: ids only.
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
    prevHash: text('prev_hash').notNull().default(''),
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    index('audit_events_chain_idx').on(t.partnershipId, t.seq),
    index('audit_events_partnership_at_idx').on(t.partnershipId, t.at),
    index('audit_events_record_idx').on(t.partnershipId, t.recordType, t.recordId),
    index('audit_events_actor_idx').on(t.partnershipId, t.actorId),
  ],
);
