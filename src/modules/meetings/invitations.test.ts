import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { agentFor, auditRows, meetingWorld } from '../../../test/support/meetings.js';
import { startSmtpServer } from '../../../test/support/smtp.js';
import { outbox as outboxTable } from '../../platform/mail/tables.js';
import { people } from '../../platform/tenancy/tables.js';
import { meetingInvitations, meetings } from './tables.js';

// Invitations: an email with an iCalendar file reaches a real SMTP server and the file reads
// back as a calendar request; a letter in plain language renders for printing.

/** Unfolds an iCalendar text (RFC 5545 3.1) into its content lines, checking CRLF and 75 octets. */
function contentLines(ics: string) {
  assert.ok(ics.endsWith('\r\n'), 'ends with CRLF');
  const physical = ics.slice(0, -2).split('\r\n');
  for (const line of physical) {
    assert.ok(!line.includes('\n'), 'no bare line feeds');
    assert.ok(Buffer.byteLength(line) <= 75, `folded to 75 octets: ${line}`);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  return lines;
}

describe('meeting invitations', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let pat: Agent;
  let meetingId: string;
  let adaId: string;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    w = await meetingWorld(t);
    pat = await agentFor(t, w.practitioner);
    const res = await pat.post(
      `/families/${w.family.id}/meetings/new/circle`,
      {
        title: 'Family circle, with a long title so that the calendar file has to fold its lines',
        purpose: 'proactive',
        'date-day': '1',
        'date-month': '7',
        'date-year': '2027',
        time: '10:00',
        place: 'Buckland Community Centre; Room 2, Malins Road',
        onlineLink: 'https://meet.example.org/rivers',
        facilitatorId: w.practitioner.id,
      },
      { from: `/families/${w.family.id}/meetings/new/circle` },
    );
    meetingId = /\/meetings\/([0-9a-f-]{36})\//.exec(res.headers.location!)![1]!;
    await pat.post(
      `/meetings/${meetingId}/participants`,
      { who: `member:${w.members[0]!.id}`, role: 'participant' },
      { from: `/meetings/${meetingId}/participants` },
    );
    const guide = await pat.get(`/meetings/${meetingId}/participants`);
    assert.match(guide.body, /Ada Rivers/);
    const inv = await pat.get(`/meetings/${meetingId}/invitations`);
    adaId = /invitations\/([0-9a-f-]{36})"/.exec(inv.body)![1]!;
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('offers the address we know, and refuses a bad one, keeping it', async () => {
    const url = `/meetings/${meetingId}/invitations/${adaId}`;
    const page = await pat.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="ada@example.test"/);
    const bad = await pat.post(url, { method: 'email', email: 'not an address' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#email">Enter an email address/);
    assert.match(bad.body, /value="not an address"/);
    const none = await pat.post(url, {}, { from: url });
    assert.match(none.body, /href="#method">Choose how to send the invitation/);
  });

  it('emails the invitation with an .ics calendar request that reaches SMTP and reads back', async () => {
    const url = `/meetings/${meetingId}/invitations/${adaId}`;
    const res = await pat.post(url, { method: 'email', email: 'ada@example.test' }, { from: url });
    assert.equal(res.statusCode, 303);
    await t.mail.deliverPending();
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.match(mail.subject ?? '', /You are invited: Family circle/);
    assert.match(mail.text ?? '', /Dear Ada Rivers/);
    assert.match(mail.text ?? '', /Thursday 1 July 2027 at 10:00am/);
    assert.ok(
      (mail.text ?? '').includes(`You can email them at ${w.practitioner.email}.`),
      'says how to reach the person running it',
    );
    const ics = mail.attachments.find((a) => a.filename === 'meeting.ics');
    assert.ok(ics, 'has the calendar file');
    assert.match(ics.contentType, /^text\/calendar/);
    const lines = contentLines(ics.content.toString('utf8'));
    const value = (name: string) =>
      lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    assert.equal(lines.at(-1), 'END:VCALENDAR');
    assert.equal(value('VERSION'), 'VERSION:2.0');
    assert.ok(value('PRODID'));
    assert.equal(value('METHOD'), 'METHOD:REQUEST');
    assert.ok(lines.includes('BEGIN:VEVENT') && lines.includes('END:VEVENT'));
    assert.equal(value('UID'), `UID:${meetingId}@doing-with`);
    // 10:00 in London in July is 09:00 UTC.
    assert.match(value('DTSTART')!, /20270701T090000Z$/);
    assert.match(value('DTEND')!, /20270701T110000Z$/);
    assert.ok(value('DTSTAMP'));
    assert.equal(
      value('SUMMARY'),
      'SUMMARY:Family circle\\, with a long title so that the calendar file has to fold its lines',
    );
    assert.match(value('LOCATION')!, /Buckland Community Centre\\; Room 2\\, Malins Road/);
    assert.match(value('ORGANIZER')!, /mailto:/i);
    assert.match(value('ATTENDEE')!, /mailto:ada@example\.test$/i);
    const [row] = await t.database.db
      .select()
      .from(meetingInvitations)
      .where(eq(meetingInvitations.meetingId, meetingId));
    assert.equal(row!.method, 'email');
    assert.equal((await auditRows(t, 'meeting.invitation_sent', row!.id)).length, 1);
    const list = await pat.get(`/meetings/${meetingId}/invitations`);
    assert.match(list.body, /Email to ada@example.test/);
  });

  it('prints a letter in plain language, with the service’s chrome hidden in print', async () => {
    const url = `/meetings/${meetingId}/invitations/${adaId}`;
    const res = await pat.post(url, { method: 'letter', email: '' }, { from: url });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${url}/letter`);
    const letter = await pat.get(`${url}/letter`);
    assert.equal(letter.statusCode, 200);
    assert.match(letter.body, /You are invited to a meeting/);
    assert.match(letter.body, /Dear Ada Rivers/);
    assert.match(letter.body, /Thursday 1 July 2027 at 10:00am/);
    assert.match(letter.body, /You can bring someone to support you/);
    assert.match(letter.body, /It may last up to 2 hours\./);
    assert.match(letter.body, /Nobody has to say anything they do not want to\./);
    assert.ok(letter.body.includes(`You can email them at ${w.practitioner.email}.`));
    assert.match(letter.body, /class="dw-no-print"/);
    assert.doesNotMatch(letter.body, /\b(LAC|CIN|s47|TAF|non-compliant)\b/);
    const rows = await t.database.db
      .select()
      .from(meetingInvitations)
      .where(eq(meetingInvitations.method, 'letter'));
    assert.equal(rows.length, 1);
    assert.equal((await auditRows(t, 'meeting.letter_printed', rows[0]!.id)).length, 1);
  });

  it('refuses an invitation page for someone not in the meeting', async () => {
    const res = await pat.get(`/meetings/${meetingId}/invitations/${w.members[1]!.id}`);
    assert.equal(res.statusCode, 404);
  });

  it('invites no one to a meeting with nowhere to go, a cancelled one or one held', async () => {
    const outbox = async () => (await t.database.db.select().from(outboxTable)).length;
    const queued = await outbox();
    const send = () =>
      pat.post(
        `/meetings/${meetingId}/invitations/${adaId}`,
        { method: 'email', email: 'ada@example.test' },
        { from: `/meetings/${meetingId}/invitations/${adaId}` },
      );
    await t.database.db
      .update(meetings)
      .set({ place: null, onlineLink: null })
      .where(eq(meetings.id, meetingId));
    assert.match(
      (await pat.get(`/meetings/${meetingId}/invitations`)).body,
      /Add where the meeting is/,
    );
    const nowhere = await send();
    assert.equal(nowhere.statusCode, 409);
    assert.match(nowhere.body, /Add where the meeting is/);

    await t.database.db
      .update(meetings)
      .set({ place: 'Buckland Community Centre', status: 'cancelled' })
      .where(eq(meetings.id, meetingId));
    const page = await pat.get(`/meetings/${meetingId}/invitations/${adaId}`);
    assert.match(page.body, /This meeting has been cancelled/);
    assert.doesNotMatch(page.body, /Send the invitation/);
    assert.equal((await send()).statusCode, 409);

    // Nor to one that has been held; a form error still says why.
    await t.database.db.update(meetings).set({ status: 'held' }).where(eq(meetings.id, meetingId));
    const held = await send();
    assert.equal(held.statusCode, 409);
    assert.match(held.body, /This meeting has been held/);
    const bad = await pat.post(
      `/meetings/${meetingId}/invitations/${adaId}`,
      { method: '' },
      { from: `/meetings/${meetingId}/invitations/${adaId}` },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /This meeting has been held/);
    assert.equal(await outbox(), queued, 'nothing was queued');
  });

  it('invites no one to a meeting whose date has passed, or run by someone who has left', async () => {
    const outbox = async () => (await t.database.db.select().from(outboxTable)).length;
    const queued = await outbox();
    const url = `/meetings/${meetingId}/invitations/${adaId}`;
    const send = () => pat.post(url, { method: 'email', email: 'ada@example.test' }, { from: url });
    await t.database.db
      .update(meetings)
      .set({ status: 'planned', startsAt: new Date(t.clock.now().getTime() - 60_000) })
      .where(eq(meetings.id, meetingId));
    assert.match((await pat.get(url)).body, /This meeting’s date has passed/);
    const past = await send();
    assert.equal(past.statusCode, 409);
    assert.match(past.body, /This meeting’s date has passed/);

    await t.database.db
      .update(meetings)
      .set({ startsAt: new Date('2027-07-01T09:00:00Z'), facilitatorId: w.colleague.id })
      .where(eq(meetings.id, meetingId));
    await t.database.db
      .update(people)
      .set({ deactivatedAt: t.clock.now() })
      .where(eq(people.id, w.colleague.id));
    assert.match(
      (await pat.get(`/meetings/${meetingId}/invitations`)).body,
      /The person running this meeting no longer has an account here/,
    );
    assert.equal((await send()).statusCode, 409);
    assert.equal(await outbox(), queued, 'nothing was queued');

    // Nor can a meeting be given to them now; it keeps them until someone else is chosen.
    const edit = (facilitatorId: string) =>
      pat.post(
        `/meetings/${meetingId}/edit`,
        {
          title: 'Family circle',
          purpose: 'proactive',
          'date-day': '1',
          'date-month': '7',
          'date-year': '2027',
          time: '10:00',
          place: 'Buckland Community Centre',
          facilitatorId,
          status: 'planned',
        },
        { from: `/meetings/${meetingId}/edit` },
      );
    assert.equal((await edit(w.colleague.id)).statusCode, 303, 'kept as it was');
    await t.database.db
      .update(meetings)
      .set({ facilitatorId: w.practitioner.id })
      .where(eq(meetings.id, meetingId));
    const given = await edit(w.colleague.id);
    assert.equal(given.statusCode, 400);
    assert.match(given.body, /Choose who is facilitating from the list/);
  });
});
