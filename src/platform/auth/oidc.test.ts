import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { FetchBrowser, metaRefresh } from '../../../test/support/browser-fetch.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { freePort, startListeningTestApp } from '../../../test/support/listening-app.js';
import { startTestIdp, type TestIdp } from '../../../test/support/test-idp.js';
import type { TestApp } from '../../../test/support/app.js';
import { auditEvents } from '../audit/tables.js';
import { people } from '../tenancy/tables.js';
import { oidcProviders, sessions } from './tables.js';

// End to end: the app listening on a port, a real OpenID Connect provider on another, and a
// cookie-keeping client walking from the app to the provider and back.

describe('signing in with the organisation’s account (OpenID Connect)', () => {
  let t: TestApp & { baseUrl: string };
  let idp: TestIdp;
  let partnershipId: string;

  before(async () => {
    t = await startListeningTestApp();
    idp = await startTestIdp({ redirectUri: `${t.baseUrl}/sign-in/sso/callback` });
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    await addProvider(partnershipId);
  });
  after(async () => {
    await t.close();
    await idp.close();
  });

  const addProvider = (id: string) =>
    t.database.db.insert(oidcProviders).values({
      partnershipId: id,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      buttonLabel: 'Sign in with your council account',
    });

  /** From the app's sign-in page to wherever the journey ends, as the given account. */
  async function signInAs(email: string, emailVerified = true, typedEmail?: string) {
    idp.signInAs({ sub: randomUUID(), email, email_verified: emailVerified });
    const browser = new FetchBrowser();
    let page = await browser.visit(`${t.baseUrl}/sign-in/sso`);
    if (page.url === `${t.baseUrl}/sign-in/sso`)
      page = await browser.visit(`${t.baseUrl}/sign-in/sso`, { email: typedEmail ?? email });
    return { browser, page };
  }

  const oidcAudit = (outcome: 'allowed' | 'denied') =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign-in.oidc'), eq(auditEvents.outcome, outcome)));

  it('signs in someone whose organisation has verified their email, and audits it', async () => {
    const person = await makePerson(t.database.db, partnershipId, {
      name: 'Olu Organisation',
      password: false,
    });
    const { browser, page } = await signInAs(person.email.toUpperCase());
    assert.ok(
      page.trail.some((u) => u.startsWith(idp.issuer)),
      'went to the provider',
    );
    assert.equal(page.url, `${t.baseUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Welcome, Olu Organisation/);
    assert.ok(browser.cookie('dw_session'));
    assert.equal(browser.cookie('dw_sso'), undefined, 'the one-time flow cookie is cleared');
    const stored = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.personId, person.id));
    assert.equal(stored.length, 1);
    assert.ok((await oidcAudit('allowed')).some((r) => r.recordId === person.id));
  });

  it('refuses an email the provider has not verified', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const { browser, page } = await signInAs(person.email, false);
    assert.equal(page.status, 403);
    assert.match(page.body, /Your organisation has not confirmed your email address/);
    assert.match(page.body, /partnership admin/);
    assert.equal(browser.cookie('dw_session'), undefined);
  });

  it('refuses someone with no account here, and audits the refusal for the partnership', async () => {
    const before = (await oidcAudit('denied')).length;
    const { browser, page } = await signInAs(`nobody-${randomUUID()}@example.test`);
    assert.equal(page.status, 403);
    assert.match(page.body, /There is no account here for that email address/);
    assert.equal(browser.cookie('dw_session'), undefined);
    const denied = await oidcAudit('denied');
    assert.equal(denied.length, before + 1);
    assert.equal(denied.at(-1)?.partnershipId, partnershipId);
  });

  it('refuses someone whose account has been deactivated', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    await t.database.db
      .update(people)
      .set({ deactivatedAt: t.clock.now() })
      .where(eq(people.id, person.id));
    const { browser, page } = await signInAs(person.email);
    assert.equal(page.status, 403);
    assert.match(page.body, /Your account here has been closed/);
    assert.equal(browser.cookie('dw_session'), undefined);
    assert.ok((await oidcAudit('denied')).some((r) => r.recordId === person.id));
  });

  it('refuses a callback without the flow it started (forged, replayed or expired), never a 500', async () => {
    const browser = new FetchBrowser();
    const page = await browser.visit(`${t.baseUrl}/sign-in/sso/callback?code=abc&state=xyz`);
    assert.equal(page.status, 400);
    assert.match(page.body, /We could not sign you in/);
    assert.match(page.body, /href="\/sign-in\/sso"/);
  });

  it('refuses a callback whose state does not match the flow cookie', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    idp.signInAs({ sub: randomUUID(), email: person.email, email_verified: true });
    const browser = new FetchBrowser();
    // Stop at the app's callback, then come back with the state altered.
    const start = await browser.request(`${t.baseUrl}/sign-in/sso`);
    let next = new URL(start.res.headers.get('location')!);
    for (;;) {
      const hop = await browser.request(next.href);
      next = new URL(hop.res.headers.get('location')!, next);
      if (next.href.startsWith(`${t.baseUrl}/sign-in/sso/callback`)) break;
    }
    next.searchParams.set('state', 'not-the-state');
    const page = await browser.visit(next.href);
    assert.equal(page.status, 400);
    assert.match(page.body, /We could not sign you in/);
    assert.equal(browser.cookie('dw_session'), undefined);
  });

  describe('when several partnerships have a provider', () => {
    let otherPartnershipId: string;
    before(async () => {
      otherPartnershipId = (await makePartnership(t.database.db)).partnership.id;
      await addProvider(otherPartnershipId);
    });

    it('asks for the work email first, and signs in within that person’s partnership', async () => {
      const person = await makePerson(t.database.db, otherPartnershipId, { name: 'Tam Two' });
      const browser = new FetchBrowser();
      const ask = await browser.visit(`${t.baseUrl}/sign-in/sso`);
      assert.equal(ask.status, 200);
      assert.match(ask.body, /Work email address/);
      const empty = await browser.visit(`${t.baseUrl}/sign-in/sso`, { email: 'not an email' });
      assert.equal(empty.status, 400);
      assert.match(empty.body, /Enter your work email address in the correct format/);

      idp.signInAs({ sub: randomUUID(), email: person.email, email_verified: true });
      const page = await browser.visit(`${t.baseUrl}/sign-in/sso`, { email: person.email });
      assert.equal(page.url, `${t.baseUrl}/`);
      assert.match(page.body, /Welcome, Tam Two/);
    });

    it('answers the same whether or not the email has an account', async () => {
      const person = await makePerson(t.database.db, partnershipId);
      const answer = async (email: string) => {
        const browser = new FetchBrowser();
        await browser.visit(`${t.baseUrl}/sign-in/sso`);
        const { res, text } = await browser.request(`${t.baseUrl}/sign-in/sso`, {
          form: { _csrf: browser.csrfToken, email },
        });
        const location = new URL(metaRefresh(text) ?? '');
        return {
          status: res.status,
          to: `${location.origin}${location.pathname}`,
          label: /id="continue"[^>]*>([^<]+)</.exec(text)?.[1],
        };
      };
      const known = await answer(person.email);
      const unknown = await answer(`someone-${randomUUID()}@elsewhere.test`);
      assert.equal(known.status, 200);
      assert.equal(known.to, `${idp.issuer}/auth`);
      assert.equal(known.label, 'Sign in with your council account');
      assert.deepEqual(unknown, known);
    });

    it('matches the verified email only within the partnership the sign-in started for', async () => {
      // Their colleague's address takes the flow to the first partnership's provider; the
      // provider then vouches for someone who only has an account in the other partnership.
      const colleague = await makePerson(t.database.db, partnershipId);
      const elsewhere = await makePerson(t.database.db, otherPartnershipId);
      const { browser, page } = await signInAs(elsewhere.email, true, colleague.email);
      assert.equal(page.status, 403);
      assert.match(page.body, /There is no account here for that email address/);
      assert.equal(browser.cookie('dw_session'), undefined);
    });

    it('explains when a partnership’s provider is not answering, never a 500', async () => {
      const { partnership } = await makePartnership(t.database.db);
      await t.database.db.insert(oidcProviders).values({
        partnershipId: partnership.id,
        issuer: `http://127.0.0.1:${await freePort()}`,
        clientId: 'x',
        clientSecret: 'y',
        buttonLabel: 'Gone',
      });
      const person = await makePerson(t.database.db, partnership.id);
      const browser = new FetchBrowser();
      await browser.visit(`${t.baseUrl}/sign-in/sso`);
      const page = await browser.visit(`${t.baseUrl}/sign-in/sso`, { email: person.email });
      assert.equal(page.status, 503);
      assert.match(page.body, /sign-in service is not answering/);
      const [denied] = await t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, 'auth.sign-in.oidc'),
            eq(auditEvents.partnershipId, partnership.id),
          ),
        );
      assert.equal(denied?.outcome, 'denied');
    });
  });
});
