import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import {
  adminOfNewPartnership,
  auditRowsFor,
  latestMailTo,
} from '../../../test/support/partnership.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { sessions } from '../../platform/auth/tables.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { people, teamMembers } from '../../platform/tenancy/tables.js';

describe('people pages for a partnership admin', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof adminOfNewPartnership>>;
  before(async () => {
    t = await startTestApp();
    a = await adminOfNewPartnership(t);
  });
  after(() => t.close());

  const personByEmail = async (email: string) =>
    (await t.database.db.select().from(people).where(eq(people.email, email)))[0];

  it('adds a person with teams, roles and a training layer, and emails an invitation that signs them in', async () => {
    const res = await a.agent.post(
      '/admin/people/new',
      {
        name: 'Nia Newcomer',
        email: '  Nia.Newcomer@Example.TEST ',
        organisationId: a.organisation.id,
        teamIds: a.team.id,
        roles: ['practitioner', 'facilitator'],
        trainingLayer: 'frontline',
      },
      { from: '/admin/people/new' },
    );
    assert.equal(res.statusCode, 303);
    const person = await personByEmail('nia.newcomer@example.test');
    assert.ok(person);
    assert.equal(res.headers.location, `/admin/people/${person.id}?done=created`);
    const shown = await a.agent.get(res.headers.location);
    assert.match(shown.body, /We have emailed an invitation to nia\.newcomer@example\.test/);
    assert.match(shown.body, /Invited\s*<\/strong>\s*They have not chosen a password yet\./);
    assert.deepEqual([...person.roles].sort(), ['facilitator', 'practitioner']);
    assert.equal(person.trainingLayer, 'frontline');
    assert.equal(person.organisationId, a.organisation.id);
    assert.equal(person.passwordHash, null);
    const memberships = await t.database.db
      .select()
      .from(teamMembers)
      .where(eq(teamMembers.personId, person.id));
    assert.deepEqual(
      memberships.map((m) => m.teamId),
      [a.team.id],
    );
    assert.equal((await auditRowsFor(t.database.db, 'person.created', person.id)).length, 1);

    const { mail, invitation } = await latestMailTo(t.database.db, person.email);
    assert.equal(mail?.status, 'local');
    assert.equal(mail?.partnershipId, a.partnership.id);
    assert.ok(invitation, 'the email holds an invitation link');

    const page = await a.agent.get(`/admin/people/${person.id}`);
    assert.match(page.body, /Invited/);
    assert.match(page.body, /Resend invitation/);

    const newcomer = new Agent(t.app);
    assert.equal((await newcomer.get(invitation)).statusCode, 200);
    const set = await newcomer.post(invitation, { password: PASSWORD, confirm: PASSWORD });
    assert.equal(set.statusCode, 303);
    const home = await newcomer.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Welcome, Nia Newcomer/);
    assert.match((await a.agent.get(`/admin/people/${person.id}`)).body, /Active/);
  });

  it('keeps what was typed and changes nothing when the form has mistakes', async () => {
    const before = await snapshot(t.database.query);
    const res = await a.agent.post(
      '/admin/people/new',
      { name: '', email: 'not-an-email', roles: 'manager', teamIds: a.team.id, trainingLayer: 'x' },
      { from: '/admin/people/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Add a person/);
    assert.match(res.body, /Enter the person’s full name/);
    assert.match(res.body, /Enter an email address in the correct format/);
    assert.match(res.body, /value="not-an-email"/);
    assert.match(res.body, /value="manager" checked/);
    assert.match(res.body, new RegExp(`value="${a.team.id}" checked`));
    assert.deepEqual(await snapshot(t.database.query), before);
  });

  it('refuses an email address already in use, in any partnership and any case', async () => {
    const other = await makePartnership(t.database.db);
    const elsewhere = await makePerson(t.database.db, other.partnership.id, {
      email: 'taken@example.test',
    });
    const before = await snapshot(t.database.query);
    const res = await a.agent.post(
      '/admin/people/new',
      { name: 'Second Sam', email: 'TAKEN@example.test', roles: 'practitioner' },
      { from: '/admin/people/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /A person with this email address already exists/);
    assert.match(res.body, /value="Second Sam"/);
    assert.deepEqual(await snapshot(t.database.query), before);
    assert.ok(elsewhere);
  });

  it('edits a person, and refuses to take another person’s email', async () => {
    const person = await makePerson(t.database.db, a.partnership.id, { name: 'Ed Before' });
    const other = await makePerson(t.database.db, a.partnership.id);
    const edit = await a.agent.get(`/admin/people/${person.id}/edit`);
    assert.match(edit.body, /value="Ed Before"/);
    const clash = await a.agent.post(`/admin/people/${person.id}/edit`, {
      name: 'Ed After',
      email: other.email,
    });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /A person with this email address already exists/);
    const res = await a.agent.post(
      `/admin/people/${person.id}/edit`,
      {
        name: 'Ed After',
        email: person.email,
        roles: ['manager'],
        teamIds: a.team.id,
        trainingLayer: 'manager',
      },
      { from: `/admin/people/${person.id}/edit` },
    );
    assert.equal(res.statusCode, 303);
    const saved = await personByEmail(person.email);
    assert.equal(saved?.name, 'Ed After');
    assert.deepEqual(saved?.roles, ['manager']);
    assert.equal((await auditRowsFor(t.database.db, 'person.updated', person.id)).length, 1);
    const page = await a.agent.get(`/admin/people/${person.id}`);
    assert.match(page.body, /Ed After/);
    assert.match(page.body, new RegExp(a.team.name));
  });

  it('deactivating signs the person out everywhere at once and keeps their history; reactivating lets them back', async () => {
    const person = await makePerson(t.database.db, a.partnership.id, { name: 'Dee Activated' });
    const laptop = new Agent(t.app);
    const phone = new Agent(t.app);
    await laptop.signIn(person.email, PASSWORD);
    await phone.signIn(person.email, PASSWORD);
    assert.equal((await laptop.get('/')).statusCode, 200);

    const confirm = await a.agent.get(`/admin/people/${person.id}/deactivate`);
    assert.match(confirm.body, /Are you sure you want to deactivate Dee Activated/);
    const res = await a.agent.post(`/admin/people/${person.id}/deactivate`, {});
    assert.equal(res.statusCode, 303);

    for (const device of [laptop, phone]) {
      const again = await device.get('/');
      assert.equal(again.statusCode, 303);
      assert.match(String(again.headers.location), /^\/sign-in/);
    }
    assert.equal(
      (await t.database.db.select().from(sessions).where(eq(sessions.personId, person.id))).length,
      0,
    );
    const kept = await personByEmail(person.email);
    assert.ok(kept?.deactivatedAt, 'the person is kept, marked deactivated');
    const history = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, person.id));
    assert.ok(history.length >= 2, 'their sign-ins are still in the audit log');
    assert.equal((await auditRowsFor(t.database.db, 'person.deactivated', person.id)).length, 1);
    await assert.rejects(new Agent(t.app).signIn(person.email, PASSWORD));

    const page = await a.agent.get(`/admin/people/${person.id}?done=deactivated`);
    assert.match(page.body, /Deactivated/);
    assert.equal(
      (await a.agent.get('/admin/people?q=Dee+Activated')).body.includes(person.id),
      false,
    );
    assert.ok(
      (await a.agent.get('/admin/people?q=Dee+Activated&status=deactivated')).body.includes(
        person.id,
      ),
    );

    const back = await a.agent.post(`/admin/people/${person.id}/reactivate`, {});
    assert.equal(back.statusCode, 303);
    await new Agent(t.app).signIn(person.email, PASSWORD);
  });

  it('refuses a team that is not an id, keeping the form', async () => {
    const res = await a.agent.post(
      '/admin/people/new',
      { name: 'Odd Teams', email: 'odd.teams@example.test', teamIds: 'x', roles: ['practitioner'] },
      { from: '/admin/people/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose their teams from the list/);
    assert.match(res.body, /value="odd.teams@example.test"/);
  });

  it('an admin cannot deactivate themselves', async () => {
    const res = await a.agent.post(`/admin/people/${a.admin.id}/deactivate`, {});
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /You cannot deactivate your own account/);
    // The page that says so does not offer the button again.
    assert.doesNotMatch(res.body, new RegExp(`href="/admin/people/${a.admin.id}/deactivate"`));
    assert.equal((await personByEmail(a.admin.email))?.deactivatedAt, null);
  });

  it('resends an invitation only to someone who has not yet set a password', async () => {
    const invited = await makePerson(t.database.db, a.partnership.id, { password: false });
    const res = await a.agent.post(`/admin/people/${invited.id}/resend-invitation`, {});
    assert.equal(res.statusCode, 303);
    const { invitation } = await latestMailTo(t.database.db, invited.email);
    assert.ok(invitation);
    const active = await makePerson(t.database.db, a.partnership.id);
    const refused = await a.agent.post(`/admin/people/${active.id}/resend-invitation`, {});
    assert.equal(refused.statusCode, 400);
    // Nothing on the page to link to: the summary says it without a link that goes nowhere.
    assert.match(refused.body, /<li>\s*Only people who have not yet set a password/);
    assert.doesNotMatch(refused.body, /href="#form"/);
    assert.equal((await latestMailTo(t.database.db, active.email)).mail, undefined);
  });

  it('an invitation to a mistyped address stops working once the address is corrected', async () => {
    const typo = 'bea.boss@exmaple.test';
    const added = await a.agent.post(
      '/admin/people/new',
      { name: 'Bea Boss', email: typo, roles: ['admin'] },
      { from: '/admin/people/new' },
    );
    assert.equal(added.statusCode, 303);
    const person = (await personByEmail(typo))!;
    const first = (await latestMailTo(t.database.db, typo)).invitation!;
    const fixed = await a.agent.post(
      `/admin/people/${person.id}/edit`,
      { name: 'Bea Boss', email: 'bea.boss@example.test', roles: ['admin'] },
      { from: `/admin/people/${person.id}/edit` },
    );
    assert.equal(fixed.statusCode, 303);
    assert.equal(fixed.headers.location, `/admin/people/${person.id}?done=invited`);
    assert.match(
      (await a.agent.get(String(fixed.headers.location))).body,
      /We have emailed a new invitation to bea\.boss@example\.test/,
    );
    const stranger = new Agent(t.app);
    assert.equal((await stranger.get(first)).statusCode, 410, 'the old address’s link is dead');

    // The corrected address has its own invitation, sent with the change.
    const second = (await latestMailTo(t.database.db, 'bea.boss@example.test')).invitation!;
    const bea = new Agent(t.app);
    assert.equal((await bea.get(second)).statusCode, 200);
    assert.equal(
      (await bea.post(second, { password: PASSWORD, confirm: PASSWORD })).statusCode,
      303,
    );
    const late = await stranger.post(
      first,
      { password: 'a stranger’s phrase', confirm: 'a stranger’s phrase' },
      { from: '/sign-in' },
    );
    assert.equal(late.statusCode, 410);
    await new Agent(t.app).signIn('bea.boss@example.test', PASSWORD);
  });

  it('a new invitation replaces the last, and deactivating someone ends their links', async () => {
    const invited = await makePerson(t.database.db, a.partnership.id, { password: false });
    await a.agent.post(`/admin/people/${invited.id}/resend-invitation`, {});
    const first = (await latestMailTo(t.database.db, invited.email)).invitation!;
    t.clock.advance(1000);
    await a.agent.post(`/admin/people/${invited.id}/resend-invitation`, {});
    const second = (await latestMailTo(t.database.db, invited.email)).invitation!;
    assert.notEqual(first, second);
    assert.equal((await new Agent(t.app).get(first)).statusCode, 410);
    assert.equal((await new Agent(t.app).get(second)).statusCode, 200);
    await a.agent.post(`/admin/people/${invited.id}/deactivate`, {});
    await a.agent.post(`/admin/people/${invited.id}/reactivate`, {});
    assert.equal((await new Agent(t.app).get(second)).statusCode, 410);
  });

  it('every view of a person’s page writes a person.viewed audit row', async () => {
    const person = await makePerson(t.database.db, a.partnership.id);
    await a.agent.get(`/admin/people/${person.id}`);
    await a.agent.get(`/admin/people/${person.id}`);
    const rows = await auditRowsFor(t.database.db, 'person.viewed', person.id);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.actorId, a.admin.id);
    assert.equal(rows[0]?.recordType, 'person');
    assert.equal(rows[0]?.partnershipId, a.partnership.id);
    assert.equal(rows[0]?.actorRole, 'admin');
    assert.equal(rows[0]?.outcome, 'allowed');
    assert.ok(rows[0]?.requestId);
  });

  it('searches by name or email and pages 25 at a time', async () => {
    for (let i = 1; i <= 30; i++)
      await makePerson(t.database.db, a.partnership.id, {
        name: `Zebedee ${String(i).padStart(2, '0')}`,
        email: `zeb-${i}@pager.example.test`,
      });
    const first = await a.agent.get('/admin/people?q=zebedee');
    assert.match(first.body, /Showing 1 to 25 of 30 people/);
    assert.match(first.body, /Zebedee 01/);
    assert.doesNotMatch(first.body, /Zebedee 26/);
    assert.match(first.body, /href="\/admin\/people\?q=zebedee&amp;page=2"/);
    const second = await a.agent.get('/admin/people?q=zebedee&page=2');
    assert.match(second.body, /Showing 26 to 30 of 30 people/);
    assert.match(second.body, /Zebedee 30/);
    // An old link past the end says so and offers the last page, not "no one to show yet".
    const past = await a.agent.get('/admin/people?q=zebedee&page=9');
    assert.match(past.body, /There is nothing on this page/);
    assert.match(past.body, /href="\/admin\/people\?q=zebedee&amp;page=2">Go to the last page/);
    assert.doesNotMatch(past.body, /There is no one to show yet|No one matches/);
    const byEmail = await a.agent.get('/admin/people?q=ZEB-7%40pager');
    assert.match(byEmail.body, /Zebedee 07/);
    assert.match(byEmail.body, /Showing 1 to 1 of 1 people/);
    const wildcard = await a.agent.get('/admin/people?q=%25');
    assert.match(wildcard.body, /No one matches your search/);
    // Words too long for a search are cut, not dropped (which listed everyone).
    const long = await a.agent.get(`/admin/people?q=zebedee${'x'.repeat(300)}`);
    assert.match(long.body, /No one matches your search/);
    // A filter the page never offers (an edited link) is no filter here; the API refuses it.
    const edited = await a.agent.get('/admin/people?q=zebedee&status=deactived&role=boss');
    assert.equal(edited.statusCode, 200);
    assert.match(edited.body, /Showing 1 to 25 of 30 people/);
    const byRole = await a.agent.get('/admin/people?role=admin');
    assert.match(byRole.body, /Ada Admin/);
    assert.doesNotMatch(byRole.body, /Zebedee/);
  });

  it('with no one of the status asked for, says no one matches rather than "no one yet"', async () => {
    const fresh = await adminOfNewPartnership(t);
    const page = await fresh.agent.get('/admin/people?status=deactivated');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No one matches your search/);
    assert.doesNotMatch(page.body, /There is no one to show yet/);
  });

  it('filters people by team', async () => {
    const member = await makePerson(t.database.db, a.partnership.id, {
      name: 'Tam Teammate',
      teamIds: [a.team.id],
    });
    const res = await a.agent.get(`/admin/people?teamId=${a.team.id}`);
    assert.ok(res.body.includes(member.id));
    assert.doesNotMatch(res.body, /Zebedee/);
  });

  it('never shows another partnership’s people, and their pages are not found', async () => {
    const b = await makePartnership(t.database.db);
    const stranger = await makePerson(t.database.db, b.partnership.id, {
      name: 'Olwen Otherplace',
    });
    const list = await a.agent.get('/admin/people?q=Olwen');
    assert.match(list.body, /No one matches your search/);
    assert.equal(list.body.includes(stranger.id), false);
    assert.doesNotMatch((await a.agent.get('/admin/people?status=all')).body, /Olwen/);
    for (const url of [
      `/admin/people/${stranger.id}`,
      `/admin/people/${stranger.id}/edit`,
      `/admin/people/${stranger.id}/deactivate`,
      '/admin/people/not-an-id',
    ])
      assert.equal((await a.agent.get(url)).statusCode, 404, url);
    const before = await snapshot(t.database.query, ['rate_limits', 'audit_events']);
    for (const url of [
      `/admin/people/${stranger.id}/deactivate`,
      `/admin/people/${stranger.id}/resend-invitation`,
    ])
      assert.equal((await a.agent.post(url, {})).statusCode, 404, url);
    const edit = await a.agent.post(`/admin/people/${stranger.id}/edit`, {
      name: 'Hijacked',
      email: stranger.email,
    });
    assert.equal(edit.statusCode, 404);
    assert.deepEqual(await snapshot(t.database.query, ['rate_limits', 'audit_events']), before);
    // Another partnership's team cannot be given to one of ours.
    const ours = await makePerson(t.database.db, a.partnership.id);
    const res = await a.agent.post(`/admin/people/${ours.id}/edit`, {
      name: ours.name,
      email: ours.email,
      teamIds: b.team.id,
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose their teams from the list/);
  });

  it('a practitioner is refused the admin pages', async () => {
    const practitioner = await makePerson(t.database.db, a.partnership.id);
    const agent = new Agent(t.app);
    await agent.signIn(practitioner.email, PASSWORD);
    for (const url of [
      '/admin',
      '/admin/people',
      '/admin/people/new',
      `/admin/people/${practitioner.id}`,
      '/admin/organisations',
      '/admin/teams',
      '/admin/localities',
    ])
      assert.equal((await agent.get(url)).statusCode, 403, url);
    const res = await agent.post('/admin/people/new', { name: 'X', email: 'x@example.test' });
    assert.equal(res.statusCode, 403);
  });
});
