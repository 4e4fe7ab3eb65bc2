import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import type { Role } from '../../platform/tenancy/tables.js';

// Each role's home page says what they can do next, and the service navigation offers what
// their role allows: nothing more, and no link that refuses them.

const everyone = ['Home', 'Families', 'Everyday practice', 'Practice framework', 'Training'];
const navigation: Record<Role, string[]> = {
  admin: [
    'Home',
    'Families',
    'Everyday practice',
    'My team',
    'Practice framework',
    'Training',
    'Coverage',
    'Partnership',
    'Audit log',
  ],
  leader: [
    'Home',
    'Families',
    'Everyday practice',
    'My team',
    'Practice framework',
    'Training',
    'Coverage',
  ],
  manager: ['Home', 'Families', 'Everyday practice', 'My team', 'Practice framework', 'Training'],
  practitioner: everyone,
  facilitator: everyone,
  trainer: everyone,
};

/** The first thing each role is told they can do, and something only others are offered. */
const nextSteps: Record<Role, { first: string; notOffered: string }> = {
  admin: { first: 'Add and manage people', notOffered: 'Log everyday practice' },
  leader: { first: 'Practice framework', notOffered: 'Add and manage people' },
  manager: { first: 'My team', notOffered: 'Audit log' },
  practitioner: { first: 'Log everyday practice', notOffered: 'Add and manage people' },
  facilitator: { first: 'Log everyday practice', notOffered: 'API tokens' },
  trainer: { first: 'Practice framework', notOffered: 'My caseload' },
};

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The service navigation's links, in order. */
function navigationOf(html: string) {
  const nav = /<nav[^>]*govuk-service-navigation__wrapper[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: m[1]!,
    text: textOf(m[2]!),
  }));
}

/** The home page's "What you can do" links, in order. */
function stepsOf(html: string) {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  return [
    ...main.matchAll(/<a class="govuk-link[^"]*govuk-!-font-weight-bold" href="([^"]+)">([^<]+)</g),
  ].map((m) => ({ href: m[1]!, text: textOf(m[2]!) }));
}

describe('the home page and navigation of each role', () => {
  let t: TestApp;
  let partnershipId: string;
  let partnershipName: string;
  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db, 'Harbour City Children’s Partnership');
    partnershipId = made.partnership.id;
    partnershipName = made.partnership.name;
  });
  after(() => t.close());

  for (const role of Object.keys(navigation) as Role[]) {
    it(`shows a ${role} what they can do next, and only links that let them in`, async () => {
      const person = await makePerson(t.database.db, partnershipId, {
        roles: [role],
        name: `Sam ${role}`,
      });
      const agent = new Agent(t.app);
      await agent.signIn(person.email, PASSWORD);
      const home = await agent.get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, new RegExp(`<h1[^>]*>Welcome, Sam ${role}</h1>`));

      const nav = navigationOf(home.body);
      assert.deepEqual(
        nav.map((n) => n.text),
        navigation[role],
      );
      assert.match(
        home.body,
        /<a[^>]*aria-current="page"[^>]*href="\/"|href="\/"[^>]*aria-current/,
      );

      const steps = stepsOf(home.body);
      assert.equal(steps[0]?.text, nextSteps[role].first);
      assert.ok(
        !steps.some((s) => s.text === nextSteps[role].notOffered),
        `${role} is not offered "${nextSteps[role].notOffered}"`,
      );
      // Every link offered opens for them: what the page says they can do, they can.
      for (const link of [...nav, ...steps]) {
        const res = await agent.get(link.href);
        assert.equal(res.statusCode, 200, `${role}: ${link.text} (${link.href})`);
      }
    });
  }

  it('tells someone without a role to ask for one, with only the pages everyone has', async () => {
    const person = await makePerson(t.database.db, partnershipId, { roles: [], name: 'Noa None' });
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    const home = await agent.get('/');
    assert.match(home.body, /You do not have a role yet\. Ask your partnership admin/);
    assert.deepEqual(stepsOf(home.body), []);
    assert.deepEqual(
      navigationOf(home.body).map((n) => n.text),
      everyone,
    );
  });

  it('carries the partnership’s name, the phase banner and the footer’s links on every page', async () => {
    const person = await makePerson(t.database.db, partnershipId);
    const agent = new Agent(t.app);
    await agent.signIn(person.email, PASSWORD);
    for (const path of ['/', '/accessibility', '/privacy']) {
      const page = await agent.get(path);
      assert.equal(page.statusCode, 200, path);
      const header = /<header[\s\S]*?<\/header>/.exec(page.body)?.[0] ?? '';
      assert.match(header, /class="[^"]*dw-header__partnership[^"]*">Harbour City Children’s/);
      assert.match(page.body, new RegExp(`<title>[^<]* – ${partnershipName}</title>`));
      assert.doesNotMatch(header, /govuk-logo|crown/i, 'not a GOV.UK service');
      const banner = /<div class="govuk-phase-banner[\s\S]*?<\/div>\s*<\/div>/.exec(page.body);
      assert.match(banner?.[0] ?? '', /Beta/);
      assert.match(banner?.[0] ?? '', /This is a new service/);
      const footer = /<footer[\s\S]*?<\/footer>/.exec(page.body)?.[0] ?? '';
      assert.match(footer, /<a class="govuk-footer__link" href="\/accessibility">/);
      assert.match(footer, /Accessibility statement/);
      assert.match(footer, /<a class="govuk-footer__link" href="\/privacy">/);
      assert.match(footer, /Privacy notice/);
      assert.doesNotMatch(
        footer,
        /Crown copyright|Open Government Licence/,
        'not a GOV.UK service',
      );
    }
    // Signed out, the legal pages are open to anyone, under the service's own name.
    const anonymous = new Agent(t.app);
    for (const path of ['/accessibility', '/privacy']) {
      const page = await anonymous.get(path);
      assert.equal(page.statusCode, 200, path);
      assert.match(page.body, /dw-header__partnership[^"]*">Doing With</);
      assert.doesNotMatch(page.body, /Harbour City/);
    }
  });
});
