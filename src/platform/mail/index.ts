import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../db/index.js';
import { type MailAttachment, outbox } from './tables.js';

export interface OutgoingMail {
  partnershipId: string | null;
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Writes the message on the caller's transaction: no change commits without its email. */
  queue(tx: Db, mail: OutgoingMail): Promise<string>;
  /** Sends what is pending. Each message is claimed first, so none is ever sent twice. */
  deliverPending(): Promise<number>;
}

const MAX_ATTEMPTS = 5;
const BATCH = 20;

export function createMailer(opts: {
  db: Db;
  smtpUrl?: string;
  from: string;
  onError?: (e: unknown) => void;
}): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  let running: Promise<number> | null = null;

  async function claim(): Promise<(typeof outbox.$inferSelect)[]> {
    return opts.db
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          sql`(select id from ${outbox} where ${outbox.status} = 'pending'
               order by ${outbox.createdAt} limit ${BATCH} for update skip locked)`,
        ),
      )
      .returning();
  }

  async function sendOne(m: typeof outbox.$inferSelect, smtp: nodemailer.Transporter) {
    try {
      await smtp.sendMail({
        from: opts.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      });
      await opts.db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date(), lastError: null })
        .where(eq(outbox.id, m.id));
    } catch (error) {
      const failed = m.attempts >= MAX_ATTEMPTS;
      await opts.db
        .update(outbox)
        .set({
          status: failed ? 'failed' : 'pending',
          lastError: String((error as Error).message).slice(0, 500),
        })
        .where(and(eq(outbox.id, m.id), eq(outbox.status, 'sending')));
      opts.onError?.(error);
    }
  }

  async function deliver(): Promise<number> {
    if (!transport) return 0;
    let sent = 0;
    for (let batch = await claim(); batch.length; batch = await claim()) {
      for (const m of batch) await sendOne(m, transport);
      sent += batch.length;
    }
    return sent;
  }

  return {
    async queue(tx, mail) {
      const [row] = await tx
        .insert(outbox)
        .values({
          ...mail,
          attachments: mail.attachments ?? [],
          status: transport ? 'pending' : 'local',
        })
        .returning({ id: outbox.id });
      return row!.id;
    },
    deliverPending() {
      // One delivery loop at a time in this process; other processes are kept apart by the claim.
      running ??= deliver().finally(() => (running = null));
      return running;
    },
  };
}

/** Messages claimed by a process that died mid-send are not retried, so they can never go twice. */
export async function abandonStuck(db: Db, before: Date) {
  await db
    .update(outbox)
    .set({
      status: 'failed',
      lastError: 'delivery was interrupted; not retried in case it was sent',
    })
    .where(and(eq(outbox.status, 'sending'), lt(outbox.createdAt, before)));
}
