import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { auditEvents } from '../audit/tables.js';
import { outbox } from './tables.js';

describe('the outbox, with no SMTP server configured', () => {
  let t: TestApp;
  let partnershipId: string;
  let admin: Agent;
  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    const person = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    admin = new Agent(t.app);
    await admin.signIn(person.email, PASSWORD);
  });
  after(() => t.close());

  it('keeps a reset email as local, lists it for the admin and shows its link as text', async () => {
    const person = await makePerson(t.database.db, partnershipId, {
      email: 'kept.here@example.test',
    });
    const res = await new Agent(t.app).post(
      '/forgot-password',
      { email: person.email },
      { from: '/forgot-password' },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(await t.mail.deliverPending(), 0, 'nothing to send with');
    const [row] = await t.database.db.select().from(outbox).where(eq(outbox.to, person.email));
    assert.equal(row!.status, 'local');

    const list = await admin.get('/admin/outbox');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /SMTP_URL/);
    assert.match(list.body, /not sent/);
    assert.match(list.body, /kept.here@example.test/);
    assert.match(list.body, /Reset your Doing With password/);
    assert.match(list.body, /Kept here/);

    const read = await admin.get(`/admin/outbox/${row!.id}`);
    assert.equal(read.statusCode, 200);
    assert.match(read.body, /Hello /);
    const link = /http:\/\/localhost:\d+\/reset-password\/[\w-]+/.exec(read.body)?.[0];
    assert.ok(link, 'the link is on the page');
    assert.ok(!read.body.includes(`href="${link}"`), 'as text, not a link');
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.recordId, row!.id), eq(auditEvents.action, 'outbox.message.viewed')),
      );
    assert.equal(audited.length, 1);

    // Once such a message goes by email, the admin no longer sees the secret in its link.
    await t.database.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, row!.id));
    const sent = await admin.get(`/admin/outbox/${row!.id}`);
    assert.equal(sent.statusCode, 200);
    assert.ok(!sent.body.includes(link.split('/reset-password/')[1]!), 'the secret is hidden');
    assert.match(sent.body, /\/reset-password\/\[hidden\]/);
  });

  it('searches and pages the list', async () => {
    for (let i = 0; i < 30; i++) {
      await t.mail.queue(t.database.db, {
        partnershipId,
        to: `bulk-${i}@example.test`,
        subject: `Notice ${i}`,
        text: 'Hello',
      });
    }
    const first = await admin.get('/admin/outbox');
    assert.match(first.body, /Page 1 of 2/);
    const second = await admin.get('/admin/outbox?page=2');
    assert.match(second.body, /Page 2 of 2/);
    const found = await admin.get('/admin/outbox?q=bulk-17');
    assert.match(found.body, /Notice 17/);
    assert.doesNotMatch(found.body, /Notice 18/);
    const none = await admin.get('/admin/outbox?q=%25%25nothing');
    assert.match(none.body, /No emails match/);
  });

  it("keeps another partnership's email out of reach, and the page is for admins only", async () => {
    const other = await makePartnership(t.database.db);
    const id = await t.mail.queue(t.database.db, {
      partnershipId: other.partnership.id,
      to: 'elsewhere@example.test',
      subject: 'Theirs',
      text: 'Private',
    });
    assert.equal((await admin.get(`/admin/outbox/${id}`)).statusCode, 404);
    assert.equal((await admin.get('/admin/outbox/not-an-id')).statusCode, 404);
    assert.doesNotMatch((await admin.get('/admin/outbox?q=elsewhere')).body, /elsewhere@/);
    const practitioner = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(practitioner.email, PASSWORD);
    assert.equal((await agent.get('/admin/outbox')).statusCode, 403);
  });
});
