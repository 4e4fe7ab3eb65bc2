import { and, eq, inArray, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { type Db, rowsOf } from '../db/index.js';
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
  /**
   * Tries once to send each pending message and says how many went. Each is claimed first, so
   * none is ever sent twice; one that fails is tried again by the next run, up to five tries.
   */
  deliverPending(): Promise<number>;
}

const MAX_ATTEMPTS = 5;
const BATCH = 20;
/** Longer than any send can take (nodemailer gives up on a silent server after 10 minutes). */
const STUCK_AFTER = '30 minutes';

export function createMailer(opts: {
  db: Db;
  smtpUrl?: string;
  from: string;
  onError?: (e: unknown) => void;
}): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  let running: Promise<number> | null = null;

  /** Claims a batch not yet tried in this run: a failed send waits for the next run. */
  async function claim(runStart: Date): Promise<(typeof outbox.$inferSelect)[]> {
    return opts.db
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, claimedAt: sql`now()` })
      .where(
        inArray(
          outbox.id,
          sql`(select id from ${outbox} where ${outbox.status} = 'pending'
               and (${outbox.claimedAt} is null or ${outbox.claimedAt} < ${runStart})
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
      return true;
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
      return false;
    }
  }

  async function deliver(): Promise<number> {
    if (!transport) return 0;
    await abandonStuck(opts.db);
    // The database's clock, as claimedAt is: the app's may differ from it.
    const [row] = rowsOf<{ now: Date | string }>(await opts.db.execute(sql`select now() as now`));
    const runStart = new Date(row!.now);
    let sent = 0;
    for (let batch = await claim(runStart); batch.length; batch = await claim(runStart)) {
      for (const m of batch) if (await sendOne(m, transport)) sent += 1;
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

/**
 * Messages claimed by a process that stopped mid-send are marked failed, not retried: the message
 * may have gone, and must never go twice. The outbox page shows them with the reason.
 */
async function abandonStuck(db: Db) {
  await db
    .update(outbox)
    .set({
      status: 'failed',
      lastError: 'Delivery was interrupted. It was not tried again in case it had been sent.',
    })
    .where(
      and(
        eq(outbox.status, 'sending'),
        sql`${outbox.claimedAt} < now() - ${STUCK_AFTER}::interval`,
      ),
    );
}
