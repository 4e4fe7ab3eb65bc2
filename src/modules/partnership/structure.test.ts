import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { adminOfNewPartnership, auditRowsFor } from '../../../test/support/partnership.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { localities, organisations, teams } from '../../platform/tenancy/tables.js';

describe('organisations, localities and teams for a partnership admin', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof adminOfNewPartnership>>;
  before(async () => {
    t = await startTestApp();
    a = await adminOfNewPartnership(t);
  });
  after(() => t.close());

  const idFrom = (location: unknown) => String(location).split('?')[0]!.split('/').pop()!;

  it('links to everything an admin looks after from the hub', async () => {
    const hub = await a.agent.get('/admin');
    assert.equal(hub.statusCode, 200);
    for (const href of [
      '/admin/organisations',
      '/admin/localities',
      '/admin/teams',
      '/admin/people',
      '/framework',
      '/admin/sign-in-settings',
      '/admin/api-tokens',
      '/admin/outbox',
      '/admin/audit',
    ])
      assert.match(hub.body, new RegExp(`href="${href}"`), href);
  });

  it('adds, edits, retires and brings back an organisation', async () => {
    const res = await a.agent.post(
      '/admin/organisations/new',
      { name: 'Harbour NHS Trust', kind: 'nhs' },
      { from: '/admin/organisations/new' },
    );
    assert.equal(res.statusCode, 303);
    const id = idFrom(res.headers.location);
    assert.equal(res.headers.location, `/admin/organisations/${id}?done=created`);
    const page = await a.agent.get(String(res.headers.location));
    assert.match(page.body, /Harbour NHS Trust/);
    assert.match(page.body, /The organisation has been added/);
    // Only the page's own messages: an address cannot make up a success banner.
    for (const made of ['constructor', 'toString', '__proto__'])
      assert.doesNotMatch(
        (await a.agent.get(`/admin/organisations/${id}?done=${made}`)).body,
        /govuk-notification-banner--success/,
        made,
      );
    assert.match(page.body, /NHS trust/);
    assert.equal((await auditRowsFor(t.database.db, 'organisation.created', id)).length, 1);

    const edited = await a.agent.post(
      `/admin/organisations/${id}/edit`,
      { name: 'Harbour Health NHS Trust', kind: 'nhs' },
      { from: `/admin/organisations/${id}/edit` },
    );
    assert.equal(edited.statusCode, 303);
    assert.match(
      (await a.agent.get(String(edited.headers.location))).body,
      /changes have been saved/,
    );
    const [row] = await t.database.db.select().from(organisations).where(eq(organisations.id, id));
    assert.equal(row?.name, 'Harbour Health NHS Trust');

    const confirm = await a.agent.get(`/admin/organisations/${id}/retire`);
    assert.match(confirm.body, /Are you sure you want to retire Harbour Health NHS Trust/);
    const retired = await a.agent.post(`/admin/organisations/${id}/retire`, {});
    assert.equal(retired.statusCode, 303);
    assert.match(
      (await a.agent.get(String(retired.headers.location))).body,
      /The organisation has been retired/,
    );
    assert.doesNotMatch((await a.agent.get('/admin/organisations')).body, /Harbour Health/);
    assert.match((await a.agent.get('/admin/organisations?show=retired')).body, /Harbour Health/);
    assert.match((await a.agent.get('/admin/organisations?show=all')).body, /Harbour Health/);
    assert.equal((await auditRowsFor(t.database.db, 'organisation.retired', id)).length, 1);
    // A retired organisation is no longer offered for new people.
    assert.doesNotMatch((await a.agent.get('/admin/people/new')).body, /Harbour Health/);

    const back = await a.agent.post(`/admin/organisations/${id}/restore`, {});
    assert.equal(back.statusCode, 303);
    assert.match(
      (await a.agent.get(String(back.headers.location))).body,
      /The organisation has been brought back/,
    );
    assert.match((await a.agent.get('/admin/organisations')).body, /Harbour Health/);
  });

  it('says none have been retired, rather than "none yet", when showing retired only', async () => {
    const fresh = await adminOfNewPartnership(t);
    for (const plural of ['organisations', 'localities', 'teams']) {
      const page = await fresh.agent.get(`/admin/${plural}?show=retired`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`No ${plural} have been retired`), plural);
      assert.doesNotMatch(page.body, new RegExp(`no ${plural} to show yet`), plural);
    }
  });

  it('refuses a duplicate organisation name, ignoring case, keeping what was typed', async () => {
    await a.agent.post(
      '/admin/organisations/new',
      { name: 'Northgate School', kind: 'school' },
      { from: '/admin/organisations/new' },
    );
    const before = await snapshot(t.database.query);
    const res = await a.agent.post(
      '/admin/organisations/new',
      { name: 'NORTHGATE school', kind: 'charity' },
      { from: '/admin/organisations/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /An organisation with this name already exists/);
    assert.match(res.body, /value="NORTHGATE school"/);
    assert.match(res.body, /value="charity" checked/);
    assert.deepEqual(await snapshot(t.database.query), before);

    const empty = await a.agent.post('/admin/organisations/new', { name: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the organisation name/);
    assert.match(empty.body, /Choose what kind of organisation it is/);
    assert.deepEqual(await snapshot(t.database.query), before);
  });

  it('the same name may be used by another partnership', async () => {
    const b = await makePartnership(t.database.db);
    await t.database.db
      .insert(organisations)
      .values({ partnershipId: b.partnership.id, name: 'Shared Name Council', kind: 'council' });
    const res = await a.agent.post(
      '/admin/organisations/new',
      { name: 'Shared Name Council', kind: 'council' },
      { from: '/admin/organisations/new' },
    );
    assert.equal(res.statusCode, 303);
  });

  it('adds, edits and retires a locality, and refuses a duplicate', async () => {
    const res = await a.agent.post(
      '/admin/localities/new',
      { name: 'Paulsgrove' },
      { from: '/admin/localities/new' },
    );
    assert.equal(res.statusCode, 303);
    const id = idFrom(res.headers.location);
    const dup = await a.agent.post(
      '/admin/localities/new',
      { name: ' paulsgrove ' },
      { from: '/admin/localities/new' },
    );
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /A locality with this name already exists/);
    const edited = await a.agent.post(
      `/admin/localities/${id}/edit`,
      { name: 'Paulsgrove and Wymering' },
      { from: `/admin/localities/${id}/edit` },
    );
    assert.equal(edited.statusCode, 303);
    const [row] = await t.database.db.select().from(localities).where(eq(localities.id, id));
    assert.equal(row?.name, 'Paulsgrove and Wymering');
    assert.match((await a.agent.get('/admin/localities?q=wymer')).body, /Paulsgrove and Wymering/);
    await a.agent.post(
      `/admin/localities/${id}/retire`,
      {},
      { from: `/admin/localities/${id}/retire` },
    );
    assert.doesNotMatch((await a.agent.get('/admin/localities')).body, /Wymering/);
  });

  it('adds single-agency and multi-agency teams, each needing its organisation or locality', async () => {
    const missing = await a.agent.post(
      '/admin/teams/new',
      { name: 'Early Help East', type: 'multi', organisationId: a.organisation.id },
      { from: '/admin/teams/new' },
    );
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Choose the locality the team serves/);
    assert.match(missing.body, /value="Early Help East"/);

    const multi = await a.agent.post(
      '/admin/teams/new',
      { name: 'Early Help East', type: 'multi', localityId: a.locality.id },
      { from: '/admin/teams/new' },
    );
    assert.equal(multi.statusCode, 303);
    const single = await a.agent.post(
      '/admin/teams/new',
      { name: 'Youth Offending', type: 'single', organisationId: a.organisation.id },
      { from: '/admin/teams/new' },
    );
    assert.equal(single.statusCode, 303);
    const [row] = await t.database.db
      .select()
      .from(teams)
      .where(eq(teams.id, idFrom(single.headers.location)));
    assert.equal(row?.multiAgency, false);
    assert.equal(row?.organisationId, a.organisation.id);
    assert.equal(row?.localityId, null);

    const list = await a.agent.get('/admin/teams?q=east');
    assert.match(list.body, /Early Help East/);
    assert.match(list.body, /Multi-agency/);
    assert.doesNotMatch(list.body, /Youth Offending/);

    const dup = await a.agent.post(
      '/admin/teams/new',
      { name: 'youth offending', type: 'single', organisationId: a.organisation.id },
      { from: '/admin/teams/new' },
    );
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /A team with this name already exists/);

    // Another partnership's organisation cannot own one of our teams.
    const b = await makePartnership(t.database.db);
    const foreign = await a.agent.post(
      '/admin/teams/new',
      { name: 'Borrowed', type: 'single', organisationId: b.organisation.id },
      { from: '/admin/teams/new' },
    );
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Choose an organisation from the list/);
  });

  it('a team’s page lists its members, and a team can be edited and retired', async () => {
    const member = await makePerson(t.database.db, a.partnership.id, {
      name: 'Mo Member',
      teamIds: [a.team.id],
    });
    const page = await a.agent.get(`/admin/teams/${a.team.id}`);
    assert.match(page.body, /Mo Member/);
    assert.ok(page.body.includes(`/admin/people/${member.id}`));
    const edited = await a.agent.post(
      `/admin/teams/${a.team.id}/edit`,
      { name: 'Renamed Team', type: 'single', organisationId: a.organisation.id },
      { from: `/admin/teams/${a.team.id}/edit` },
    );
    assert.equal(edited.statusCode, 303);
    assert.match((await a.agent.get(`/admin/teams/${a.team.id}`)).body, /Renamed Team/);
    assert.equal((await a.agent.post(`/admin/teams/${a.team.id}/retire`, {})).statusCode, 303);
    assert.match((await a.agent.get(`/admin/teams/${a.team.id}`)).body, /was retired on/);
  });

  it('another partnership’s organisations, localities and teams are not found', async () => {
    const b = await makePartnership(t.database.db);
    const before = await snapshot(t.database.query, ['rate_limits', 'audit_events']);
    for (const [base, id] of [
      ['/admin/organisations', b.organisation.id],
      ['/admin/localities', b.locality.id],
      ['/admin/teams', b.team.id],
    ] as const) {
      for (const path of ['', '/edit', '/retire'])
        assert.equal((await a.agent.get(`${base}/${id}${path}`)).statusCode, 404, base + path);
      for (const path of ['/retire', '/restore', '/edit'])
        assert.equal(
          (await a.agent.post(`${base}/${id}${path}`, { name: 'Mine now', kind: 'other' }))
            .statusCode,
          404,
          base + path,
        );
      const list = await a.agent.get(`${base}?show=all`);
      assert.equal(list.body.includes(id), false, base);
    }
    assert.deepEqual(await snapshot(t.database.query, ['rate_limits', 'audit_events']), before);
  });

  it('pages lists 25 at a time', async () => {
    for (let i = 1; i <= 27; i++)
      await t.database.db
        .insert(localities)
        .values({ partnershipId: a.partnership.id, name: `Ward ${String(i).padStart(2, '0')}` });
    const first = await a.agent.get('/admin/localities?q=ward');
    assert.match(first.body, /Showing 1 to 25 of 27 localities/);
    const second = await a.agent.get('/admin/localities?q=ward&page=2');
    assert.match(second.body, /Showing 26 to 27 of 27 localities/);
    assert.match(second.body, /Ward 27/);
  });
});
