import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import type { Agent } from '../../../test/support/agent.js';
import { families, familyMembers } from './tables.js';

// The family pages over HTTP: forms, refusals, escaping, and who gets a 404.

const SCRIPT = '<script>alert(1)</script>';

describe('family pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let pat: Agent;
  let familyId: string;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    pat = await signedIn(t, w.practitioner);
  });
  after(() => t.close());

  const membersOf = async (id: string) =>
    (
      await t.database.db
        .select({ n: count() })
        .from(familyMembers)
        .where(eq(familyMembers.familyId, id))
    )[0]!.n;

  it('points practitioners and managers to their families from the home page', async () => {
    assert.match((await pat.get('/')).body, /href="\/families">Families<\/a>/);
    const tam = await signedIn(t, w.trainer);
    assert.doesNotMatch((await tam.get('/')).body, /govuk-!-font-weight-bold" href="\/families"/);
  });

  it('shows an empty caseload with a way to add a family', async () => {
    const res = await pat.get('/families');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /You are not working with any families yet/);
    assert.match(res.body, /href="\/families\/new"/);
    assert.match(res.body, /govuk-service-navigation__link" href="\/families"/);
  });

  it('keeps what was typed when the new family form is refused, and adds nothing', async () => {
    const res = await pat.post(
      '/families/new',
      { name: ' ', firstMemberName: 'Ada', firstMemberRelationship: '' },
      { from: '/families/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#name">Enter the family’s name/);
    assert.match(res.body, /Enter their relationship in the family/);
    assert.match(res.body, /name="firstMemberName"[^>]*value="Ada"/);
    const [{ n }] = (await t.database.db
      .select({ n: count() })
      .from(families)
      .where(eq(families.partnershipId, w.partnership.id))) as [{ n: number }];
    assert.equal(n, 0);
  });

  it('adds a family and shows its page, with the sub-navigation and who is working with it', async () => {
    const res = await pat.post(
      '/families/new',
      { name: 'The Rivers family', firstMemberName: 'Rosa', firstMemberRelationship: 'mum' },
      { from: '/families/new' },
    );
    assert.equal(res.statusCode, 303);
    familyId = /\/families\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    const page = await pat.get(res.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">The Rivers family<\/h1>/);
    assert.match(page.body, /Rosa/);
    for (const [path, text] of [
      ['', 'Overview'],
      ['/network', 'Network'],
      ['/practice', 'Everyday practice'],
      ['/meetings', 'Meetings'],
      ['/plans', 'Plans'],
    ])
      assert.match(page.body, new RegExp(`href="/families/${familyId}${path}"[^>]*>${text}<`));
    assert.match(page.body, /Pat Practitioner \(practitioner\)/);
    assert.match(page.body, new RegExp(`${w.teamA.name} \\(team\\)`));
    assert.ok((await familyAudit(t, 'family.created', familyId)).length === 1);
    assert.ok((await familyAudit(t, 'family.viewed', familyId)).length >= 1);
    const list = await pat.get('/families?q=rivers');
    assert.match(list.body, /The Rivers family/);
    assert.doesNotMatch((await pat.get('/families?q=zzz')).body, /The Rivers family/);
  });

  it('adds a member with a UK date of birth and age, and escapes their name', async () => {
    const url = `/families/${familyId}/members/new`;
    const res = await pat.post(
      url,
      {
        name: SCRIPT,
        relationship: 'eldest son',
        'dateOfBirth-day': '4',
        'dateOfBirth-month': '3',
        'dateOfBirth-year': '2015',
        pronouns: 'he/him',
        preferredLanguage: 'Polish',
        interpreterNeeded: 'yes',
        contact: 'Through mum',
      },
      { from: url },
    );
    assert.equal(res.statusCode, 303);
    const page = await pat.get(`/families/${familyId}`);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page.body, /4 March 2015 \(age 11\)/);
    assert.match(page.body, /Polish/);
    assert.equal((await familyAudit(t, 'family.member_added', familyId)).length, 1);
  });

  it('refuses a date that is not real or is in the future, keeping what was typed', async () => {
    const url = `/families/${familyId}/members/new`;
    const before = await membersOf(familyId);
    const bad = await pat.post(
      url,
      {
        name: 'Lou',
        relationship: 'baby',
        'dateOfBirth-day': '31',
        'dateOfBirth-month': '2',
        'dateOfBirth-year': '2020',
        interpreterNeeded: 'no',
      },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    // The summary links to the day box: the date's own id is the wrapper, which takes no focus.
    assert.match(bad.body, /href="#dateOfBirth-day">Date of birth must be a real date/);
    assert.match(bad.body, /id="dateOfBirth-day"/);
    assert.match(bad.body, /name="dateOfBirth-day" type="text" value="31"/);
    assert.match(bad.body, /value="Lou"/);
    // A date in the future is said with the other mistakes, not after they are put right.
    const future = await pat.post(
      url,
      {
        name: '',
        relationship: 'baby',
        'dateOfBirth-day': '1',
        'dateOfBirth-month': '1',
        'dateOfBirth-year': '2027',
        interpreterNeeded: 'no',
      },
      { from: url },
    );
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /Enter their name/);
    assert.match(future.body, /href="#dateOfBirth-day">Date of birth must be today or in the past/);
    assert.equal(await membersOf(familyId), before);
  });

  it('changes a member, then retires them after a confirmation page', async () => {
    const page = await pat.get(`/families/${familyId}`);
    const memberId = new RegExp(`/families/${familyId}/members/([0-9a-f-]{36})/edit`).exec(
      page.body,
    )![1]!;
    const edit = `/families/${familyId}/members/${memberId}/edit`;
    const form = await pat.get(edit);
    assert.match(form.body, /value="Rosa"|value="&lt;script/);
    const saved = await pat.post(
      edit,
      { name: 'Rosa R', relationship: 'mum', interpreterNeeded: 'no' },
      { from: edit },
    );
    assert.equal(saved.statusCode, 303);
    const retire = `/families/${familyId}/members/${memberId}/retire`;
    const confirm = await pat.get(retire);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to remove/);
    assert.equal((await pat.post(retire, {}, { from: retire })).statusCode, 303);
    const after = await pat.get(`/families/${familyId}`);
    assert.doesNotMatch(after.body, new RegExp(memberId));
    assert.equal((await familyAudit(t, 'family.member_updated', familyId)).length, 1);
    assert.equal((await familyAudit(t, 'family.member_retired', familyId)).length, 1);
  });

  it('refuses the family to a practitioner of another team, and audits each refusal', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    for (const path of ['', '/network', '/members/new', '/network/new', '/workers']) {
      const res = await oli.get(`/families/${familyId}${path}`);
      assert.equal(res.statusCode, 404, path);
      assert.match(res.body, /Page not found/);
      assert.doesNotMatch(res.body, /Rivers/);
    }
    const denied = await familyAudit(t, 'family.viewed', familyId, 'denied');
    assert.ok(denied.length >= 3);
    assert.equal(denied[0]!.actorId, w.otherPractitioner.id);
    assert.equal((await familyAudit(t, 'family.network_viewed', familyId, 'denied')).length, 1);
    const post = await oli.post(
      `/families/${familyId}/members/new`,
      { name: 'X', relationship: 'y', interpreterNeeded: 'no' },
      { from: '/families' },
    );
    assert.equal(post.statusCode, 404);
    assert.equal((await familyAudit(t, 'family.member_added', familyId, 'denied')).length, 1);
    assert.doesNotMatch((await oli.get('/families')).body, /Rivers/);
  });

  it('shows the family to the manager of the allocated team', async () => {
    const mo = await signedIn(t, w.manager);
    const res = await mo.get(`/families/${familyId}`);
    assert.equal(res.statusCode, 200);
    assert.match((await mo.get('/families')).body, /The Rivers family/);
  });

  it('keeps another partnership’s family, and a made-up id, not found', async () => {
    const sam = await signedIn(t, w.stranger);
    assert.equal((await sam.get(`/families/${familyId}`)).statusCode, 404);
    assert.equal((await pat.get('/families/not-a-family')).statusCode, 404);
    assert.equal(
      (await pat.get(`/families/${familyId}/members/not-a-member/edit`)).statusCode,
      404,
    );
  });

  it('refuses adding a family to someone without a family role', async () => {
    const tam = await signedIn(t, w.trainer);
    assert.equal((await tam.get('/families/new')).statusCode, 403);
    assert.doesNotMatch((await tam.get('/families')).body, /href="\/families\/new"/);
    const res = await tam.post('/families/new', { name: 'Nope' }, { from: '/families' });
    assert.equal(res.statusCode, 403);
  });

  it('pages the caseload 25 at a time', async () => {
    const mo = await signedIn(t, w.manager);
    for (let i = 0; i < 25; i++)
      await mo.post(
        '/families/new',
        { name: `Zed ${String(i).padStart(2, '0')}` },
        { from: '/families/new' },
      );
    const first = await mo.get('/families');
    assert.match(first.body, /Showing 1 to 25 of 26 families/);
    assert.match(first.body, /href="\/families\?page=2"/);
    const second = await mo.get('/families?page=2');
    assert.match(second.body, /Zed 24/);
    assert.doesNotMatch(second.body, /The Rivers family/);
  });
});
