import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { makePerson } from '../../../test/support/factories.js';
import {
  advanceTo,
  fgcWorld,
  newFgcForm,
  referFgc,
  type FgcWorld,
} from '../../../test/support/fgc.js';
import { agentFor, arrangeCircle, auditRows } from '../../../test/support/meetings.js';

// The family group conference pages, part one: referring a family, the stages page, the
// referral, the coordinator and preparation; access through the family; the team's counts.

const SCRIPT = '<script>alert(1)</script>';

describe('family group conference pages: referral to preparation', () => {
  let t: TestApp;
  let w: FgcWorld;
  let pat: Agent;
  let id: string;

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
    pat = await agentFor(t, w.practitioner);
  });
  after(() => t.close());

  it('sends "Arrange a meeting" for a conference to the referral form', async () => {
    const url = `/families/${w.family.id}/meetings/new`;
    const res = await pat.post(url, { kind: 'fgc' }, { from: url });
    assert.equal(res.headers.location, `${url}/fgc`);
    const form = await pat.get(`${url}/fgc`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Refer the family for a family group conference/);
    assert.match(form.body, /name="referrerType"/);
    assert.match(form.body, /value="Family group conference"/);
  });

  it('refuses a referral dated ahead, or consent before the referral', async () => {
    const url = `/families/${w.family.id}/meetings/new/fgc`;
    // Dates ahead are reported with the form's other mistakes, not on the next submit.
    const ahead = await pat.post(
      url,
      newFgcForm(w.practitioner.id, {
        reason: '  ',
        'referred-day': '1',
        'referred-month': '1',
        'referred-year': '2027',
        consent: 'given',
        'consentOn-day': '2',
        'consentOn-month': '1',
        'consentOn-year': '2027',
      }),
      { from: url },
    );
    assert.equal(ahead.statusCode, 400);
    assert.match(ahead.body, /href="#reason">Enter why the family was referred/);
    assert.match(
      ahead.body,
      /href="#referred-day">The date of the referral must be today or in the past/,
    );
    assert.match(
      ahead.body,
      /href="#consentOn-day">The date the family gave its answer must be today or in the past/,
    );
    const before = await pat.post(
      url,
      newFgcForm(w.practitioner.id, {
        consent: 'given',
        'consentOn-day': '1',
        'consentOn-month': '6',
        'consentOn-year': '2025',
      }),
      { from: url },
    );
    assert.equal(before.statusCode, 400);
    assert.match(
      before.body,
      /href="#consentOn-day">The family gives its answer on the day of the referral or after it/,
    );
  });

  it('refuses a bad referral with the error summary, keeping what was typed', async () => {
    const url = `/families/${w.family.id}/meetings/new/fgc`;
    const res = await pat.post(
      url,
      newFgcForm(w.practitioner.id, {
        title: SCRIPT,
        referrerType: 'external',
        referrerName: '',
        reason: '  ',
        'referred-day': '31',
        'referred-month': '2',
        consent: 'given',
        'consentOn-day': '',
        time: '25:00',
      }),
      { from: url },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    for (const [field, text] of [
      ['referrerName', 'Enter the name of the person who referred the family'],
      ['reason', 'Enter why the family was referred'],
      ['referred-day', 'The date of the referral must be a real date'],
      ['consentOn-day', 'Enter the date the family gave its answer'],
      ['time', 'Enter the time'],
    ])
      assert.match(res.body, new RegExp(`href="#${field}">${text}`), field);
    assert.ok(!res.body.includes(SCRIPT));
    assert.match(res.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(res.body, /value="31"/);
    assert.match(res.body, /value="external" checked/);
  });

  it('records a referral from outside the partnership and shows the stages', async () => {
    const url = `/families/${w.family.id}/meetings/new/fgc`;
    const res = await pat.post(
      url,
      newFgcForm(w.practitioner.id, {
        referrerType: 'external',
        referrerName: `Ms Head ${SCRIPT}`,
        referrerOrganisation: 'Northfield Primary School',
      }),
      { from: url },
    );
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location!, /^\/meetings\/[0-9a-f-]{36}\/fgc\?done=created$/);
    id = res.headers.location!.split('/')[2]!;
    assert.equal((await pat.get(`/meetings/${id}`)).headers.location, `/meetings/${id}/fgc`);
    const page = await pat.get(`/meetings/${id}/fgc?done=created`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The referral has been recorded/);
    assert.match(page.body, /govuk-task-list/);
    assert.match(page.body, /has reached: <strong>Referral and the family’s consent<\/strong>/);
    assert.match(page.body, /Referred by Ms Head &lt;script&gt;/);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(page.body, /Cannot start yet/);
    assert.match(page.body, /Not assigned yet/);
    assert.equal((await auditRows(t, 'meeting.created', id)).length, 1);
  });

  it('records the family’s consent on the referral page, with validation', async () => {
    const url = `/meetings/${id}/fgc/referral`;
    const form = await pat.get(url);
    assert.match(form.body, /value="Northfield Primary School"/);
    const bad = await pat.post(
      url,
      { referrerType: 'person', referrerPersonId: '', reason: 'x' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#referrerPersonId">Choose the person who referred the family/);
    assert.match(bad.body, /href="#referred">Enter the date of the referral/);
    const ok = await pat.post(url, {
      referrerType: 'external',
      referrerName: 'Ms Head',
      reason: 'Ben has not been to school since September.',
      'referred-day': '20',
      'referred-month': '11',
      'referred-year': '2026',
      consent: 'given',
      'consentOn-day': '21',
      'consentOn-month': '11',
      'consentOn-year': '2026',
    });
    assert.equal(ok.statusCode, 303);
    const page = await pat.get(`/meetings/${id}/fgc`);
    assert.match(page.body, /The family agreed on 21 November 2026/);
    assert.match(page.body, /has reached: <strong>An independent coordinator<\/strong>/);
    assert.equal((await auditRows(t, 'fgc.consent_recorded', id)).length, 1);
  });

  it('explains why a coordinator is refused, and assigns an independent one', async () => {
    const url = `/meetings/${id}/fgc/coordinator`;
    assert.equal((await pat.get(url)).statusCode, 200);
    const allocated = await pat.post(url, { coordinatorId: w.practitioner.id }, { from: url });
    assert.equal(allocated.statusCode, 400);
    assert.match(
      allocated.body,
      /href="#coordinatorId">Pat Practitioner is allocated to work with The Rivers family, so they are not independent/,
    );
    assert.match(allocated.body, new RegExp(`value="${w.practitioner.id}" selected`));
    const none = await pat.post(url, { coordinatorId: 'nobody' }, { from: url });
    assert.match(none.body, /Choose the coordinator from the list/);
    const ok = await pat.post(url, { coordinatorId: w.coordinator.id }, { from: url });
    assert.equal(ok.statusCode, 303);
    assert.match(
      (await pat.get(`/meetings/${id}/fgc`)).body,
      /Cora Coordinator is the coordinator/,
    );
  });

  it('refuses to finish preparation until everyone invited has met the coordinator', async () => {
    const url = `/meetings/${id}/fgc/preparation`;
    const early = await pat.post(url, {}, { from: url });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /href="#preparation">Invite the family and its network first/);
    await pat.post(
      `/meetings/${id}/participants`,
      { who: `member:${w.members[0]!.id}`, role: 'family member' },
      { from: `/meetings/${id}/participants` },
    );
    const notMet = await pat.post(url, {}, { from: url });
    assert.match(notMet.body, /The coordinator has not met Ada Rivers yet/);
    const prep = await pat.get(`/meetings/${id}/preparation`);
    assert.match(prep.body, /Met the coordinator/);
    await advanceTo(t, w, id, 'information');
    const page = await pat.get(url);
    assert.match(page.body, /Preparation was done on 21 November 2026/);
    assert.match(page.body, /Met at home/);
  });

  it('is a 404 for a practitioner of another team, audited, and for a meeting that is not a conference', async () => {
    const oli = await agentFor(t, w.other);
    for (const path of [
      '',
      '/referral',
      '/coordinator',
      '/preparation',
      '/information',
      '/family-time',
      '/plan',
      '/agreement',
      '/reviews',
    ])
      assert.equal((await oli.get(`/meetings/${id}/fgc${path}`)).statusCode, 404, path);
    const post = await oli.post(
      `/meetings/${id}/fgc/coordinator`,
      { coordinatorId: w.other.id },
      { from: '/' },
    );
    assert.equal(post.statusCode, 404);
    assert.ok((await auditRows(t, 'meeting.viewed', w.family.id, 'denied')).length >= 1);
    assert.equal((await auditRows(t, 'fgc.coordinator_assigned', w.family.id, 'denied')).length, 1);
    assert.equal((await oli.get(`/families/${w.family.id}/meetings/new/fgc`)).statusCode, 404);
    const circleId = await arrangeCircle(w);
    assert.equal((await pat.get(`/meetings/${circleId}/fgc`)).statusCode, 404);
  });

  it('counts the team’s conferences by the stage they have reached', async () => {
    const manager = await makePerson(t.database.db, w.partnership.id, {
      name: 'Mo Manager',
      roles: ['manager'],
      teamIds: [w.teamA.id],
    });
    const second = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, second, 'family_time');
    const mo = await agentFor(t, manager);
    const team = await mo.get('/team');
    assert.equal(team.statusCode, 200);
    const count = (label: string, n: number) =>
      assert.match(team.body, new RegExp(`${label}</th>\\s*<td[^>]*>${n}</td>`), label);
    count('Information sharing', 1);
    count('Private family time', 1);
    count('Referral and the family’s consent', 0);
    count('Cancelled', 0);
  });
});
