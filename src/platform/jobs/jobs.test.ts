import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { testDatabase } from '../../../test/support/database.js';
import type { Database } from '../db/index.js';
import { createMailer, type Mailer } from '../mail/index.js';
import { outbox } from '../mail/tables.js';
import { startJobs, type JobRunner } from './index.js';
import { deliverMail } from '../mail/jobs.js';
import { startSmtpServer } from '../../../test/support/smtp.js';

describe('background jobs on pg-boss', () => {
  let database: Database;
  let mail: Mailer;
  let runner: JobRunner;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const runs: Date[] = [];

  before(async () => {
    database = await testDatabase();
    smtp = await startSmtpServer();
    mail = createMailer({ db: database.db, smtpUrl: smtp.url, from: 'test@example.test' });
    runner = await startJobs(
      [
        { name: 'count-runs', cron: '0 0 1 1 *', run: async ({ now }) => void runs.push(now) },
        deliverMail,
      ],
      { database, mail, baseUrl: 'http://localhost', onError: (e) => assert.fail(String(e)) },
    );
  });
  after(async () => {
    await runner.stop();
    await smtp.close();
    await database.close();
  });

  it('runs a job soon after it is triggered, outside its schedule', async () => {
    await runner.trigger('count-runs');
    for (let i = 0; i < 100 && runs.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(runs.length, 1);
  });

  it('delivers queued email over SMTP through the mail job, once', async () => {
    const id = await mail.queue(database.db, {
      partnershipId: null,
      to: 'someone@example.test',
      subject: 'Your session is booked',
      text: 'See you there.',
    });
    await runner.trigger('mail-deliver');
    await runner.trigger('mail-deliver');
    for (let i = 0; i < 150 && smtp.received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(smtp.received.length, 1);
    assert.equal(smtp.received[0]!.subject, 'Your session is booked');
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    assert.equal(row!.status, 'sent');
  });
});
