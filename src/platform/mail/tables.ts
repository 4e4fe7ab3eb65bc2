import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const outboxStatuses = ['pending', 'sending', 'sent', 'local', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Every email is written here in the same transaction as the change that caused it, then
 * delivered by a job. With no SMTP server configured a message stays here as 'local', and a
 * partnership admin reads it in the app.
 */
export const outbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipId: uuid('partnership_id'),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('body_text').notNull(),
    attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When a delivery run last claimed it: a message 'sending' long after this was interrupted. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_partnership_idx').on(t.partnershipId, t.createdAt)],
);
