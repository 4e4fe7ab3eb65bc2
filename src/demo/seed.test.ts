import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { Agent } from '../../test/support/agent.js';
import {
  localities,
  organisations,
  partnerships,
  people,
  roles,
  teamMembers,
  teams,
} from '../platform/tenancy/tables.js';
import { DEMO_PASSWORD, DEMO_SLUG, demoEmail, seedDemo, type DemoSummary } from './seed.js';

// The partnership a new user meets on the first start (README, first lines).
describe('the demo partnership', () => {
  let t: TestApp;
  let demo: DemoSummary;
  before(async () => {
    t = await startTestApp();
    demo = await seedDemo(t.database.db);
  });
  after(() => t.close());

  it('is "Demo City Children\'s Partnership"', () => {
    assert.equal(demo.partnershipName, "Demo City Children's Partnership");
  });

  it('has a council, an NHS trust, a charity, two schools and a police force', async () => {
    const rows = await t.database.db
      .select({ kind: organisations.kind, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.partnershipId, demo.partnershipId));
    const kinds = rows.map((r) => r.kind).sort();
    assert.deepEqual(kinds, ['charity', 'council', 'nhs', 'police', 'school', 'school']);
    assert.ok(rows.some((r) => r.kind === 'nhs' && /NHS Trust/.test(r.name)));
  });

  it('has three localities, each served by a multi-agency team', async () => {
    const places = await t.database.db
      .select()
      .from(localities)
      .where(eq(localities.partnershipId, demo.partnershipId));
    assert.equal(places.length, 3);
    const multiAgency = await t.database.db
      .select()
      .from(teams)
      .where(and(eq(teams.partnershipId, demo.partnershipId), eq(teams.multiAgency, true)));
    assert.deepEqual(
      places.map((p) => multiAgency.filter((team) => team.localityId === p.id).length),
      [1, 1, 1],
    );
  });

  it('has one account for each role, each able to sign in with the demo password', async () => {
    const accounts = await t.database.db
      .select({ id: people.id, email: people.email, roles: people.roles })
      .from(people)
      .where(eq(people.partnershipId, demo.partnershipId));
    assert.equal(accounts.length, roles.length);
    for (const role of roles) {
      const account = accounts.filter((a) => a.roles.includes(role));
      assert.equal(account.length, 1, role);
      assert.equal(account[0]!.email, demoEmail(role));
      assert.ok(demo.accounts.some((a) => a.role === role && a.email === demoEmail(role)));
      const agent = new Agent(t.app);
      await agent.signIn(demoEmail(role), DEMO_PASSWORD);
      assert.equal((await agent.get('/')).statusCode, 200, role);
    }
    // Those who work with families are in a locality's multi-agency team.
    const members = await t.database.db
      .select({ personId: teamMembers.personId })
      .from(teamMembers)
      .where(eq(teamMembers.partnershipId, demo.partnershipId));
    const practitioner = accounts.find((a) => a.roles.includes('practitioner'))!;
    assert.ok(members.some((m) => m.personId === practitioner.id));
  });

  it('is loaded once: a second start leaves it exactly as its users left it', async () => {
    await t.database.db
      .update(partnerships)
      .set({ name: 'Renamed by its admin' })
      .where(eq(partnerships.id, demo.partnershipId));
    const again = await seedDemo(t.database.db);
    assert.equal(again.partnershipId, demo.partnershipId);
    assert.equal(again.partnershipName, 'Renamed by its admin');
    const all = await t.database.db
      .select()
      .from(partnerships)
      .where(eq(partnerships.slug, DEMO_SLUG));
    assert.equal(all.length, 1);
    assert.equal(
      (
        await t.database.db
          .select()
          .from(people)
          .where(eq(people.partnershipId, demo.partnershipId))
      ).length,
      roles.length,
    );
  });
});
