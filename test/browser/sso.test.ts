import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startTestIdp, type TestIdp } from '../support/test-idp.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Single sign-on in Chromium, with axe on every page of ours: the admin sets it up through the
// form, then people go to their organisation's provider (a real one on loopback) and back.

describe('single sign-on in a browser', () => {
  let s: BrowserSuite;
  let idp: TestIdp;
  let partnershipId: string;
  before(async () => {
    s = await startBrowserSuite();
    idp = await startTestIdp({ redirectUri: `${s.baseUrl}/sign-in/sso/callback` });
    partnershipId = (await makePartnership(s.t.database.db)).partnership.id;
  });
  after(async () => {
    await s?.close();
    await idp?.close();
  });

  it('an admin sets it up, then a colleague signs in with their organisation’s account', async () => {
    const admin = await makePerson(s.t.database.db, partnershipId, { roles: ['admin'] });
    const a = await s.journey();
    await a.signIn(admin.email, PASSWORD);
    await a.visit('/admin/sign-in-settings');
    await a.submit(
      {
        'Issuer URL': idp.issuer,
        'Client ID': idp.clientId,
        'Client secret': idp.clientSecret,
        'Sign-in button text': 'Sign in with your council account',
      },
      'Save sign-in settings',
    );
    assert.match(await a.page.locator('.govuk-notification-banner--success').innerText(), /saved/);

    const colleague = await makePerson(s.t.database.db, partnershipId, { name: 'Cam Colleague' });
    idp.signInAs({ sub: randomUUID(), email: colleague.email, email_verified: true });
    const j = await s.journey();
    await j.visit('/sign-in');
    await Promise.all([
      j.page.waitForURL(`${s.baseUrl}/`),
      j.page.getByRole('button', { name: "Sign in with your organisation's account" }).click(),
    ]);
    await j.check();
    assert.equal(await j.heading(), 'Welcome, Cam Colleague');
  });

  it('explains a refusal on a page of its own', async () => {
    idp.signInAs({ sub: randomUUID(), email: 'stranger@example.test', email_verified: true });
    const j = await s.journey();
    await j.visit('/sign-in/sso');
    assert.equal(await j.heading(), 'There is no account here for that email address');
  });

  it('asks for the work email when several partnerships use single sign-on', async () => {
    const other = (await makePartnership(s.t.database.db)).partnership.id;
    const admin = await makePerson(s.t.database.db, other, { roles: ['admin'] });
    const a = await s.journey();
    await a.signIn(admin.email, PASSWORD);
    await a.visit('/admin/sign-in-settings');
    await a.submit(
      {
        'Issuer URL': idp.issuer,
        'Client ID': idp.clientId,
        'Client secret': idp.clientSecret,
      },
      'Save sign-in settings',
    );

    const person = await makePerson(s.t.database.db, other, { name: 'Wren Work' });
    idp.signInAs({ sub: randomUUID(), email: person.email, email_verified: true });
    const j = await s.journey();
    await j.visit('/sign-in/sso');
    await j.submit({ 'Work email address': 'nope' }, 'Continue');
    assert.match(await j.page.title(), /^Error: /);
    // The page after the form moves on to the provider by itself, and the provider comes back.
    await j.page.getByLabel('Work email address', { exact: true }).fill(person.email);
    await Promise.all([
      j.page.waitForURL(`${s.baseUrl}/`),
      j.page.getByRole('button', { name: 'Continue', exact: true }).click(),
    ]);
    await j.check();
    assert.equal(await j.heading(), 'Welcome, Wren Work');

    await a.visit('/admin/sign-in-settings/remove');
    await a.submit({}, 'Remove single sign-on');
    assert.match(
      await a.page.locator('.govuk-notification-banner--success').innerText(),
      /removed/,
    );
  });
});
