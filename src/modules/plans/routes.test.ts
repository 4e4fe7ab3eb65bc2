import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import { makePerson } from '../../../test/support/factories.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { planEntries, plans } from './tables.js';

// The plan pages over HTTP: advice after saving, the conflict page, refusals, escaping. The API
// has its own tests (api.test.ts).

const SCRIPT = '<script>alert(1)</script>';

describe('plan pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof familyWithPlan>>;
  let pat: Agent;
  let mo: Agent;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await familyWithPlan(w.ctx.practitioner());
    pat = await signedIn(t, w.practitioner);
    mo = await signedIn(t, w.manager);
  });
  after(() => t.close());

  const plan = () => `/plans/${f.planId}`;

  it('lists the family’s plans and starts a new one, keeping what was typed when refused', async () => {
    const list = await pat.get(`/families/${f.familyId}/plans`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Our plan for a calmer home/);
    const url = `/families/${f.familyId}/plans/new`;
    const bad = await pat.post(url, { title: ' ', outcome: 'Kept words' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    // The tab says whose plan it is, for someone with several families open.
    assert.match(bad.body, /<title>Error: Start a plan – The Oak family – /);
    assert.match(bad.body, /Kept words/);
    const ok = await pat.post(url, { title: 'A second plan', outcome: '' }, { from: url });
    assert.equal(ok.statusCode, 303);
    assert.match(ok.headers.location as string, /^\/plans\/[0-9a-f-]{36}\?done=created$/);
  });

  it('saves words with jargon and labels, then gives plain-language advice on the next page', async () => {
    const url = `${plan()}/entries/new`;
    const res = await pat.post(
      url,
      {
        sectionId: f.sections[0]!.id,
        author: `family:${f.joId}`,
        text: `Contact with dad stopped. ${SCRIPT}`,
      },
      { from: url },
    );
    assert.equal(res.statusCode, 303, 'advice is not a block');
    const page = await pat.get(res.headers.location as string);
    assert.match(page.body, /In Jo’s words/);
    assert.match(page.body, /Plain language advice/);
    assert.match(page.body, /“Contact”/);
    assert.match(page.body, /time together/);
    assert.match(page.body, /Reading ease/);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(page.body, /&lt;script&gt;/);
  });

  it('keeps what was typed when an entry is refused', async () => {
    const url = `${plan()}/entries/new`;
    const res = await pat.post(
      url,
      { sectionId: f.sections[0]!.id, author: '', text: 'Kept text' },
      { from: url },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose whose words these are/);
    assert.match(res.body, /Kept text/);
  });

  it('two people edit the same words: the second gets a 409 page with both versions, and can re-apply', async () => {
    const [entry] = await t.database.db
      .select()
      .from(planEntries)
      .where(eq(planEntries.planId, f.planId));
    const edit = `${plan()}/entries/${entry!.id}/edit`;
    await pat.get(edit);
    await mo.get(edit);
    const first = await pat.post(edit, {
      text: 'Time with dad stopped.',
      note: 'Jo asked',
      version: '1',
    });
    assert.equal(first.statusCode, 303);
    const second = await mo.post(edit, {
      text: 'Dad has not visited since May.',
      note: 'Jo told me',
      version: '1',
    });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /This plan changed since you opened it/);
    assert.match(second.body, /Time with dad stopped\./);
    assert.match(second.body, /Dad has not visited since May\./);
    assert.match(second.body, /name="version" value="2"/);
    const again = await mo.post(edit, {
      text: 'Dad has not visited since May.',
      note: 'Jo told me',
      version: '2',
    });
    assert.equal(again.statusCode, 303);
    const history = await mo.get(`${plan()}/history`);
    assert.match(history.body, /Time with dad stopped\./);
    assert.match(history.body, /Dad has not visited since May\./);
    assert.match(history.body, /Pat Practitioner/);
    assert.match(history.body, /Mo Manager/);
    const page = await pat.get(plan());
    assert.match(page.body, /Changed .* by Mo Manager: “Jo told me”/);

    // Saving the same words again says nothing was changed, and records no change.
    const same = await pat.post(edit, {
      text: 'Dad has not visited since May.',
      note: 'Read it back to Jo',
      version: '3',
    });
    assert.equal(same.headers.location, `${plan()}?done=entry-unchanged`);
    const told = await pat.get(same.headers.location);
    assert.match(told.body, /Nothing was changed: the words were the same as before\./);
    assert.doesNotMatch(told.body, /Read it back to Jo/);
  });

  it('adds an action, updates its status, and refuses a stale status with a 409 page', async () => {
    const url = `${plan()}/actions/new`;
    const bad = await pat.post(
      url,
      { what: 'Kept action', owner: '', dueOn: '2026-02-31' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Kept action/);
    assert.match(bad.body, /must be a real date/);
    const gone = await pat.post(
      url,
      { what: '', owner: `professional:${w.practitioner.id}`, dueOn: '1/1/2020' },
      { from: url },
    );
    assert.equal(gone.statusCode, 400);
    assert.match(gone.body, /value="1\/1\/2020"/);
    // Reported with the form's other mistakes, not after them.
    assert.match(gone.body, /href="#what">/);
    assert.match(gone.body, /href="#dueOn">The date it is due by must be today or later/);
    const ok = await pat.post(
      url,
      { what: 'Call the school', owner: `professional:${w.practitioner.id}`, dueOn: '2026-11-25' },
      { from: url },
    );
    assert.equal(ok.statusCode, 303);
    // Typed the British way, where a browser shows no date picker.
    const typed = await pat.post(
      url,
      { what: 'Ring Nan', owner: `professional:${w.practitioner.id}`, dueOn: '3/12/2026' },
      { from: url },
    );
    assert.equal(typed.statusCode, 303);
    const page = await pat.get(plan());
    assert.match(page.body, /3 December 2026/);
    const statusUrl = /href="(\/plans\/[^"]+\/status)"/.exec(page.body)![1]!;
    assert.equal(
      (await pat.post(statusUrl, { status: 'done', version: '1' }, { from: statusUrl })).statusCode,
      303,
    );
    const stale = await mo.post(statusUrl, { status: 'stuck', version: '1' }, { from: statusUrl });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Their version: <strong>Done/);
    assert.match(stale.body, /Your version: <strong>Stuck/);
  });

  it('downloads a PDF and retires a plan only after a confirmation page', async () => {
    const pdf = await pat.get(`${plan()}/plan.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(
      pdf.headers['content-disposition'],
      'attachment; filename="our-plan-for-a-calmer-home.pdf"',
    );
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const confirm = await pat.get(`${plan()}/retire`);
    assert.match(confirm.body, /Are you sure you want to retire/);
    const [other] = await t.database.db
      .select()
      .from(plans)
      .where(and(eq(plans.familyId, f.familyId), eq(plans.title, 'A second plan')));
    const res = await pat.post(
      `/plans/${other!.id}/retire`,
      {},
      { from: `/plans/${other!.id}/retire` },
    );
    assert.equal(res.statusCode, 303);
    const [retired] = await t.database.db.select().from(plans).where(eq(plans.id, other!.id));
    assert.ok(retired!.retiredAt, 'kept, marked retired');
  });

  it('a practitioner of another team gets 404 for every plan page, with a denied audit row', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    for (const url of [
      `/families/${f.familyId}/plans`,
      plan(),
      `${plan()}/history`,
      `${plan()}/plan.pdf`,
    ])
      assert.equal((await oli.get(url)).statusCode, 404, url);
    assert.ok((await familyAudit(t, 'plan.viewed', f.familyId, 'denied')).length >= 1);
  });

  it('the API without a bearer token is refused (401 problem+json), cookies or not', async () => {
    const res = await pat.get(`/api/v1/plans/${f.planId}`);
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
  });

  it('admins rename, add, reorder and retire plan sections', async () => {
    const admin = await makePerson(t.database.db, w.partnership.id, { roles: ['admin'] });
    const a = await signedIn(t, admin);
    assert.equal((await pat.get('/admin/plan-sections')).statusCode, 403);
    const page = await a.get('/admin/plan-sections');
    assert.match(page.body, /What we are worried about/);
    const dup = await a.post(
      '/admin/plan-sections',
      { title: 'What is working well' },
      { from: '/admin/plan-sections' },
    );
    assert.equal(dup.statusCode, 400);
    assert.equal(
      (
        await a.post(
          '/admin/plan-sections',
          { title: 'Our strengths' },
          { from: '/admin/plan-sections' },
        )
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await a.post(
          `/admin/plan-sections/${f.sections[0]!.id}`,
          { title: 'What worries us' },
          { from: '/admin/plan-sections' },
        )
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await a.post(
          `/admin/plan-sections/${f.sections[0]!.id}/move`,
          { direction: 'down' },
          { from: '/admin/plan-sections' },
        )
      ).statusCode,
      303,
    );
    const confirm = await a.get(`/admin/plan-sections/${f.sections[1]!.id}/retire`);
    assert.match(confirm.body, /Are you sure/);
    assert.equal(
      (await a.post(`/admin/plan-sections/${f.sections[1]!.id}/retire`, {})).statusCode,
      303,
    );
    const after = await a.get('/admin/plan-sections');
    const order = [...after.body.matchAll(/name="title" type="text" value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(order.slice(0, 3), [
      'What worries us',
      'What needs to happen',
      'Our strengths',
    ]);
  });

  it('never retires the last section left: plans need somewhere to write', async () => {
    const admin = await makePerson(t.database.db, w.partnership.id, { roles: ['admin'] });
    const a = await signedIn(t, admin);
    const page = await a.get('/admin/plan-sections');
    const ids = [...page.body.matchAll(/\/admin\/plan-sections\/([0-9a-f-]{36})\/retire/g)].map(
      (m) => m[1]!,
    );
    assert.ok(ids.length > 1);
    for (const id of ids.slice(1))
      assert.equal((await a.post(`/admin/plan-sections/${id}/retire`, {})).statusCode, 303);
    const last = await a.post(`/admin/plan-sections/${ids[0]}/retire`, {});
    assert.equal(last.statusCode, 409);
    assert.match(last.body, /Plans need at least one section/);
    assert.match((await a.get('/admin/plan-sections')).body, new RegExp(`${ids[0]}/retire`));
  });

  it('asks for an action’s date in a text box, so a date that does not exist is refused, not dropped', async () => {
    // A browser's date picker sends nothing at all for 31/02/2027, and the action would be
    // saved with no date: a text box sends what was typed, for the check to refuse.
    const url = `${plan()}/actions/new`;
    const form = await pat.get(url);
    assert.match(form.body, /id="dueOn" name="dueOn" type="text"/);
    assert.match(
      (await pat.get(`${plan()}/reviews/new`)).body,
      /id="dueOn" name="dueOn" type="text"/,
    );
    const res = await pat.post(
      url,
      { what: 'Walk to school together', owner: `family:${f.joId}`, dueOn: '31/2/2027' },
      { from: url },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /The date it is due by must be a real date, like 27\/3\/2027/);
    assert.match(res.body, /value="31\/2\/2027"/);
  });

  it('shows words written on several lines on several lines, still escaped', async () => {
    const url = `${plan()}/entries/new`;
    const res = await pat.post(
      url,
      {
        sectionId: f.sections[0]!.id,
        author: `family:${f.joId}`,
        text: `Mornings are hard.\nBedtimes are better. ${SCRIPT}`,
      },
      { from: url },
    );
    assert.equal(res.statusCode, 303);
    const page = await pat.get(plan());
    assert.match(page.body, /Mornings are hard\.<br \/>\s*Bedtimes are better\. &lt;script&gt;/);
    assert.ok(!page.body.includes(SCRIPT));
  });

  it('refuses a review date gone by, saying why and keeping what was typed', async () => {
    const url = `${plan()}/reviews/new`;
    const res = await pat.post(url, { dueOn: '2026-11-01' }, { from: url });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /The review date must be today or later/);
    assert.match(res.body, /value="2026-11-01"/);
    const ok = await pat.post(url, { dueOn: '15/1/2027' }, { from: url });
    assert.equal(ok.statusCode, 303);
    const history = await pat.get(`${plan()}/history`);
    assert.match(history.body, /Review date added[\s\S]*<ins>15 January 2027<\/ins>/);
  });
});
