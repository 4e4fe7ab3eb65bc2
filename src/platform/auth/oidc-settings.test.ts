import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { freePort, startListeningTestApp } from '../../../test/support/listening-app.js';
import { startTestIdp, type TestIdp } from '../../../test/support/test-idp.js';
import type { TestApp } from '../../../test/support/app.js';
import { auditEvents } from '../audit/tables.js';
import { beginSignIn, isAllowedIssuer, type OidcProvider } from './oidc.js';
import type { ServiceContext } from '../http/context.js';
import { oidcProviders } from './tables.js';

const SETTINGS = '/admin/sign-in-settings';

describe('sign-in settings for a partnership admin', () => {
  let t: TestApp & { baseUrl: string };
  let idp: TestIdp;
  let partnershipId: string;
  let admin: Agent;

  before(async () => {
    t = await startListeningTestApp();
    idp = await startTestIdp({ redirectUri: `${t.baseUrl}/sign-in/sso/callback` });
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    const person = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    admin = new Agent(t.app);
    await admin.signIn(person.email, PASSWORD);
  });
  after(async () => {
    await t.close();
    await idp.close();
  });

  const providerRow = async () =>
    (
      await t.database.db
        .select()
        .from(oidcProviders)
        .where(eq(oidcProviders.partnershipId, partnershipId))
    )[0];

  it('is only for partnership admins', async () => {
    const practitioner = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(practitioner.email, PASSWORD);
    assert.equal((await agent.get(SETTINGS)).statusCode, 403);
  });

  it('shows the redirect URI to register with the provider', async () => {
    const page = await admin.get(SETTINGS);
    assert.equal(page.statusCode, 200);
    assert.ok(
      page.body.includes(`<code id="redirect-uri">${t.baseUrl}/sign-in/sso/callback</code>`),
    );
    assert.match(page.body, /Set up your identity provider/);
  });

  it('asks for each field, and for a secret when none is saved', async () => {
    const res = await admin.post(
      SETTINGS,
      { issuer: '', clientId: '', clientSecret: '', buttonLabel: '' },
      { from: SETTINGS },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Sign-in settings/);
    for (const message of [
      'Enter the issuer URL',
      'Enter the client ID',
      'Enter the client secret',
      'Enter the text for the sign-in button',
    ])
      assert.ok(res.body.includes(message), message);
    // All four at once, in the order of the form, each linked to its field.
    assert.ok(res.body.indexOf('href="#clientId"') < res.body.indexOf('href="#clientSecret"'));
    assert.ok(res.body.indexOf('href="#clientSecret"') < res.body.indexOf('href="#buttonLabel"'));

    const noSecret = await admin.post(
      SETTINGS,
      { issuer: idp.issuer, clientId: idp.clientId, clientSecret: '', buttonLabel: 'Council' },
      { from: SETTINGS },
    );
    assert.equal(noSecret.statusCode, 400);
    assert.match(noSecret.body, /Enter the client secret/);
    assert.equal(await providerRow(), undefined);
  });

  it('refuses an issuer that is not a web address, or plain http to another machine', async () => {
    for (const issuer of ['not a url', 'ftp://login.example.org', 'http://login.example.org']) {
      const res = await admin.post(
        SETTINGS,
        { issuer, clientId: 'x', clientSecret: 'y', buttonLabel: 'Council' },
        { from: SETTINGS },
      );
      assert.equal(res.statusCode, 400, issuer);
      assert.match(res.body, /starting with https:\/\//);
      assert.ok(res.body.includes('value="Council"'), 'keeps what was typed');
      assert.ok(!res.body.includes('value="y"'), 'never sends the secret back');
    }
  });

  it('takes plain http only from a provider on this machine, and never in production', () => {
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9000/realms/x']) {
      assert.equal(isAllowedIssuer(local, true), true, local);
      assert.equal(isAllowedIssuer(local, false), false, local);
    }
    assert.equal(isAllowedIssuer('https://login.example.org', false), true);
    assert.equal(isAllowedIssuer('https://login.example.org?x=1', true), false);
  });

  it('will not sign in through a stored plain-http provider in production', async () => {
    // As if saved before the rule, or by hand: the rule holds at sign-in too.
    const stored = { partnershipId, issuer: idp.issuer, clientId: 'x', clientSecret: 'y' };
    await assert.rejects(
      // Refused before anything is asked of the request's context.
      beginSignIn({} as ServiceContext, stored as OidcProvider, false),
      /not allowed here: use https/,
    );
  });

  it('says clearly when the issuer cannot be reached, and saves nothing', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const res = await admin.post(
      SETTINGS,
      { issuer: nobody, clientId: 'x', clientSecret: 'y', buttonLabel: 'Council' },
      { from: SETTINGS },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /We could not reach a sign-in service at this issuer URL/);
    assert.match(res.body, /href="#issuer"/);
    assert.equal(await providerRow(), undefined);
  });

  it('saves a reachable provider, audited, and never shows the secret again', async () => {
    const res = await admin.post(
      SETTINGS,
      {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        buttonLabel: 'Sign in with your council account',
      },
      { from: SETTINGS },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${SETTINGS}?saved`);
    const row = await providerRow();
    assert.equal(row?.issuer, idp.issuer);
    assert.equal(row?.clientSecret, idp.clientSecret);

    const page = await admin.get(`${SETTINGS}?saved`);
    assert.match(page.body, /Sign-in settings saved/);
    assert.ok(page.body.includes(`value="${idp.issuer}"`));
    assert.match(page.body, /A secret is set/);
    assert.ok(!page.body.includes(idp.clientSecret));

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'auth.oidc-provider.saved'),
          eq(auditEvents.recordId, partnershipId),
        ),
      );
    assert.equal(audited.length, 1);

    const signIn = await new Agent(t.app).get('/sign-in');
    assert.match(signIn.body, /href="\/sign-in\/sso"/);
  });

  it('keeps the saved secret when the field is left blank', async () => {
    const res = await admin.post(
      SETTINGS,
      { issuer: idp.issuer, clientId: idp.clientId, clientSecret: '', buttonLabel: 'Council' },
      { from: SETTINGS },
    );
    assert.equal(res.statusCode, 303);
    const row = await providerRow();
    assert.equal(row?.clientSecret, idp.clientSecret);
    assert.equal(row?.buttonLabel, 'Council');
  });

  it('removes the provider after a confirmation page, audited', async () => {
    const confirm = await admin.get(`${SETTINGS}/remove`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Remove single sign-on\?/);
    const res = await admin.post(`${SETTINGS}/remove`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(await providerRow(), undefined);
    assert.equal(res.headers.location, `${SETTINGS}?removed`);
    assert.match((await admin.get(`${SETTINGS}?removed`)).body, /Single sign-on removed/);
    assert.equal((await admin.get(`${SETTINGS}/remove`)).statusCode, 404);
    const [removed] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.oidc-provider.removed'));
    assert.equal(removed?.recordId, partnershipId);
    const signIn = await new Agent(t.app).get('/sign-in');
    assert.doesNotMatch(signIn.body, /href="\/sign-in\/sso"/);
  });
});
