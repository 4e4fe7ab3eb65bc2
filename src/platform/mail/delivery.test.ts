import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { testDatabase } from '../../../test/support/database.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import type { Database } from '../db/index.js';
import { createMailer } from './index.js';
import { outbox } from './tables.js';

/** A loopback port with nothing listening on it: every connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const message = (subject: string) => ({
  partnershipId: null,
  to: 'someone@example.test',
  subject,
  text: 'Hello.',
});

describe('email delivery: retries and interrupted sends', () => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  before(async () => {
    database = await testDatabase();
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
    await database.close();
  });

  const row = async (id: string) =>
    (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

  it('tries a message once a run while the server is down, and gives up after five tries', async () => {
    const errors: unknown[] = [];
    const down = createMailer({
      db: database.db,
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      from: 'test@example.test',
      onError: (e) => errors.push(e),
    });
    const id = await down.queue(database.db, message('Your plan has a review date'));

    assert.equal(await down.deliverPending(), 0);
    let m = await row(id);
    assert.equal(m.status, 'pending', 'a failed send waits for the next run');
    assert.equal(m.attempts, 1);
    assert.match(m.lastError ?? '', /ECONNREFUSED/);

    for (let run = 2; run <= 5; run++) await down.deliverPending();
    m = await row(id);
    assert.equal(m.attempts, 5);
    assert.equal(m.status, 'failed');
    assert.equal(errors.length, 5);

    await down.deliverPending();
    assert.equal((await row(id)).attempts, 5, 'a failed message is not tried again');
  });

  it('marks a send interrupted long ago as failed and never sends it, and leaves a recent one', async () => {
    const up = createMailer({ db: database.db, smtpUrl: smtp.url, from: 'test@example.test' });
    const stuck = await up.queue(database.db, message('Interrupted long ago'));
    const recent = await up.queue(database.db, message('Being sent now'));
    const waiting = await up.queue(database.db, message('Waiting to go'));
    // As a process that stopped mid-send leaves them.
    await database.db
      .update(outbox)
      .set({ status: 'sending', attempts: 1, claimedAt: sql`now() - interval '31 minutes'` })
      .where(eq(outbox.id, stuck));
    await database.db
      .update(outbox)
      .set({ status: 'sending', attempts: 1, claimedAt: sql`now() - interval '1 minute'` })
      .where(eq(outbox.id, recent));

    assert.equal(await up.deliverPending(), 1);
    assert.deepEqual(
      smtp.received.map((m) => m.subject),
      ['Waiting to go'],
    );
    const s = await row(stuck);
    assert.equal(s.status, 'failed');
    assert.match(s.lastError ?? '', /interrupted/);
    assert.equal((await row(recent)).status, 'sending', 'a send in progress is left alone');
    assert.equal((await row(waiting)).status, 'sent');
  });
});
