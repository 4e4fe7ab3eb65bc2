import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { latestMailTo } from '../../../test/support/partnership.js';
import { people } from '../tenancy/tables.js';

// NCSC and NIST advice, on both links that set a password: at least 12 characters, no rules
// about what kind of characters, and no password found in lists of common ones.
describe('choosing a password, by invitation and by reset link', () => {
  let t: TestApp;
  let partnershipId: string;
  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
  });
  after(() => t.close());

  /** An invitation link, sent the way an admin sends one. */
  async function invitationFor() {
    const admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    const agent = new Agent(t.app);
    await agent.signIn(admin.email, PASSWORD);
    const email = `invited-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const res = await agent.post(
      '/admin/people/new',
      { name: 'Ivy Invited', email, roles: 'practitioner' },
      { from: '/admin/people/new' },
    );
    assert.equal(res.statusCode, 303, res.body);
    const { invitation } = await latestMailTo(t.database.db, email);
    assert.ok(invitation, 'an invitation link was sent');
    return { email, link: invitation };
  }

  /** A reset link, asked for on the forgotten password page. */
  async function resetLinkFor() {
    t.clock.advance(61_000); // a fresh rate-limit window for the form
    const person = await makePerson(t.database.db, partnershipId);
    const res = await new Agent(t.app).post(
      '/forgot-password',
      { email: person.email },
      { from: '/forgot-password' },
    );
    assert.equal(res.statusCode, 303);
    const { mail } = await latestMailTo(t.database.db, person.email);
    const link = /\/reset-password\/[\w-]+/.exec(mail?.text ?? '')?.[0];
    assert.ok(link, 'a reset link was sent');
    return { email: person.email, link };
  }

  const passwordHashOf = async (email: string) =>
    (await t.database.db.select().from(people).where(eq(people.email, email)))[0]?.passwordHash;

  for (const [what, linkFor] of [
    ['an invitation', invitationFor],
    ['a reset link', resetLinkFor],
  ] as const) {
    it(`refuses a password under 12 characters or a common one on ${what}, and keeps the link`, async () => {
      const { email, link } = await linkFor();
      const before = await passwordHashOf(email);
      const agent = new Agent(t.app);
      await agent.get(link);

      const short = await agent.post(link, { password: 'eleven char', confirm: 'eleven char' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /There is a problem/);
      assert.match(short.body, /Password must be 12 characters or more/);

      // In the lists whatever its capitals: "password1234" is.
      for (const common of ['password1234', 'Password1234', '123456789012']) {
        const refused = await agent.post(link, { password: common, confirm: common });
        assert.equal(refused.statusCode, 400, common);
        assert.match(refused.body, /This password is too commonly used/);
      }
      assert.equal(await passwordHashOf(email), before, 'no password was set');
      assert.equal((await agent.get(link)).statusCode, 200, 'the link still works');

      // Exactly 12 characters, all lower-case letters and a space: no composition rules.
      const fine = await agent.post(link, { password: 'quiet harbor', confirm: 'quiet harbor' });
      assert.equal(fine.statusCode, 303);
      assert.notEqual(await passwordHashOf(email), before);
      t.clock.advance(61_000);
      await new Agent(t.app).signIn(email, 'quiet harbor');
    });
  }
});
