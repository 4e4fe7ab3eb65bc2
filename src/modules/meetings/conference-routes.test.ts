import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { conferenceWorld, stillToCome } from '../../../test/support/conferences.js';
import { makePerson } from '../../../test/support/factories.js';
import { agentFor, auditRows } from '../../../test/support/meetings.js';
import { meetingParticipants } from './tables.js';
import { conferenceAgreementItems } from './tables-conference.js';

// A restorative conference over HTTP: the admin's names for the roles showing on every page
// that shows a role, the agreement with items added, changed, completed and closed, the
// follow-up on the conference's page, overdue items on the caseload and team view, refusals.

const SCRIPT = '<script>alert(1)</script>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

describe('restorative conference pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof conferenceWorld>>;
  let pat: Agent;
  let alex: Agent;
  let url: string;
  const itemIds: string[] = [];

  before(async () => {
    t = await startTestApp();
    w = await conferenceWorld(t);
    pat = await agentFor(t, w.practitioner);
    alex = await agentFor(t, w.admin);
    url = `/meetings/${w.meetingId}/agreement`;
  });
  after(() => t.close());

  it('lets the admin rename the roles on a settings page, keeping what was typed when refused', async () => {
    assert.equal((await pat.get('/admin/conference-roles')).statusCode, 403);
    const hub = await alex.get('/admin');
    assert.match(hub.body, /href="\/admin\/conference-roles">Conference roles/);
    const page = await alex.get('/admin/conference-roles');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Person harmed"/);
    assert.match(page.body, /The default is “Person responsible”/);
    const bad = await alex.post('/admin/conference-roles', {
      harmed: SCRIPT,
      responsible: '',
      supporter: 'Supporter',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: /);
    assert.match(bad.body, /href="#responsible">Enter a name for the second role/);
    assert.ok(!bad.body.includes(SCRIPT));
    assert.ok(bad.body.includes(`value="${ESCAPED}"`));
    const same = await alex.post('/admin/conference-roles', {
      harmed: 'Supporter',
      responsible: 'Parent or carer',
      supporter: 'supporter',
    });
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /href="#supporter">Give this role a different name/);
    const ok = await alex.post('/admin/conference-roles', {
      harmed: 'Person affected',
      responsible: 'Parent or carer',
      supporter: 'Supporter',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/conference-roles?done=saved');
    assert.match((await alex.get(ok.headers.location)).body, /The names have been saved/);
  });

  it('shows the partnership’s names wherever the roles appear', async () => {
    const base = `/meetings/${w.meetingId}`;
    const participants = await pat.get(`${base}/participants`);
    assert.match(participants.body, /Ada Rivers<\/td>[\s\S]*?Person affected<\/td>/);
    assert.match(participants.body, /Their role in the conference/);
    assert.match(participants.body, /<input[^>]*name="role"[^>]*value="harmed"/);
    assert.match(participants.body, /for="role-2">\s*Parent or carer/);
    assert.doesNotMatch(participants.body, /Person harmed|Person responsible/);
    await stillToCome(t, w.meetingId, true);
    for (const tab of ['preparation', 'invitations', 'guide'])
      assert.match(
        (await pat.get(`${base}/${tab}`)).body,
        /Ben Rivers(<\/a>)? \(Parent or carer\)/,
        tab,
      );
    const letter = await pat.get(`${base}/invitations/${w.participants.ben}/letter`);
    assert.match(letter.body, /You are invited as: Parent or carer\./);
    // From the partnership, dated, as a letter is: the service's header is not printed.
    assert.match(
      letter.body,
      new RegExp(`${w.partnership.name}<br>\\d{1,2} [A-Z][a-z]+ 20\\d\\d</p>`),
    );
    await stillToCome(t, w.meetingId, false);
  });

  it('adds a conference participant only with one of the roles', async () => {
    const to = `/meetings/${w.meetingId}/participants`;
    const who = `member:${w.members[2]!.id}`;
    const bad = await pat.post(to, { who, role: 'victim' }, { from: to });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#role">Choose their role in the conference/);
    const none = await pat.post(to, { who }, { from: to });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#role">Choose their role in the conference/);
    const ok = await pat.post(to, { who, role: 'supporter' }, { from: to });
    assert.equal(ok.statusCode, 303);
    const [row] = await t.database.db
      .select()
      .from(meetingParticipants)
      .where(eq(meetingParticipants.familyMemberId, w.members[2]!.id));
    assert.equal(row!.role, 'supporter', 'the key is stored, not the name');
  });

  it('has an agreement tab with nothing agreed yet, and refuses a bad item keeping what was typed', async () => {
    const page = await pat.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /aria-current="page"[^>]*>Agreement and follow-up/);
    assert.match(page.body, /Nothing has been agreed yet/);
    assert.match(page.body, /Cleo Rivers \(taking part: Supporter\)/);
    const bad = await pat.post(
      url,
      { kind: '', what: SCRIPT, owner: '', 'due-day': '31', 'due-month': '2', 'due-year': '2027' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#kind">Choose whether it is an apology, a repair or an action/);
    assert.match(bad.body, /href="#owner">Choose who will do it/);
    assert.match(bad.body, /href="#due-day">The date it is due by must be a real date/);
    assert.ok(!bad.body.includes(SCRIPT));
    assert.ok(bad.body.includes(ESCAPED));
    assert.match(bad.body, /name="due-day"[^>]*value="31"/);
    const early = await pat.post(url, {
      kind: 'apology',
      what: 'Sorry',
      owner: `family:${w.members[1]!.id}`,
      'due-day': '1',
      'due-month': '11',
      'due-year': '2026',
    });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /on or after the day of the conference/);
    // With another mistake, a due date before the conference is reported in the same summary.
    const both = await pat.post(
      url,
      {
        kind: '',
        what: 'Sorry',
        owner: `family:${w.members[1]!.id}`,
        'due-day': '1',
        'due-month': '11',
        'due-year': '2026',
      },
      { from: url },
    );
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /href="#kind">Choose whether it is an apology/);
    assert.match(
      both.body,
      /href="#due-day">The date it is due by must be on or after the day of the conference/,
    );
    // A due date after the conference (10 November), though before today, is no mistake.
    const between = await pat.post(
      url,
      {
        kind: '',
        what: 'Sorry',
        owner: `family:${w.members[1]!.id}`,
        'due-day': '15',
        'due-month': '11',
        'due-year': '2026',
      },
      { from: url },
    );
    assert.equal(between.statusCode, 400);
    assert.doesNotMatch(between.body, /on or after the day of the conference/);
    assert.equal((await t.database.db.select().from(conferenceAgreementItems)).length, 0);
  });

  it('adds an apology, a repair and an action, and shows what is open and overdue', async () => {
    const add = (kind: string, what: string, owner: string, day: string, month: string) =>
      pat.post(url, {
        kind,
        what,
        owner,
        'due-day': day,
        'due-month': month,
        'due-year': '2026',
      });
    for (const res of [
      await add(
        'apology',
        `Ben says sorry to Ada ${SCRIPT}`,
        `family:${w.members[1]!.id}`,
        '15',
        '11',
      ),
      await add(
        'repair',
        'Ben and Nan repaint the fence',
        `network:${w.network[0]!.id}`,
        '30',
        '11',
      ),
      await add(
        'action',
        'Pat finds a youth club place',
        `professional:${w.practitioner.id}`,
        '5',
        '12',
      ),
    ]) {
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${url}?done=added`);
    }
    const rows = await t.database.db.select().from(conferenceAgreementItems);
    for (const kind of ['apology', 'repair', 'action'])
      itemIds.push(rows.find((r) => r.kind === kind)!.id);
    assert.equal((await auditRows(t, 'conference.item_added', itemIds[0]!)).length, 1);
    const page = await pat.get(`${url}?done=added`);
    assert.match(page.body, /It has been added to the agreement/);
    assert.match(page.body, /3 of 3 items still open, <strong>1 overdue<\/strong>/);
    assert.ok(!page.body.includes(SCRIPT));
    assert.ok(page.body.includes(ESCAPED));
    assert.match(page.body, /govuk-tag--red">Overdue<\/strong>/);
    assert.match(
      page.body,
      /Mark as done<span class="govuk-visually-hidden"> Ben says sorry to Ada &lt;script&gt;[^<]*\(An apology\)<\/span>/,
    );
    const details = await pat.get(`/meetings/${w.meetingId}`);
    assert.match(details.body, /In progress/);
    assert.match(details.body, /3 of 3 agreement items still open, 1 overdue/);
    assert.match(details.body, /Overdue<\/strong> Ben says sorry to Ada/);
  });

  it('shows overdue agreement items on the caseload and the manager’s team view', async () => {
    const caseload = await pat.get('/caseload');
    assert.match(caseload.body, new RegExp(`href="${url}">1 conference agreement item<`));
    const mo = await makePerson(t.database.db, w.partnership.id, {
      name: 'Mo Manager',
      roles: ['manager'],
      teamIds: [w.teamA.id],
    });
    const team = await (await agentFor(t, mo)).get('/team');
    assert.equal(team.statusCode, 200);
    assert.match(team.body, /1 conference agreement item/);
  });

  it('changes an item on its own page', async () => {
    const to = `${url}/${itemIds[2]}/change`;
    const page = await pat.get(to);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Pat finds a youth club place/);
    assert.match(page.body, /name="due-day"[^>]*value="5"/);
    const bad = await pat.post(
      to,
      {
        kind: 'action',
        what: '',
        owner: `professional:${w.practitioner.id}`,
        'due-day': '9',
        'due-month': '11',
        'due-year': '2026',
      },
      { from: to },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#what">Enter what was agreed/);
    assert.match(bad.body, /href="#due-day">The date it is due by must be on or after the day/);
    const ok = await pat.post(to, {
      kind: 'action',
      what: 'Pat finds a youth club place near school',
      owner: `professional:${w.practitioner.id}`,
      'due-day': '12',
      'due-month': '12',
      'due-year': '2026',
    });
    assert.equal(ok.statusCode, 303);
    assert.match((await pat.get(`${url}?done=changed`)).body, /near school/);
    assert.equal((await auditRows(t, 'conference.item_changed', itemIds[2]!)).length, 1);
  });

  it('marks items done, refusing a date in the future', async () => {
    const to = `${url}/${itemIds[0]}/complete`;
    const page = await pat.get(to);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /When was it done\?/);
    const future = await pat.post(
      to,
      { 'done-day': '1', 'done-month': '1', 'done-year': '2027', note: 'Soon' },
      { from: to },
    );
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /href="#done-day">The date it was done must be today or in the past/);
    assert.match(future.body, />Soon<\/textarea>/);
    const ok = await pat.post(to, {
      'done-day': '20',
      'done-month': '11',
      'done-year': '2026',
      note: `In his own words ${SCRIPT}`,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${url}?done=completed`);
    for (const id of [itemIds[2]!])
      assert.equal(
        (
          await pat.post(
            `${url}/${id}/complete`,
            {
              'done-day': '21',
              'done-month': '11',
              'done-year': '2026',
            },
            { from: `${url}/${id}/complete` },
          )
        ).statusCode,
        303,
      );
    const agreement = await pat.get(url);
    assert.match(agreement.body, /Done on 20 November 2026\. Recorded by Pat Practitioner/);
    assert.ok(!agreement.body.includes(SCRIPT));
    assert.match(agreement.body, /1 of 3 items still open/);
    // A done item has no pages to change it: they go back to the agreement.
    const gone = await pat.get(`${url}/${itemIds[0]}/change`);
    assert.equal(gone.statusCode, 303);
    assert.equal(gone.headers.location, `${url}?done=ended`);
  });

  it('closes the last item with a reason, and the follow-up is finished', async () => {
    const to = `${url}/${itemIds[1]}/close`;
    const page = await pat.get(to);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Why is it being closed\?/);
    const bad = await pat.post(to, { reason: '  ' }, { from: to });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#reason">Enter why it is being closed/);
    const ok = await pat.post(to, { reason: 'The landlord replaced the fence' });
    assert.equal(ok.statusCode, 303);
    assert.equal((await auditRows(t, 'conference.item_closed', itemIds[1]!)).length, 1);
    const agreement = await pat.get(`${url}?done=closed`);
    assert.match(agreement.body, /It has been closed, with the reason/);
    assert.match(agreement.body, /Finished/);
    assert.match(agreement.body, /2 completed, 1 closed/);
    assert.match(agreement.body, /The landlord replaced the fence/);
    assert.doesNotMatch(agreement.body, /Mark as done/);
    const details = await pat.get(`/meetings/${w.meetingId}`);
    assert.match(details.body, /govuk-tag--green">Finished/);
    assert.doesNotMatch((await pat.get('/caseload')).body, /conference agreement item/);
  });

  it('refuses a practitioner of another team: 404, audited', async () => {
    const oli = await agentFor(t, w.other);
    for (const to of [url, `${url}/${itemIds[2]}/change`, `/meetings/${w.meetingId}`])
      assert.equal((await oli.get(to)).statusCode, 404, to);
    const post = await oli.post(url, { kind: 'action', what: 'x' }, { from: '/' });
    assert.equal(post.statusCode, 404, 'even a refused form is not shown to them');
    const valid = await oli.post(
      url,
      {
        kind: 'action',
        what: 'Not theirs',
        owner: `professional:${w.other.id}`,
        'due-day': '1',
        'due-month': '12',
        'due-year': '2026',
      },
      { from: '/' },
    );
    assert.equal(valid.statusCode, 404);
    const denied = await auditRows(t, 'conference.agreement_viewed', w.family.id, 'denied');
    assert.equal(denied[0]!.actorId, w.other.id);
    assert.equal((await auditRows(t, 'conference.item_added', w.family.id, 'denied')).length, 1);
  });

  it('has no agreement page for a circle', async () => {
    const res = await pat.post(
      `/families/${w.family.id}/meetings/new/circle`,
      {
        title: 'A circle',
        purpose: 'proactive',
        'date-day': '1',
        'date-month': '12',
        'date-year': '2026',
        time: '10:00',
        place: 'Home',
        facilitatorId: w.practitioner.id,
      },
      { from: `/families/${w.family.id}/meetings/new/circle` },
    );
    const id = /\/meetings\/([0-9a-f-]{36})\//.exec(res.headers.location!)![1]!;
    assert.equal((await pat.get(`/meetings/${id}/agreement`)).statusCode, 404);
    assert.doesNotMatch((await pat.get(`/meetings/${id}`)).body, /Agreement and follow-up/);
  });
});
