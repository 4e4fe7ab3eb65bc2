import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { agentFor, auditRows, meetingWorld } from '../../../test/support/meetings.js';
import { latestMailTo } from '../../../test/support/partnership.js';
import { auditEvents } from '../../platform/audit/tables.js';
import { meetingAnswers, meetingParticipants } from './tables.js';

// Taking someone off a meeting: a confirmation page first, the row retired (not deleted) and
// audited; refused, with the reason, once they have answers in the guide; others' meetings 404.

describe('removing a participant from a meeting', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let pat: Agent;
  let meetingId: string;
  const ids: string[] = [];

  before(async () => {
    t = await startTestApp();
    w = await meetingWorld(t);
    pat = await agentFor(t, w.practitioner);
    const res = await pat.post(`/families/${w.family.id}/meetings/new/circle`, {
      title: 'Circle about the weekend',
      purpose: 'responsive',
      talkingPiece: '',
      'date-day': '14',
      'date-month': '1',
      'date-year': '2027',
      time: '2:30pm',
      place: 'The community centre',
      onlineLink: '',
      facilitatorId: w.practitioner.id,
      consentToRecord: 'yes',
      consentGivenBy: 'Ada Rivers',
    });
    meetingId = /\/meetings\/([0-9a-f-]{36})\/participants/.exec(res.headers.location!)![1]!;
    for (const m of w.members.slice(0, 2))
      await pat.post(`/meetings/${meetingId}/participants`, {
        who: `member:${m.id}`,
        role: 'participant',
      });
    const guide = await pat.get(`/meetings/${meetingId}/guide`);
    for (const m of guide.body.matchAll(/name="answer-([0-9a-f-]{36})"/g)) ids.push(m[1]!);
    assert.equal(ids.length, 2);
  });
  after(() => t.close());

  it('links each participant to a confirmation page that names them', async () => {
    const list = await pat.get(`/meetings/${meetingId}/participants`);
    assert.match(
      list.body,
      new RegExp(`href="/meetings/${meetingId}/participants/${ids[1]}/remove"`),
    );
    assert.match(
      list.body,
      /Remove<span class="govuk-visually-hidden"> Ben Rivers from the meeting/,
    );
    const page = await pat.get(`/meetings/${meetingId}/participants/${ids[1]}/remove`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Remove Ben Rivers from the meeting\?/);
    assert.match(page.body, /Yes, remove them/);
    assert.match(page.body, /No, keep them/);
  });

  it('refuses once they have answers in the guide, says why, and keeps them', async () => {
    await pat.post(
      `/meetings/${meetingId}/guide`,
      { q: '1', go: 'next', [`answer-${ids[0]}`]: 'I was upset about Saturday' },
      { from: `/meetings/${meetingId}/guide?q=1` },
    );
    const page = await pat.get(`/meetings/${meetingId}/participants/${ids[0]}/remove`);
    assert.match(
      page.body,
      /Ada Rivers cannot be removed: they have answers in the facilitation guide \(1 question\)/,
    );
    assert.ok(!page.body.includes('Yes, remove them'));
    const post = await pat.post(
      `/meetings/${meetingId}/participants/${ids[0]}/remove`,
      {},
      { from: `/meetings/${meetingId}/participants/${ids[0]}/remove` },
    );
    assert.equal(post.statusCode, 400);
    assert.match(post.body, /cannot be removed/);
    const [row] = await t.database.db
      .select()
      .from(meetingParticipants)
      .where(eq(meetingParticipants.id, ids[0]!));
    assert.equal(row!.retiredAt, null);
    assert.equal((await auditRows(t, 'meeting.participant_removed', ids[0]!)).length, 0);
  });

  it('removes someone without answers: retired, audited, gone from the list and the guide', async () => {
    // An answer typed and then cleared is no answer: it does not keep them.
    for (const answer of ['Something', ''])
      await pat.post(
        `/meetings/${meetingId}/guide`,
        { q: '2', go: 'next', [`answer-${ids[1]}`]: answer },
        { from: `/meetings/${meetingId}/guide?q=2` },
      );
    const letter = await pat.post(
      `/meetings/${meetingId}/invitations/${ids[1]}`,
      { method: 'letter' },
      { from: `/meetings/${meetingId}/invitations/${ids[1]}` },
    );
    assert.equal(letter.statusCode, 303);
    // Invited by letter: the app can't tell them, so the pages ask the practitioner to.
    const confirm = await pat.get(`/meetings/${meetingId}/participants/${ids[1]}/remove`);
    assert.match(confirm.body, /They were invited by letter, so the app can’t tell them/);
    const res = await pat.post(
      `/meetings/${meetingId}/participants/${ids[1]}/remove`,
      {},
      { from: `/meetings/${meetingId}/participants/${ids[1]}/remove` },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(
      res.headers.location,
      `/meetings/${meetingId}/participants?done=removed&told=letter`,
    );
    const told = await pat.get(res.headers.location);
    assert.match(told.body, /please tell them yourself that they no longer need to come/);
    const [row] = await t.database.db
      .select()
      .from(meetingParticipants)
      .where(eq(meetingParticipants.id, ids[1]!));
    assert.ok(row!.retiredAt, 'kept, with when');
    assert.equal((await auditRows(t, 'meeting.participant_removed', ids[1]!)).length, 1);
    const list = await pat.get(`/meetings/${meetingId}/participants?done=removed`);
    assert.match(list.body, /They have been removed from the meeting/);
    assert.ok(!list.body.includes(`/participants/${ids[1]}/remove`));
    const guide = await pat.get(`/meetings/${meetingId}/guide`);
    assert.ok(!guide.body.includes(`answer-${ids[1]}`));
    const again = await pat.get(`/meetings/${meetingId}/participants/${ids[1]}/remove`);
    assert.equal(again.statusCode, 404);
    const twice = await pat.post(
      `/meetings/${meetingId}/participants/${ids[1]}/remove`,
      {},
      { from: `/meetings/${meetingId}/participants` },
    );
    assert.equal(twice.statusCode, 404);
    assert.equal((await auditRows(t, 'meeting.participant_removed', ids[1]!)).length, 1);
    // The letter they were sent stays in the record, under their name.
    const sent = await pat.get(`/meetings/${meetingId}/invitations`);
    assert.match(sent.body, /Ben Rivers \(removed from the meeting\)/);
    assert.ok(!sent.body.includes(`/invitations/${ids[1]}/letter`));
  });

  it('leaves it to the practitioner when they choose, and says nothing of someone never invited', async () => {
    const added = async (who: string) => {
      await pat.post(`/meetings/${meetingId}/participants`, { who, role: 'supporter' });
      const list = (await pat.get(`/meetings/${meetingId}/participants`)).body;
      return [...list.matchAll(/participants\/([0-9a-f-]{36})\/remove"/g)]
        .map((m) => m[1]!)
        .find((id) => !ids.includes(id) && !seen.includes(id))!;
    };
    const seen: string[] = [];
    const remove = (id: string, body: Record<string, string>) =>
      pat.post(`/meetings/${meetingId}/participants/${id}/remove`, body, {
        from: `/meetings/${meetingId}/participants/${id}/remove`,
      });
    // Invited by email, but the practitioner will tell them: no email, no row, and the banner
    // asks them to.
    const nan = await added(`network:${w.network[0]!.id}`);
    seen.push(nan);
    const invited = await pat.post(
      `/meetings/${meetingId}/invitations/${nan}`,
      { method: 'email', email: 'nan@example.test' },
      { from: `/meetings/${meetingId}/invitations/${nan}` },
    );
    assert.equal(invited.statusCode, 303);
    const kept = await remove(nan, { email: 'no' });
    assert.equal(
      kept.headers.location,
      `/meetings/${meetingId}/participants?done=removed&told=unsent`,
    );
    const banner = await pat.get(kept.headers.location);
    assert.match(banner.body, /They have not been emailed, so please tell them yourself/);
    const { mail } = await latestMailTo(t.database.db, 'nan@example.test');
    assert.match(mail!.subject, /^You are invited/, 'only the invitation was sent');
    const told = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'meeting.removal_sent'));
    assert.equal(told.length, 0);
    // Never invited: nothing to tell.
    const uncle = await added(`network:${w.network[1]!.id}`);
    const plain = await remove(uncle, {});
    assert.equal(plain.headers.location, `/meetings/${meetingId}/participants?done=removed`);
  });

  it('on a server, an answer saved while they are being removed waits, and is not kept', async (c) => {
    if (t.database.kind !== 'server') return c.skip('PGlite has one session: nothing overlaps');
    await pat.post(`/meetings/${meetingId}/participants`, {
      who: `member:${w.members[2]!.id}`,
      role: 'participant',
    });
    const guide = `/meetings/${meetingId}/guide`;
    const listed = await pat.get(`${guide}?q=3`);
    const cleo = [...listed.body.matchAll(/name="answer-([0-9a-f-]{36})"/g)]
      .map((m) => m[1]!)
      .find((id) => !ids.includes(id))!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // A removal in flight: the row retired, not yet committed.
    const removal = t.database.db.transaction(async (tx) => {
      await tx
        .update(meetingParticipants)
        .set({ retiredAt: new Date() })
        .where(eq(meetingParticipants.id, cleo));
      await released;
    });
    const save = pat.post(
      guide,
      { q: '3', go: 'next', [`answer-${cleo}`]: 'Words said too late' },
      { from: `${guide}?q=3` },
    );
    let waiting = 0;
    for (let i = 0; i < 400 && !waiting; i++) {
      const result = await t.database.ownerQuery<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      waiting = result.rows[0]!.n;
      if (!waiting) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(waiting, 1, 'the save waits for the removal');
    release();
    await removal;
    assert.equal((await save).statusCode, 303);
    const kept = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.participantId, cleo));
    assert.equal(kept.length, 0);
  });

  it('is not found for someone outside the family’s teams, and nothing changes', async () => {
    const oli = await agentFor(t, w.other);
    const page = await oli.get(`/meetings/${meetingId}/participants/${ids[0]}/remove`);
    assert.equal(page.statusCode, 404);
    const post = await oli.post(
      `/meetings/${meetingId}/participants/${ids[0]}/remove`,
      {},
      {
        from: '/',
      },
    );
    assert.equal(post.statusCode, 404);
    const bad = await pat.get(`/meetings/${meetingId}/participants/not-an-id/remove`);
    assert.equal(bad.statusCode, 404);
  });
});
