import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePartnership, makePerson, PASSWORD } from '../support/factories.js';
import { startBrowserSuite, type BrowserSuite } from './support.js';

// Every partnership admin page, with data, empty, and with errors, checked by axe.
describe('partnership admin pages in a browser', () => {
  let s: BrowserSuite;
  let made: Awaited<ReturnType<typeof makePartnership>>;
  let admin: { id: string; email: string };
  let person: { id: string };
  before(async () => {
    s = await startBrowserSuite();
    made = await makePartnership(s.t.database.db);
    admin = await makePerson(s.t.database.db, made.partnership.id, { roles: ['admin'] });
    person = await makePerson(s.t.database.db, made.partnership.id, {
      teamIds: [made.team.id],
      organisationId: made.organisation.id,
      trainingLayer: 'frontline',
    });
    for (let i = 0; i < 30; i++)
      await makePerson(s.t.database.db, made.partnership.id, { name: `Listed ${i}` });
  });
  after(() => s?.close());

  it('every page passes axe', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    const pages = [
      '/admin',
      '/admin/organisations',
      '/admin/organisations?q=nothing-matches',
      '/admin/organisations/new',
      `/admin/organisations/${made.organisation.id}`,
      `/admin/organisations/${made.organisation.id}/edit`,
      `/admin/organisations/${made.organisation.id}/retire`,
      '/admin/localities',
      '/admin/localities/new',
      `/admin/localities/${made.locality.id}`,
      `/admin/localities/${made.locality.id}/retire`,
      '/admin/teams',
      '/admin/teams/new',
      `/admin/teams/${made.team.id}`,
      `/admin/teams/${made.team.id}/edit`,
      '/admin/people',
      '/admin/people?page=2',
      '/admin/people?q=nobody-at-all',
      '/admin/people/new',
      `/admin/people/${person.id}`,
      `/admin/people/${person.id}/edit`,
      `/admin/people/${person.id}/deactivate`,
    ];
    for (const path of pages) {
      const res = await j.visit(path);
      assert.equal(res?.status(), 200, path);
    }
  });

  it('error pages pass axe; deactivating and reactivating from the person’s page', async () => {
    const j = await s.journey();
    await j.signIn(admin.email, PASSWORD);
    await j.visit('/admin/people/new');
    await j.submit({ 'Email address': 'not an email' }, 'Save and send invitation');
    assert.match(await j.page.title(), /^Error: /);
    await j.visit('/admin/organisations/new');
    await j.submit({}, 'Save');
    assert.match(await j.page.title(), /^Error: /);

    await j.visit(`/admin/people/${person.id}/deactivate`);
    await j.submit({}, 'Yes, deactivate');
    assert.equal(j.pathname(), `/admin/people/${person.id}`);
    assert.equal(await j.page.getByText('has been deactivated').count(), 1);
    await j.submit({}, 'Reactivate');
    assert.equal(await j.page.getByText('can sign in again').count(), 1);
  });
});
