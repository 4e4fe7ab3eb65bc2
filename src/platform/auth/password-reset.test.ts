import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { outbox } from '../mail/tables.js';

const NEW_PASSWORD = 'walnut lantern meadow';

describe('password reset by email, over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  let partnershipId: string;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: `${smtp.url}?ignoreTLS=true` });
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  /** Asks for a reset link, sends the email, and returns the link's path from the email. */
  async function requestLink(email: string) {
    const agent = new Agent(t.app);
    const res = await agent.post('/forgot-password', { email }, { from: '/forgot-password' });
    assert.equal(res.statusCode, 303);
    const before = smtp.received.length;
    assert.equal(await t.mail.deliverPending(), 1);
    assert.equal(smtp.received.length, before + 1);
    const mail = smtp.received.at(-1)!;
    assert.equal(mail.subject, 'Reset your Doing With password');
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    assert.equal(to?.value[0]?.address, email);
    const link = /https?:\/\/\S+(\/reset-password\/[\w-]+)/.exec(mail.text ?? '')?.[1];
    assert.ok(link, 'the email holds a reset link');
    return link;
  }

  it('sends a link that sets a new password and signs in with it, once', async () => {
    const person = await makePerson(t.database.db, partnershipId, { name: 'Robin Reset' });
    const link = await requestLink(person.email);
    const [sent] = await t.database.db.select().from(outbox).where(eq(outbox.to, person.email));
    assert.equal(sent!.status, 'sent');

    const agent = new Agent(t.app);
    const page = await agent.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Choose a new password/);
    const set = await agent.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(set.statusCode, 303);
    assert.match((await agent.get('/')).body, /Welcome, Robin Reset/);

    const fresh = new Agent(t.app);
    await fresh.signIn(person.email, NEW_PASSWORD);
    const old = await new Agent(t.app).post(
      '/sign-in',
      { email: person.email, password: PASSWORD },
      { from: '/sign-in' },
    );
    assert.equal(old.statusCode, 400, 'the old password no longer works');

    const again = new Agent(t.app);
    const second = await again.get(link);
    assert.equal(second.statusCode, 410);
    assert.match(second.body, /link/i);
    const reuse = await again.post(
      link,
      { password: 'another good phrase', confirm: 'another good phrase' },
      { from: '/forgot-password' },
    );
    assert.equal(reuse.statusCode, 410);
    await new Agent(t.app).signIn(person.email, NEW_PASSWORD);
  });

  it('sends at most three live reset links to one person, however often someone asks', async () => {
    const person = await makePerson(t.database.db, partnershipId, { email: 'often@example.test' });
    const ask = async () => {
      const res = await new Agent(t.app).post(
        '/forgot-password',
        { email: person.email },
        { from: '/forgot-password' },
      );
      assert.equal(res.statusCode, 303, 'the same answer every time');
    };
    const queued = async () =>
      (await t.database.db.select().from(outbox).where(eq(outbox.to, person.email))).length;
    for (let i = 0; i < 5; i++) await ask();
    assert.equal(await queued(), 3);
    t.clock.advance(61 * 60_000); // the links have expired: a new ask sends a new one
    await ask();
    assert.equal(await queued(), 4);
    await t.mail.deliverPending();
  });

  it('using one reset link ends the others sent before it', async () => {
    t.clock.advance(2 * 60_000); // a fresh rate-limit window
    const person = await makePerson(t.database.db, partnershipId);
    const first = await requestLink(person.email);
    const second = await requestLink(person.email);
    const agent = new Agent(t.app);
    await agent.get(second);
    assert.equal(
      (await agent.post(second, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode,
      303,
    );
    const other = new Agent(t.app);
    assert.equal((await other.get(first)).statusCode, 410);
    await other.get('/forgot-password');
    const late = await other.post(first, {
      password: 'another good phrase',
      confirm: 'another good phrase',
    });
    assert.equal(late.statusCode, 410);
    await new Agent(t.app).signIn(person.email, NEW_PASSWORD);
  });

  it('expires the link after 1 hour', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const link = await requestLink(person.email);
    t.clock.advance(59 * 60_000);
    assert.equal((await new Agent(t.app).get(link)).statusCode, 200);
    t.clock.advance(2 * 60_000);
    const agent = new Agent(t.app);
    assert.equal((await agent.get(link)).statusCode, 410);
    await agent.get('/forgot-password');
    const late = await agent.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(late.statusCode, 410);
    await new Agent(t.app).signIn(person.email, PASSWORD);
  });

  it('asks for an email address left empty, and for one in the right format', async () => {
    t.clock.advance(2 * 60_000); // a fresh rate-limit window
    const agent = new Agent(t.app);
    const empty = await agent.post(
      '/forgot-password',
      { email: ' ' },
      { from: '/forgot-password' },
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Error: Reset your password/);
    assert.match(empty.body, /Enter your email address/);
    assert.doesNotMatch(empty.body, /in the correct format/);
    const wrong = await agent.post('/forgot-password', { email: 'ada@' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Enter an email address in the correct format/);
    assert.match(wrong.body, /value="ada@"/);
  });

  it('answers the same for a known and an unknown email, and sends nothing for the unknown', async () => {
    t.clock.advance(2 * 60_000); // a fresh rate-limit window
    const person = await makePerson(t.database.db, partnershipId);
    const known = new Agent(t.app);
    const unknown = new Agent(t.app);
    const a = await known.post(
      '/forgot-password',
      { email: person.email },
      { from: '/forgot-password' },
    );
    const b = await unknown.post(
      '/forgot-password',
      { email: 'nobody-here@example.test' },
      { from: '/forgot-password' },
    );
    assert.equal(a.statusCode, b.statusCode);
    assert.equal(a.headers.location, b.headers.location);
    const pageA = await known.get(String(a.headers.location));
    const pageB = await unknown.get(String(b.headers.location));
    assert.equal(pageA.statusCode, 200);
    const main = (html: string) =>
      /<main[\s\S]*<\/main>/.exec(html)?.[0].replace(/value="[^"]*"/g, '');
    assert.equal(main(pageA.body), main(pageB.body));
    assert.equal(await t.mail.deliverPending(), 1);
    assert.equal(
      (await t.database.db.select().from(outbox).where(eq(outbox.to, 'nobody-here@example.test')))
        .length,
      0,
    );
  });
});
