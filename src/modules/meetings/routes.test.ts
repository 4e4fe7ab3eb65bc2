import { formatTime, toLondon } from '../../platform/dates/uk-time.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { PASSWORD } from '../../../test/support/factories.js';
import { boxes } from '../../../test/support/fgc.js';
import {
  agentFor,
  auditRows,
  meetingDayComes,
  meetingWorld,
} from '../../../test/support/meetings.js';
import { frameworkItems } from '../frameworks/tables.js';
import { meetingAnswers, meetings } from './tables.js';

// A restorative circle over HTTP: arranging it, six participants, the facilitation guide with
// each person's answers kept verbatim and attributed, resuming, refusals and escaping.

const SCRIPT = '<script>alert(1)</script>';

describe('restorative circle pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let pat: Agent;
  let meetingId: string;
  const participantIds: string[] = [];

  before(async () => {
    t = await startTestApp();
    w = await meetingWorld(t);
    pat = await agentFor(t, w.practitioner);
  });
  after(() => t.close());

  it('lists no meetings yet, with a way to arrange one', async () => {
    const res = await pat.get(`/families/${w.family.id}/meetings`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No meetings have been arranged with this family yet/);
    assert.match(res.body, new RegExp(`href="/families/${w.family.id}/meetings/new"`));
  });

  it('asks for the kind first, and refuses no choice', async () => {
    const url = `/families/${w.family.id}/meetings/new`;
    const bad = await pat.post(url, {}, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Error: What kind of meeting is it\? – [^<–]+ family – /);
    assert.match(bad.body, /href="#kind">Choose the kind of meeting/);
    const ok = await pat.post(url, { kind: 'circle' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${url}/circle`);
  });

  it('keeps what was typed when the circle form is refused, and arranges nothing', async () => {
    const url = `/families/${w.family.id}/meetings/new/circle`;
    const res = await pat.post(
      url,
      {
        title: SCRIPT,
        'date-day': '31',
        'date-month': '2',
        'date-year': '2027',
        time: '25:00',
        place: '',
        onlineLink: 'http://insecure.example',
        facilitatorId: w.practitioner.id,
        consentToRecord: 'yes',
        consentGivenBy: '',
      },
      { from: url },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#date-day">The date of the meeting must be a real date/);
    assert.match(res.body, /href="#time">Enter the time/);
    assert.match(res.body, /href="#onlineLink">Enter an online link that starts with https/);
    assert.match(res.body, /href="#purpose">Choose whether the circle is proactive or responsive/);
    assert.match(res.body, /href="#consentGivenBy">Enter who gave consent to record/);
    // The summary lists the mistakes in the order of the form, whichever check found them.
    const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(res.body)![1]!;
    assert.deepEqual(
      [...summary.matchAll(/href="#([\w-]+)"/g)].map((m) => m[1]),
      ['purpose', 'date-day', 'time', 'onlineLink', 'consentGivenBy'],
    );
    assert.ok(!res.body.includes(SCRIPT), 'the title is escaped');
    assert.match(res.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    // A date with its month left out links to the month's box.
    const noMonth = await pat.post(
      url,
      { title: 'Circle', 'date-day': '14', 'date-month': '', 'date-year': '2027' },
      { from: url },
    );
    assert.match(noMonth.body, /href="#date-month">The date of the meeting must include a month/);
    assert.equal((await t.database.db.select().from(meetings)).length, 0);
  });

  it('arranges a responsive circle and audits it', async () => {
    const res = await pat.post(`/families/${w.family.id}/meetings/new/circle`, {
      title: `Circle ${SCRIPT}`,
      purpose: 'responsive',
      talkingPiece: 'A smooth stone from the beach',
      'date-day': '14',
      'date-month': '1',
      'date-year': '2027',
      time: '2:30pm',
      // An address on two lines, as typed in the box: shown on two lines, not run together.
      place: 'The community centre\nRoom 2',
      onlineLink: '',
      facilitatorId: w.practitioner.id,
      consentToRecord: 'yes',
      consentGivenBy: 'Ada Rivers, for everyone',
    });
    assert.equal(res.statusCode, 303);
    meetingId = /\/meetings\/([0-9a-f-]{36})\/participants/.exec(res.headers.location!)![1]!;
    const [m] = await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    assert.equal(m!.kind, 'circle');
    assert.equal(m!.purpose, 'responsive');
    assert.equal(m!.startsAt.toISOString(), '2027-01-14T14:30:00.000Z');
    assert.equal(m!.consentToRecord, true);
    assert.ok(m!.consentRecordedAt);
    assert.equal((await auditRows(t, 'meeting.created', meetingId)).length, 1);
    const page = await pat.get(`/meetings/${meetingId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(page.body, /Responsive|responsive/);
    assert.match(page.body, /A smooth stone from the beach/);
    assert.match(page.body, /The community centre<br \/>\s*Room 2/);
    const list = await pat.get(`/families/${w.family.id}/meetings`);
    assert.match(list.body, /Restorative circle \(responsive\)/);
    assert.match(list.body, /Planned/);
  });

  it('adds six participants: family, network and a professional, each with a role', async () => {
    const url = `/meetings/${meetingId}/participants`;
    const who = [
      ...w.members.map((m) => `member:${m.id}`),
      ...w.network.slice(0, 2).map((m) => `network:${m.id}`),
      `person:${w.colleague.id}`,
    ];
    const bad = await pat.post(url, { who: '', role: '' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#who">Choose who is taking part/);
    assert.match(bad.body, /href="#role">Enter their role in the meeting/);
    for (const [i, one] of who.entries()) {
      const res = await pat.post(
        url,
        { who: one, role: i === 5 ? 'co-facilitator' : 'participant' },
        { from: url },
      );
      assert.equal(res.statusCode, 303, `participant ${i}`);
    }
    const twice = await pat.post(url, { who: who[0]!, role: 'participant' }, { from: url });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /They are already taking part/);
    const page = await pat.get(url);
    for (const name of ['Ada Rivers', 'Ben Rivers', 'Cleo Rivers', 'Nan Rivers', 'Fay Friend'])
      assert.match(page.body, new RegExp(name));
    for (const one of who)
      assert.doesNotMatch(page.body, new RegExp(`value="${one}"`), 'not offered again');
    assert.match(page.body, /Cal Colleague<\/td>\s*<td[^>]*>Professional/);
    const ids = [...page.body.matchAll(/answer-/g)];
    assert.equal(ids.length, 0);
    const guide = await pat.get(`/meetings/${meetingId}/guide`);
    for (const m of guide.body.matchAll(/name="answer-([0-9a-f-]{36})"/g))
      participantIds.push(m[1]!);
    assert.equal(participantIds.length, 6);
  });

  it('records preparation for a participant, with validation', async () => {
    const url = `/meetings/${meetingId}/preparation/${participantIds[0]}`;
    const bad = await pat.post(
      url,
      { 'contacted-day': '40', 'contacted-month': '1', 'contacted-year': '2027', needsNotes: 'x' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /href="#contacted-day">The date they were contacted must be a real date/,
    );
    assert.match(bad.body, /value="40"/);
    // The clock says 21 November 2026: neither date can be still to come, and no one is
    // prepared before they are first contacted. Both are reported at once.
    const dates = (contacted: string, prepared: string) => ({
      ...boxes('contacted', contacted),
      ...boxes('prepared', prepared),
    });
    const future = await pat.post(url, dates('2026-11-22', '2027-01-02'), { from: url });
    assert.equal(future.statusCode, 400);
    assert.match(
      future.body,
      /href="#contacted-day">The date they were contacted must be today or in the past/,
    );
    assert.match(
      future.body,
      /href="#prepared-day">The date they were prepared must be today or in the past/,
    );
    const early = await pat.post(url, dates('2026-11-20', '2026-11-19'), { from: url });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#prepared-day">The date they were prepared must be the same as or after the date they were contacted/,
    );
    assert.match(early.body, /value="19"/);
    const ok = await pat.post(url, {
      ...dates('2026-11-02', '2026-11-21'),
      needs: ['interpreter', 'childcare'],
      needsNotes: `Speaks Polish ${SCRIPT}`,
    });
    assert.equal(ok.statusCode, 303);
    const page = await pat.get(`/meetings/${meetingId}/preparation`);
    assert.match(page.body, /2 November 2026/);
    assert.match(page.body, /an interpreter, childcare/);
    assert.ok(!page.body.includes(SCRIPT));
    assert.equal((await auditRows(t, 'meeting.preparation_saved', participantIds[0]!)).length, 1);
  });

  const said = (i: number, q: number) =>
    // Spaces, a line break, quotes, an emoji and markup: all kept exactly as typed.
    `  Person ${i} on question ${q}: "I felt let down" 💬\r\nand ${i % 2 ? SCRIPT : 'that is all'}  `;

  it('walks the guide one question at a time, saving each person’s answer verbatim', async () => {
    const url = `/meetings/${meetingId}/guide`;
    const first = await pat.get(url);
    assert.match(first.body, /Question 1 of 3/);
    assert.match(first.body, /What happened\?/);
    assert.match(first.body, /Talking piece: A smooth stone from the beach/);
    assert.match(first.body, /Opening round/);
    for (let q = 1; q <= 3; q++) {
      const form: Record<string, string> = { q: String(q), go: q === 3 ? 'finish' : 'next' };
      participantIds.forEach((id, i) => (form[`answer-${id}`] = said(i, q)));
      const res = await pat.post(url, form, { from: `${url}?q=${q}` });
      assert.equal(res.statusCode, 303);
      assert.equal(
        res.headers.location,
        q === 3 ? `/meetings/${meetingId}/outcome?done=guide` : `${url}?q=${q + 1}`,
      );
    }
    const rows = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.meetingId, meetingId));
    assert.equal(rows.length, 18);
    const [ada] = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(
        and(
          eq(meetingAnswers.meetingId, meetingId),
          eq(meetingAnswers.participantId, participantIds[1]!),
        ),
      );
    assert.ok(ada);
    for (const row of rows) {
      const i = participantIds.indexOf(row.participantId);
      assert.ok(i >= 0, 'attributed to a participant');
      assert.ok(
        [1, 2, 3].some((q) => row.answer === said(i, q)),
        `answer kept verbatim: ${JSON.stringify(row.answer)}`,
      );
      assert.equal(row.recordedBy, w.practitioner.id);
    }
    // The framework keeps asked questions for good.
    const items = await t.database.db.select().from(frameworkItems);
    for (const q of w.questionItems)
      assert.ok(items.find((i) => i.id === q.id)!.usedAt, `question ${q.name} marked used`);
    assert.ok((await auditRows(t, 'meeting.answers_saved', meetingId)).length >= 3);
  });

  it('shows answers escaped under each person’s name, and resumes where it was left', async () => {
    const url = `/meetings/${meetingId}/guide`;
    await pat.post(url, { q: '3', go: 'previous' }, { from: `${url}?q=3` });
    const resumed = await pat.get(url);
    assert.match(resumed.body, /Question 2 of 3/);
    assert.ok(!resumed.body.includes(SCRIPT));
    assert.ok(resumed.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(resumed.body, /Ben Rivers \(participant\)/);
    assert.ok(resumed.body.includes('Person 1 on question 2: &quot;I felt let down&quot; 💬'));
    assert.match(resumed.body, /name="q" value="2"/);
  });

  it('a previous answer can be changed, and an emptied box is kept empty', async () => {
    const url = `/meetings/${meetingId}/guide`;
    const form: Record<string, string> = { q: '1', go: 'stay' };
    form[`answer-${participantIds[0]}`] = 'Changed, in her words';
    form[`answer-${participantIds[1]}`] = '';
    await pat.post(url, form, { from: `${url}?q=1` });
    const page = await pat.get(`${url}?q=1`);
    assert.match(page.body, /Changed, in her words/);
    const [mine] = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.participantId, participantIds[1]!));
    assert.ok(mine);
  });

  it('refuses an answer that is too long, its box described by both the error and the question', async () => {
    const url = `/meetings/${meetingId}/guide`;
    const id = participantIds[0]!;
    const form: Record<string, string> = { q: '1', go: 'stay' };
    form[`answer-${id}`] = 'x'.repeat(20_001);
    const res = await pat.post(url, form, { from: `${url}?q=1` });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, new RegExp(`href="#answer-${id}">An answer must be 20,000 characters`));
    const box = new RegExp(`<textarea[^>]*id="answer-${id}"[^>]*>`).exec(res.body)![0];
    // One aria-describedby: a second one on the same element is dropped by the browser.
    const described = [...box.matchAll(/aria-describedby="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(described.length, 1, box);
    assert.deepEqual(described[0]!.split(' ').sort(), [`answer-${id}-error`, 'question-text']);
  });

  /** What the page's script sends while people talk: the form, answered with JSON. */
  const autosave = (url: string, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: pat.cookieHeader,
        'content-type': 'application/x-www-form-urlencoded',
        'x-autosave': '1',
      },
      payload: new URLSearchParams({ ...form, _csrf: pat.csrfToken }).toString(),
    });

  it('autosaves with a small JSON answer', async () => {
    const url = `/meetings/${meetingId}/guide`;
    await pat.get(`${url}?q=3`);
    const form: Record<string, string> = { q: '3', go: 'stay' };
    form[`answer-${participantIds[2]}`] = 'A draft while Cleo talks';
    const res = await autosave(url, form);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ saved: boolean }>().saved, true);
    assert.match((await pat.get(`${url}?q=3`)).body, /A draft while Cleo talks/);
  });

  it('records the outcome, with a way to make it into a family-led plan', async () => {
    const url = `/meetings/${meetingId}/outcome`;
    const bad = await pat.post(url, { outcome: '  ' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#outcome">Enter what everyone agreed/);
    // Not before the meeting's day: that would mark it held before it was.
    assert.match(
      (await pat.get(url)).body,
      /This meeting is on 14 January 2027\. Record what everyone agreed once it has happened\./,
    );
    const early = await pat.post(url, { outcome: 'Agreed too soon' }, { from: url });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#outcome">The outcome is recorded once the meeting has happened\. It is on 14 January 2027/,
    );
    assert.match(early.body, /Agreed too soon<\/textarea>/);
    await meetingDayComes(t, meetingId);
    const ok = await pat.post(url, { outcome: `Nan will walk Ben to school. ${SCRIPT}` });
    assert.equal(ok.statusCode, 303);
    assert.match((await pat.get(`/meetings/${meetingId}`)).body, /Held/);
    const page = await pat.get(url);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(
      page.body,
      new RegExp(`/families/${w.family.id}/plans/new\\?meeting=${meetingId}`),
    );
    assert.equal((await auditRows(t, 'meeting.outcome_saved', meetingId)).length, 1);
  });

  it('refuses a practitioner of another team: 404, and the refusal is audited', async () => {
    const oli = await agentFor(t, w.other);
    for (const url of [
      `/meetings/${meetingId}`,
      `/meetings/${meetingId}/guide`,
      `/families/${w.family.id}/meetings`,
    ]) {
      const res = await oli.get(url);
      assert.equal(res.statusCode, 404, url);
    }
    const post = await oli.post(
      `/meetings/${meetingId}/guide`,
      { q: '1', [`answer-${participantIds[0]}`]: 'not theirs to write' },
      { from: '/' },
    );
    assert.equal(post.statusCode, 404);
    const denied = await auditRows(t, 'meeting.guide_viewed', w.family.id, 'denied');
    assert.equal(denied.length, 1);
    assert.equal(denied[0]!.actorId, w.other.id);
    const rows = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.answer, 'not theirs to write'));
    assert.equal(rows.length, 0);
  });

  it('changes the meeting’s details and status', async () => {
    const url = `/meetings/${meetingId}/edit`;
    // The form opens on the meeting's date and time (moved to its day by the outcome's test).
    const [before] = await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    const when = toLondon(before!.startsAt);
    const form = await pat.get(url);
    assert.match(form.body, new RegExp(`name="date-day" type="text" value="${when.day}"`));
    assert.match(form.body, new RegExp(`value="${formatTime(when)}"`));
    const changes = {
      title: 'Circle after school',
      purpose: 'responsive',
      'date-day': '14',
      'date-month': '1',
      'date-year': '2027',
      time: '14:30',
      place: 'The community centre',
      facilitatorId: w.practitioner.id,
      status: 'held',
      consentToRecord: 'yes',
      consentGivenBy: 'Ada Rivers, for everyone',
    };
    // Held, on a day still to come, is refused: it says the meeting happened.
    const early = await pat.post(url, changes, { from: url });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#status">A meeting is held on its day or after it\. This one is on 14 January 2027/,
    );
    assert.match(early.body, /value="Circle after school"/);
    const res = await pat.post(url, {
      ...changes,
      'date-day': String(when.day),
      'date-month': String(when.month),
      'date-year': String(when.year),
    });
    assert.equal(res.statusCode, 303);
    const [m] = await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    assert.equal(m!.status, 'held');
    assert.equal(m!.kind, 'circle');
    assert.equal((await auditRows(t, 'meeting.updated', meetingId)).length, 1);
  });

  it('loses nothing when the session expired mid-question: the answers come back after sign-in', async () => {
    const url = `/meetings/${meetingId}/guide`;
    await pat.get(`${url}?q=2`);
    t.clock.advance(31 * 60_000);
    const form = {
      q: '2',
      go: 'next',
      [`answer-${participantIds[3]}`]: 'Said just before the timeout',
    };
    const expired = await pat.post(url, form);
    assert.equal(expired.statusCode, 401);
    const resume = /name="resume" value="([^"]+)"/.exec(expired.body)![1]!;
    const back = await pat.post('/sign-in', {
      email: w.practitioner.email,
      password: PASSWORD,
      resume,
    });
    assert.equal(back.statusCode, 200);
    assert.match(back.body, /Said just before the timeout/);
    assert.ok(back.body.includes(`action="${url}"`));
    const saved = await pat.post(url, form);
    assert.equal(saved.statusCode, 303);
    const [row] = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.answer, 'Said just before the timeout'));
    assert.equal(row!.participantId, participantIds[3]);
  });
  it('warns to ask for consent to record first, and records nothing once it is refused', async () => {
    const url = `/meetings/${meetingId}/guide`;
    const consent = (consentToRecord: boolean | null) =>
      t.database.db.update(meetings).set({ consentToRecord }).where(eq(meetings.id, meetingId));
    const answersSaying = async (answer: string) =>
      t.database.db.select().from(meetingAnswers).where(eq(meetingAnswers.answer, answer));
    const form = (answer: string) => ({
      q: '2',
      go: 'stay',
      [`answer-${participantIds[4]}`]: answer,
    });

    // Not asked yet: a warning to ask first, linked to where the answer is recorded; allowed.
    await consent(null);
    const unasked = await pat.get(`${url}?q=2`);
    assert.match(unasked.body, /govuk-warning-text/);
    assert.match(unasked.body, /Ask everyone whether what they say can be recorded/);
    assert.ok(unasked.body.includes(`href="/meetings/${meetingId}/edit#consentToRecord"`));
    assert.match(unasked.body, /<textarea/);
    assert.equal((await pat.post(url, form('Said before anyone asked'))).statusCode, 303);
    assert.equal((await answersSaying('Said before anyone asked')).length, 1);

    // Refused: no boxes, the reason and where to change it; a post is refused and not kept.
    await consent(false);
    const refused = await pat.get(`${url}?q=2`);
    assert.doesNotMatch(refused.body, /<textarea/);
    assert.doesNotMatch(refused.body, /guide\.js/);
    assert.match(refused.body, /have not agreed that what they say can be recorded/);
    assert.ok(refused.body.includes(`href="/meetings/${meetingId}/edit#consentToRecord"`));
    const post = await pat.post(url, form('Said without consent'), { from: `${url}?q=2` });
    assert.equal(post.statusCode, 409);
    assert.match(post.body, /href="#guide">The people taking part have not agreed/);
    assert.doesNotMatch(post.body, /Said without consent/);
    const unsaved = await autosave(url, form('Autosaved without consent'));
    assert.equal(unsaved.statusCode, 409);
    assert.equal((await answersSaying('Said without consent')).length, 0);
    assert.equal((await answersSaying('Autosaved without consent')).length, 0);
    await consent(true);
  });
});
