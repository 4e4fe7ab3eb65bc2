import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { calendarOf, mailsTo } from '../../../test/support/ics.js';
import { agentFor, meetingWorld } from '../../../test/support/meetings.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { startSmtpServer } from '../../../test/support/smtp.js';

// A planned meeting that moves or is cancelled: those invited by email get the change with a
// calendar update for the same event; the page says who was invited by letter, to be told.

describe('telling invitees when a meeting changes', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let pat: Agent;
  let meetingId: string;
  let adaId: string;
  const form = (changes: Record<string, string> = {}) => ({
    title: 'Rivers family circle',
    purpose: 'proactive',
    'date-day': '1',
    'date-month': '7',
    'date-year': '2027',
    time: '10:00',
    place: 'Buckland Community Centre',
    onlineLink: '',
    facilitatorId: w.practitioner.id,
    status: 'planned',
    ...changes,
  });
  const edit = (changes: Record<string, string>) =>
    pat.post(`/meetings/${meetingId}/edit`, form(changes), {
      from: `/meetings/${meetingId}/edit`,
    });
  const sent = async (action: string) =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.partnershipId, w.partnership.id), eq(auditEvents.action, action)));
  const invite = (participantId: string, body: Record<string, string>) =>
    pat.post(`/meetings/${meetingId}/invitations/${participantId}`, body, {
      from: `/meetings/${meetingId}/invitations/${participantId}`,
    });

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    w = await meetingWorld(t);
    pat = await agentFor(t, w.practitioner);
    const res = await pat.post(`/families/${w.family.id}/meetings/new/circle`, form(), {
      from: `/families/${w.family.id}/meetings/new/circle`,
    });
    meetingId = /\/meetings\/([0-9a-f-]{36})\//.exec(res.headers.location!)![1]!;
    for (const who of [`member:${w.members[0]!.id}`, `network:${w.network[0]!.id}`])
      await pat.post(
        `/meetings/${meetingId}/participants`,
        { who, role: 'participant' },
        { from: `/meetings/${meetingId}/participants` },
      );
    const ids = [
      ...(await pat.get(`/meetings/${meetingId}/invitations`)).body.matchAll(
        /invitations\/([0-9a-f-]{36})"/g,
      ),
    ].map((m) => m[1]!);
    assert.equal(ids.length, 2);
    adaId = ids[0]!;
    // Ada by letter and by email: the meeting is in her calendar, so she is emailed. Nan by letter.
    await invite(ids[0]!, { method: 'letter' });
    await invite(ids[0]!, { method: 'email', email: 'ada@example.test' });
    await invite(ids[1]!, { method: 'letter' });
    await t.mail.deliverPending();
    assert.equal(smtp.received.length, 1);
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('tells no one when nothing they need to know has changed', async () => {
    const res = await edit({ talkingPiece: 'A smooth stone' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/meetings/${meetingId}?done=updated`);
    await t.mail.deliverPending();
    assert.equal(smtp.received.length, 1);
  });

  it('emails a moved meeting to those invited by email, as a calendar update of the same event', async () => {
    const res = await edit({ time: '14:30', place: 'Malins Road Library' });
    assert.equal(res.statusCode, 303);
    assert.equal(
      res.headers.location,
      `/meetings/${meetingId}?done=updated&news=changed&emailed=1&letters=1`,
    );
    const page = await pat.get(res.headers.location);
    assert.match(page.body, /Your changes have been saved/);
    assert.match(page.body, /We are emailing the change to the 1 person invited by email/);
    assert.match(page.body, /1 person was invited by letter\. Tell them the change yourself/);

    await t.mail.deliverPending();
    const mails = mailsTo(smtp.received, 'ada@example.test');
    assert.equal(mails.length, 2);
    const changed = mails[1]!;
    assert.equal(changed.subject, 'Changed: Rivers family circle');
    assert.match(changed.text ?? '', /Dear Ada Rivers/);
    assert.match(changed.text ?? '', /It was on Thursday 1 July 2027 at 10:00am\./);
    assert.match(changed.text ?? '', /It was at: Buckland Community Centre\./);
    assert.match(changed.text ?? '', /When: Thursday 1 July 2027 at 2:30pm/);
    assert.match(changed.text ?? '', /Where: Malins Road Library/);
    const [first, update] = mails.map(calendarOf);
    assert.equal(update!.value('METHOD'), 'METHOD:REQUEST');
    assert.equal(update!.value('UID'), first!.value('UID'));
    assert.equal(first!.value('SEQUENCE'), 'SEQUENCE:0');
    assert.equal(update!.value('SEQUENCE'), 'SEQUENCE:1');
    // 14:30 in London in July is 13:30 UTC.
    assert.match(update!.value('DTSTART')!, /20270701T133000Z$/);
    const [row] = await sent('meeting.change_sent');
    assert.equal(row!.recordType, 'meeting_invitation');
  });

  it('sends a cancellation that takes it out of their calendar, and tells no one twice', async () => {
    const res = await edit({
      title: 'Rivers circle',
      time: '14:30',
      place: 'Malins Road Library',
      status: 'cancelled',
    });
    assert.equal(
      res.headers.location,
      `/meetings/${meetingId}?done=updated&news=cancelled&emailed=1&letters=1`,
    );
    const page = await pat.get(res.headers.location);
    assert.match(page.body, /We are emailing the cancellation to the 1 person/);
    assert.match(page.body, /Tell them the cancellation yourself\./);
    await t.mail.deliverPending();
    const mails = mailsTo(smtp.received, 'ada@example.test');
    assert.equal(mails.length, 3);
    const cancelled = mails[2]!;
    assert.equal(cancelled.subject, 'Cancelled: Rivers family circle', 'the title they know');
    assert.match(cancelled.text ?? '', /Rivers family circle, on .* has been cancelled\./);
    const ics = calendarOf(cancelled);
    assert.equal(ics.value('METHOD'), 'METHOD:CANCEL');
    assert.equal(ics.value('STATUS'), 'STATUS:CANCELLED');
    assert.equal(ics.value('SEQUENCE'), 'SEQUENCE:2');
    assert.equal((await sent('meeting.cancellation_sent')).length, 1);

    // Saved again while cancelled: nothing more to tell.
    const again = await edit({ status: 'cancelled', title: 'Rivers circle (off)' });
    assert.equal(again.headers.location, `/meetings/${meetingId}?done=updated`);
    await t.mail.deliverPending();
    assert.equal(mailsTo(smtp.received, 'ada@example.test').length, 3);
  });

  it('emails someone removed to take it out of their calendar, and does not tell them again', async () => {
    // Back on: Ada and Nan hear of it. Then Ada is removed, and the next move reaches no one.
    const on = await edit({ status: 'planned' });
    assert.equal(
      on.headers.location,
      `/meetings/${meetingId}?done=updated&news=back-on&emailed=1&letters=1`,
    );
    await t.mail.deliverPending();
    const back = mailsTo(smtp.received, 'ada@example.test')[3]!;
    assert.equal(back.subject, 'Going ahead: Rivers family circle');
    assert.match(back.text ?? '', /going ahead after all/);
    const confirm = await pat.get(`/meetings/${meetingId}/participants/${adaId}/remove`);
    assert.match(confirm.body, /They were invited by email\. Shall we email them/);
    assert.match(confirm.body, /value="yes" checked/, 'emailing is the default');
    const removed = await pat.post(
      `/meetings/${meetingId}/participants/${adaId}/remove`,
      { email: 'yes' },
      { from: `/meetings/${meetingId}/participants/${adaId}/remove` },
    );
    assert.equal(removed.statusCode, 303);
    assert.equal(
      removed.headers.location,
      `/meetings/${meetingId}/participants?done=removed&told=emailed`,
    );
    const banner = await pat.get(removed.headers.location);
    assert.match(banner.body, /We are emailing them to say they no longer need to come/);
    await t.mail.deliverPending();
    const ada = mailsTo(smtp.received, 'ada@example.test');
    const gone = ada[4]!;
    assert.equal(gone.subject, 'You don’t need to come: Rivers family circle');
    assert.match(gone.text ?? '', /Dear Ada Rivers/);
    assert.match(
      gone.text ?? '',
      /You don’t need to come to Rivers family circle on .* any more\./,
    );
    assert.match(gone.text ?? '', /please contact Pat Practitioner\. You can email them at/);
    // A CANCEL for her alone, of the event she was invited to: it goes ahead, so no
    // STATUS:CANCELLED (RFC 5546, 3.2.5), and no reply asked for.
    const ics = calendarOf(gone);
    assert.equal(ics.value('METHOD'), 'METHOD:CANCEL');
    assert.equal(ics.value('UID'), calendarOf(ada[0]!).value('UID'));
    assert.equal(ics.value('STATUS'), undefined);
    assert.equal(ics.value('SEQUENCE'), 'SEQUENCE:4');
    assert.match(ics.value('ATTENDEE') ?? '', /ada@example\.test/);
    assert.doesNotMatch(ics.value('ATTENDEE') ?? '', /RSVP=TRUE/);
    assert.equal((await sent('meeting.removal_sent')).length, 1);
    assert.equal((await sent('meeting.cancellation_sent')).length, 1, 'the meeting goes ahead');

    const moved = await edit({ 'date-day': '2' });
    assert.equal(
      moved.headers.location,
      `/meetings/${meetingId}?done=updated&news=changed&emailed=0&letters=1`,
    );
    await t.mail.deliverPending();
    assert.equal(mailsTo(smtp.received, 'ada@example.test').length, 5);
  });

  it('tells them who runs it now, and of a move to a day passed; prints no letter once cancelled', async () => {
    const nan = /invitations\/([0-9a-f-]{36})"/.exec(
      (await pat.get(`/meetings/${meetingId}/invitations`)).body,
    )![1]!;
    assert.equal(
      (await invite(nan, { method: 'email', email: 'nan@example.test' })).statusCode,
      303,
    );
    const handed = await edit({ 'date-day': '2', facilitatorId: w.colleague.id });
    assert.equal(
      handed.headers.location,
      `/meetings/${meetingId}?done=updated&news=changed&emailed=1&letters=0`,
    );
    await t.mail.deliverPending();
    const told = mailsTo(smtp.received, 'nan@example.test').find((m) =>
      m.subject?.startsWith('Changed:'),
    );
    assert.match(told!.text ?? '', /Cal Colleague is running it now\./);
    assert.ok(
      (told!.text ?? '').includes(
        `please tell Cal Colleague. You can email them at ${w.colleague.email}.`,
      ),
    );

    // Moved to a day passed (it was held earlier): their calendars move it. Changed again while
    // its day has passed, it is history being put right: no one is told.
    const past = await edit({ 'date-year': '2025', facilitatorId: w.colleague.id });
    assert.equal(
      past.headers.location,
      `/meetings/${meetingId}?done=updated&news=changed&emailed=1&letters=0`,
    );
    const off = await edit({
      'date-year': '2025',
      facilitatorId: w.colleague.id,
      status: 'cancelled',
    });
    assert.equal(off.headers.location, `/meetings/${meetingId}?done=updated`);
    await t.mail.deliverPending();
    assert.equal(mailsTo(smtp.received, 'nan@example.test').length, 3);
    const letter = await pat.get(`/meetings/${meetingId}/invitations/${nan}/letter`);
    assert.equal(letter.statusCode, 409);
    assert.match(letter.body, /This meeting has been cancelled/);
  });
});
