import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import { logsOf, practiceFamilies } from '../../../test/support/practice.js';
import type { Agent } from '../../../test/support/agent.js';
import { familyMembers } from '../families/tables.js';
import { meetings } from '../meetings/tables.js';
import * as service from './service.js';
import { linkMeeting } from './store.js';

// Everyday practice over HTTP: a log in one request, the family page, refusals, escalation.

describe('everyday practice pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof practiceFamilies>>;
  let pat: Agent;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await practiceFamilies(w);
    pat = await signedIn(t, w.practitioner);
  });
  after(() => t.close());

  it('logs in one request with only the kind, who and where; when is now', async () => {
    const res = await pat.post(
      '/practice/new',
      { kind: 'question', withWhom: 'Year 9 pupil', context: 'school' },
      { from: '/practice/new' },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/practice?done=logged');
    const [log] = await logsOf(t, w.practitioner.id);
    assert.equal(log!.kind, 'question');
    assert.equal(log!.familyId, null);
    assert.equal(log!.happenedAt.getTime(), t.clock.now().getTime());
    const page = await pat.get(res.headers.location);
    assert.match(page.body, /Logged\. Thank you\./);
    assert.match(page.body, /Year 9 pupil/);
    assert.match(page.body, /govuk-service-navigation__link" href="\/practice"/);
  });

  it('offers one compact form with the time already set to now', async () => {
    const res = await pat.get('/practice/new');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="kind" type="radio" value="statement"/);
    assert.match(res.body, /name="date"[^>]*value="21\/11\/2026"/);
    assert.match(res.body, /name="time"[^>]*value="10:00"/);
    assert.match(res.body, /name="_csrf" value="[^"]+"/);
  });

  it('keeps what was typed when the form is refused, and logs nothing', async () => {
    const before = (await logsOf(t, w.practitioner.id)).length;
    const res = await pat.post(
      '/practice/new',
      { withWhom: 'Ada <b>', context: 'other', contextOther: '', note: 'kept', date: '31/02/2026' },
      { from: '/practice/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    assert.match(res.body, /href="#kind">Choose what kind of practice it was/);
    assert.match(res.body, /href="#contextOther">Enter where it happened/);
    assert.match(res.body, /href="#date">The date must be a real date, like 21\/11\/2026/);
    assert.match(res.body, /name="withWhom"[^>]*value="Ada &lt;b&gt;"/);
    assert.match(res.body, />kept<\/textarea>/);
    assert.equal((await logsOf(t, w.practitioner.id)).length, before);
  });

  it('refuses a time in the future', async () => {
    const res = await pat.post(
      '/practice/new',
      { kind: 'statement', withWhom: 'Dad', context: 'school', date: '22/11/2026', time: '10:00' },
      { from: '/practice/new' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /must not be in the future/);
  });

  it('takes today without a time as now on a morning, not as a midday still to come', async () => {
    // The test clock says 10:00 on 21 November 2026.
    const before = (await logsOf(t, w.practitioner.id)).length;
    const res = await pat.post(
      '/practice/new',
      { kind: 'statement', withWhom: 'Mum', context: 'school', date: '21/11/2026' },
      { from: '/practice/new' },
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const logs = await logsOf(t, w.practitioner.id);
    assert.equal(logs.length, before + 1);
    const made = logs.find((l) => l.withWhom === 'Mum')!;
    assert.equal(made.happenedAt.toISOString(), t.clock.now().toISOString());
  });

  it('logs from a family’s page with a family member, audited on the family', async () => {
    const url = `/families/${f.teamAFamily}/practice`;
    const page = await pat.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /aria-current="page">Everyday practice</);
    const [rosa] = await t.database.db
      .select()
      .from(familyMembers)
      .where(eq(familyMembers.familyId, f.teamAFamily));
    const res = await pat.post(
      url,
      {
        kind: 'statement',
        familyMemberId: rosa!.id,
        context: 'home visit',
        note: '<script>x</script>',
      },
      { from: url },
    );
    assert.equal(res.statusCode, 303);
    const log = (await logsOf(t, w.practitioner.id)).find((l) => l.familyId === f.teamAFamily)!;
    assert.equal(log.withWhom, 'Rosa');
    assert.equal((await familyAudit(t, 'practice.logged', f.teamAFamily)).length, 1);
    const shown = await pat.get(url);
    assert.match(shown.body, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.doesNotMatch(shown.body, /<script>x/);
  });

  it('refuses a log for a family the practitioner cannot see: 404 and an audited denial', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    const url = `/families/${f.teamAFamily}/practice`;
    assert.equal((await oli.get(url)).statusCode, 404);
    const res = await oli.post(
      url,
      { kind: 'statement', withWhom: 'x', context: 'school' },
      { from: '/practice/new' },
    );
    assert.equal(res.statusCode, 404);
    assert.equal((await logsOf(t, w.otherPractitioner.id)).length, 0);
    assert.ok((await familyAudit(t, 'practice.logged', f.teamAFamily, 'denied')).length >= 1);
  });

  it('escalates a log without a family: asks for one (only visible families), makes the meeting and links them', async () => {
    const saved = await service.createLog(w.ctx.practitioner(), {
      kind: 'conversation',
      withWhom: 'Rosa',
      familyMemberId: null,
      familyId: null,
      context: 'school',
      contextOther: null,
      note: 'Argument at the school gate',
      happenedAt: null,
    });
    assert.ok(saved.ok);
    const url = `/practice/${saved.id}/escalate`;
    const form = await pat.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /The Rivers family/);
    assert.doesNotMatch(form.body, /The Hills family/);
    const refused = await pat.post(url, { meetingKind: 'circle', place: 'School' }, { from: url });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose the family/);
    assert.match(refused.body, /name="place"[^>]*value="School"/);
    const res = await pat.post(
      url,
      {
        meetingKind: 'circle',
        familyId: f.teamAFamily,
        'date-day': '1',
        'date-month': '12',
        'date-year': '2026',
        time: '10:00',
        place: 'School hall',
      },
      { from: url },
    );
    assert.equal(res.statusCode, 303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    assert.equal(res.headers.location, `/meetings/${meetingId}/participants?done=created`);
    assert.match((await pat.get(res.headers.location)).body, /The meeting has been arranged/);
    const [meeting] = await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    assert.equal(meeting!.familyId, f.teamAFamily);
    assert.equal(meeting!.kind, 'circle');
    assert.equal(meeting!.purpose, 'responsive');
    assert.equal(meeting!.facilitatorId, w.practitioner.id);
    assert.equal(
      meeting!.title,
      'Restorative circle',
      'the practitioner’s note, the kind of practice and where stay on the log, out of the invitations the family is sent',
    );
    const log = (await logsOf(t, w.practitioner.id)).find((l) => l.id === saved.id)!;
    assert.equal(log.meetingId, meetingId);
    const list = await pat.get('/practice');
    assert.match(list.body, new RegExp(`href="/meetings/${meetingId}">See the meeting`));
    const again = await pat.post(
      url,
      { meetingKind: 'circle', familyId: f.teamAFamily },
      { from: '/practice' },
    );
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already become a meeting/);
    // The page offers the meeting, not a form for a second one.
    for (const page of [again, await pat.get(url)]) {
      assert.match(page.body, new RegExp(`href="/meetings/${meetingId}">Go to the meeting`));
      assert.doesNotMatch(page.body, /name="meetingKind"/);
    }
    // Two submits at once: the second finds the log linked as it writes it, and makes nothing.
    assert.equal(await linkMeeting(t.database.db, saved.id, randomUUID(), t.clock.now()), false);
    const still = (await logsOf(t, w.practitioner.id)).find((l) => l.id === saved.id)!;
    assert.equal(still.meetingId, meetingId);
  });

  it('refuses escalation into a family the practitioner cannot see, and makes nothing', async () => {
    const saved = await service.createLog(w.ctx.practitioner(), {
      kind: 'statement',
      withWhom: 'x',
      familyMemberId: null,
      familyId: null,
      context: 'school',
      contextOther: null,
      note: null,
      happenedAt: null,
    });
    assert.ok(saved.ok);
    const url = `/practice/${saved.id}/escalate`;
    const res = await pat.post(
      url,
      {
        meetingKind: 'fgc',
        familyId: f.teamBFamily,
        'date-day': '1',
        'date-month': '12',
        'date-year': '2026',
        time: '10:00',
        place: 'Hall',
      },
      { from: url },
    );
    assert.equal(res.statusCode, 404);
    const made = await t.database.db
      .select()
      .from(meetings)
      .where(eq(meetings.familyId, f.teamBFamily));
    assert.equal(made.length, 0);
    assert.equal(
      (await logsOf(t, w.practitioner.id)).find((l) => l.id === saved.id)!.meetingId,
      null,
    );
  });

  it('another practitioner cannot open my own log (404)', async () => {
    const [mine] = (await logsOf(t, w.practitioner.id)).filter((l) => !l.familyId);
    const oli = await signedIn(t, w.otherPractitioner);
    assert.equal((await oli.get(`/practice/${mine!.id}/escalate`)).statusCode, 404);
    assert.equal((await oli.get(`/practice/${mine!.id}/retire`)).statusCode, 404);
  });

  it('removes a log after a confirmation page; it is kept but no longer listed', async () => {
    const [log] = (await logsOf(t, w.practitioner.id)).filter((l) => l.withWhom === 'Year 9 pupil');
    const confirm = await pat.get(`/practice/${log!.id}/retire`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Are you sure you want to remove this log\?/);
    const res = await pat.post(
      `/practice/${log!.id}/retire`,
      {},
      { from: `/practice/${log!.id}/retire` },
    );
    assert.equal(res.statusCode, 303);
    const after = (await logsOf(t, w.practitioner.id)).find((l) => l.id === log!.id)!;
    assert.ok(after.retiredAt);
    assert.doesNotMatch((await pat.get('/practice')).body, /Year 9 pupil/);
  });

  it('pages and searches my logs', async () => {
    for (let i = 0; i < 27; i++)
      await service.createLog(w.ctx.practitioner(), {
        kind: 'statement',
        withWhom: `Pupil ${i}`,
        familyMemberId: null,
        familyId: null,
        context: 'school',
        contextOther: null,
        note: i === 3 ? 'needle in haystack' : null,
        happenedAt: null,
      });
    const first = await pat.get('/practice');
    assert.match(first.body, /Showing 1 to 25 of/);
    assert.match(first.body, /href="\/practice\?page=2"/);
    const second = await pat.get('/practice?page=2');
    assert.match(second.body, /Showing 26 to/);
    // Past the end: no rows carry the count, so it is read from the first page.
    const past = await pat.get('/practice?page=99');
    assert.match(past.body, /There is nothing on this page/);
    assert.match(past.body, /href="\/practice\?page=\d+">Go to the last page/);
    assert.doesNotMatch(past.body, /You have not logged anything yet/);
    const found = await pat.get('/practice?q=haystack');
    assert.match(found.body, /Pupil 3</);
    assert.match(found.body, /Showing 1 to 1 of 1 logs/);
    const none = await pat.get('/practice?q=nothing-like-this');
    assert.match(none.body, /No log matches your search/);
  });
});
