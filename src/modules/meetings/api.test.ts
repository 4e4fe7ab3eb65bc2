import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  assertProblem,
  callApi,
  errorPaths,
  tokenAudit,
  tokenFor,
  type ApiToken,
} from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { meetingDayComes, meetingWorld } from '../../../test/support/meetings.js';
import { latestMailTo } from '../../../test/support/partnership.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { meetingAnswers, meetings } from './tables.js';

// The meetings API for a service account scoped to team A, which works with the Rivers family:
// a circle from arranging it to its agreed outcome, every step audited with the token as the
// actor. A token of team B, or of another partnership, finds no meeting; bad input is a 400
// problem+json that changes nothing.

const circle = (facilitatorId: string, extra: object = {}) => ({
  kind: 'circle',
  title: 'Morning circle',
  purpose: 'proactive',
  startsAt: '2027-03-03T09:30:00Z',
  place: 'Family centre',
  facilitatorId,
  ...extra,
});

describe('meetings API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let tokenA: ApiToken;
  let tokenB: ApiToken;
  let stranger: ApiToken;
  let meetingId: string;
  let participantIds: string[];

  before(async () => {
    t = await startTestApp();
    w = await meetingWorld(t);
    const pid = w.partnership.id;
    tokenA = await tokenFor(t, pid, w.practitioner.id, { teamIds: [w.teamA.id] });
    tokenB = await tokenFor(t, pid, w.practitioner.id, { teamIds: [w.teamB.id] });
    const elsewhere = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, elsewhere.partnership.id, { roles: ['admin'] });
    stranger = await tokenFor(t, elsewhere.partnership.id, admin.id, {
      roles: ['admin', 'practitioner'],
      teamIds: [elsewhere.team.id],
    });
  });
  after(() => t.close());

  it('arranges a circle, lists it, and changes its details but not its kind', async () => {
    const api = callApi(t, tokenA);
    const made = await api('POST', `/families/${w.family.id}/meetings`, circle(w.practitioner.id));
    assert.equal(made.statusCode, 201, made.body);
    const meeting = made.json<{ id: string; startsAt: string; facilitatorName: string }>();
    meetingId = meeting.id;
    assert.equal(made.headers.location, `/api/v1/meetings/${meetingId}`);
    assert.equal(meeting.startsAt, '2027-03-03T09:30:00.000Z');
    assert.equal(meeting.facilitatorName, 'Pat Practitioner');
    const [row] = await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId));
    assert.equal(row!.createdBy, null, 'a token is no person');
    assert.equal((await tokenAudit(t, tokenA, 'meeting.created', meetingId)).length, 1);

    const list = await api('GET', `/families/${w.family.id}/meetings?q=morning`);
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json<{ items: { id: string }[]; page: number; pageSize: number }>();
    assert.deepEqual(
      page.items.map((m) => m.id),
      [meetingId],
    );
    assert.deepEqual([page.page, page.pageSize], [1, 25]);

    const changed = await api(
      'PUT',
      `/meetings/${meetingId}`,
      // An instant with its offset: 6pm in London, on British Summer Time in June.
      circle(w.practitioner.id, { title: 'Evening circle', startsAt: '2027-06-03T18:00:00+01:00' }),
    );
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json<{ title: string; startsAt: string }>(), {
      ...changed.json(),
      title: 'Evening circle',
      startsAt: '2027-06-03T17:00:00.000Z',
    });
    // The form's three date boxes are not the API's: it asks for the instant.
    const boxes = await api('POST', `/families/${w.family.id}/meetings`, {
      ...circle(w.practitioner.id),
      startsAt: undefined,
      'date-day': '3',
      'date-month': '3',
      'date-year': '2027',
      time: '09:30',
    });
    assertProblem(boxes, 400);
    assert.deepEqual(errorPaths(boxes), ['startsAt']);
    assert.equal((await tokenAudit(t, tokenA, 'meeting.updated', meetingId)).length, 1);
    const kind = await api(
      'PUT',
      `/meetings/${meetingId}`,
      circle(w.practitioner.id, { kind: 'fgc' }),
    );
    assertProblem(kind, 400);
    assert.deepEqual(errorPaths(kind), ['kind']);
  });

  it('adds participants, records their preparation and sends their invitations', async () => {
    const api = callApi(t, tokenA);
    participantIds = [];
    for (const who of [
      `member:${w.members[0]!.id}`,
      `network:${w.network[0]!.id}`,
      `person:${w.practitioner.id}`,
    ]) {
      const res = await api('POST', `/meetings/${meetingId}/participants`, {
        who,
        role: 'participant',
      });
      assert.equal(res.statusCode, 201, res.body);
      participantIds.push(res.json<{ id: string }>().id);
    }
    const again = await api('POST', `/meetings/${meetingId}/participants`, {
      who: `member:${w.members[0]!.id}`,
      role: 'participant',
    });
    assertProblem(again, 400);
    assert.deepEqual(errorPaths(again), ['who']);

    const preparation = `/meetings/${meetingId}/participants/${participantIds[0]}/preparation`;
    // The clock says 21 November 2026: not contacted tomorrow, nor prepared before contacted.
    const future = await api('PUT', preparation, { contactedOn: '2026-11-22', needs: [] });
    assertProblem(future, 400);
    assert.deepEqual(errorPaths(future), ['contactedOn']);
    assert.match(future.body, /The date they were contacted must be today or in the past/);
    const early = await api('PUT', preparation, {
      contactedOn: '2026-11-20',
      preparedOn: '2026-11-19',
      needs: [],
    });
    assertProblem(early, 400);
    assert.deepEqual(errorPaths(early), ['preparedOn']);
    const prepared = await api('PUT', preparation, {
      contactedOn: '2026-11-21',
      needs: ['interpreter', 'safety'],
      needsNotes: 'Speaks Polish at home',
    });
    assert.equal(prepared.statusCode, 200, prepared.body);
    assert.deepEqual(prepared.json<{ preparation: object }>().preparation, {
      contactedOn: '2026-11-21',
      preparedOn: null,
      needs: ['interpreter', 'safety'],
      needsNotes: 'Speaks Polish at home',
    });
    const list = await api('GET', `/meetings/${meetingId}/participants`);
    assert.deepEqual(
      list.json<{ items: { name: string }[] }>().items.map((p) => p.name),
      ['Ada Rivers', 'Nan Rivers', 'Pat Practitioner'],
    );

    const emailed = await api(
      'POST',
      `/meetings/${meetingId}/participants/${participantIds[0]}/invitations`,
      { method: 'email', email: 'ada@example.test' },
    );
    assert.equal(emailed.statusCode, 201, emailed.body);
    assert.equal(emailed.json<{ method: string }>().method, 'email');
    const { mail } = await latestMailTo(t.database.db, 'ada@example.test');
    assert.match(mail!.subject, /You are invited: Evening circle/);
    assert.equal(mail!.attachments[0]!.filename, 'meeting.ics');
    const letter = await api(
      'POST',
      `/meetings/${meetingId}/participants/${participantIds[1]}/invitations`,
      { method: 'letter' },
    );
    assert.equal(letter.statusCode, 201, letter.body);
    const sent = await api('GET', `/meetings/${meetingId}/invitations`);
    assert.deepEqual(
      sent.json<{ items: { method: string }[] }>().items.map((i) => i.method),
      ['email', 'letter'],
    );
    for (const action of [
      'meeting.participant_added',
      'meeting.preparation_saved',
      'meeting.invitation_sent',
      'meeting.letter_printed',
    ])
      assert.ok((await tokenAudit(t, tokenA, action, meetingId)).length >= 1, action);
  });

  it('walks the guide, keeping each answer exactly as given, and records the outcome', async () => {
    const api = callApi(t, tokenA);
    const first = await api('GET', `/meetings/${meetingId}/guide`);
    assert.equal(first.statusCode, 200, first.body);
    const screen = first.json<{
      position: number;
      total: number;
      question: { question: string };
    }>();
    assert.equal(screen.position, 1);
    assert.equal(screen.total, 3);
    assert.equal(screen.question.question, 'What happened?');
    const words = ' Nan:  “I can help.” ';
    const saved = await api('POST', `/meetings/${meetingId}/answers`, {
      q: 1,
      go: 'next',
      [`answer-${participantIds[1]}`]: words,
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json(), { position: 2, total: 3 });
    const back = await api('GET', `/meetings/${meetingId}/guide?position=1`);
    const nan = back
      .json<{ participants: { id: string; answer: string }[] }>()
      .participants.find((p) => p.id === participantIds[1]);
    assert.equal(nan!.answer, words);
    const [answer] = await t.database.db
      .select()
      .from(meetingAnswers)
      .where(eq(meetingAnswers.meetingId, meetingId));
    assert.equal(answer!.recordedBy, null);

    await meetingDayComes(t, meetingId);
    const outcome = await api('PUT', `/meetings/${meetingId}/outcome`, {
      outcome: 'Nan walks Ben to school',
    });
    assert.equal(outcome.statusCode, 200, outcome.body);
    const record = outcome.json<{
      outcome: string;
      questions: { answers: { name: string; answer: string }[] }[];
    }>();
    assert.equal(record.outcome, 'Nan walks Ben to school');
    assert.deepEqual(record.questions[0]!.answers, [
      { participantId: participantIds[1], name: 'Nan Rivers', answer: words },
    ]);
    for (const action of ['meeting.answers_saved', 'meeting.outcome_saved', 'meeting.guide_viewed'])
      assert.ok((await tokenAudit(t, tokenA, action, meetingId)).length >= 1, action);
  });

  it('refuses answers (409, with the reason) when consent to record was refused', async () => {
    const api = callApi(t, tokenA);
    const consent = (consentToRecord: boolean | null) =>
      t.database.db.update(meetings).set({ consentToRecord }).where(eq(meetings.id, meetingId));
    await consent(false);
    const screen = await api('GET', `/meetings/${meetingId}/guide`);
    assert.match(
      screen.json<{ answersRefused: string }>().answersRefused,
      /not agreed that what they say can be recorded/,
    );
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const refused = await api('POST', `/meetings/${meetingId}/answers`, {
      q: 1,
      [`answer-${participantIds[0]}`]: 'Said without consent',
    });
    assertProblem(refused, 409);
    assert.match(refused.body, /not agreed that what they say can be recorded/);
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
    await consent(null);
    const unasked = await api('GET', `/meetings/${meetingId}/guide`);
    assert.equal(unasked.json<{ answersRefused: string | null }>().answersRefused, null);
    await consent(true);
  });

  it('finds no meeting for a token of another team or partnership, audited, nothing changed', async () => {
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    for (const token of [tokenB, stranger]) {
      const api = callApi(t, token);
      const p = participantIds[0];
      for (const [method, path, body] of [
        ['GET', `/families/${w.family.id}/meetings`],
        ['POST', `/families/${w.family.id}/meetings`, circle(w.practitioner.id)],
        ['GET', `/meetings/${meetingId}`],
        ['PUT', `/meetings/${meetingId}`, circle(w.practitioner.id)],
        ['PUT', `/meetings/${meetingId}/outcome`, { outcome: 'Taken over' }],
        ['GET', `/meetings/${meetingId}/participants`],
        ['POST', `/meetings/${meetingId}/participants`, { who: `person:${w.other.id}`, role: 'x' }],
        ['PUT', `/meetings/${meetingId}/participants/${p}/preparation`, { needs: [] }],
        ['GET', `/meetings/${meetingId}/invitations`],
        ['POST', `/meetings/${meetingId}/participants/${p}/invitations`, { method: 'letter' }],
        ['GET', `/meetings/${meetingId}/guide`],
        ['POST', `/meetings/${meetingId}/answers`, { q: 1, [`answer-${p}`]: 'Not mine' }],
      ] as const) {
        const res = await api(method, path, body);
        assertProblem(res, 404, `${method} ${path}`);
        assert.doesNotMatch(res.body, /Rivers|circle/i);
      }
    }
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
    assert.ok((await tokenAudit(t, tokenB, 'meeting.viewed', w.family.id, 'denied')).length >= 1);
  });

  it('refuses bad input with 400 problem+json and changes nothing', async () => {
    const api = callApi(t, tokenA);
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const p = participantIds[0];
    const bad = await api('POST', `/families/${w.family.id}/meetings`, {
      kind: 'circle',
      title: '',
      facilitatorId: w.practitioner.id,
    });
    assertProblem(bad, 400);
    assert.deepEqual(errorPaths(bad).sort(), ['place', 'purpose', 'startsAt', 'title']);
    const outsider = await api(
      'POST',
      `/families/${w.family.id}/meetings`,
      circle('00000000-0000-4000-8000-000000000000'),
    );
    assertProblem(outsider, 400);
    assert.deepEqual(errorPaths(outsider), ['facilitatorId']);
    for (const [method, path, body] of [
      ['PUT', `/meetings/${meetingId}/outcome`, { outcome: '   ' }],
      ['POST', `/meetings/${meetingId}/participants`, { who: 'someone', role: '' }],
      // Shaped like an id, but not one: refused, not looked up (which failed with a 500).
      [
        'POST',
        `/meetings/${meetingId}/participants`,
        { who: `person:${'-'.repeat(36)}`, role: 'x' },
      ],
      [
        'PUT',
        `/meetings/${meetingId}/participants/${p}/preparation`,
        { preparedOn: '2027-01-40', needs: ['snacks'] },
      ],
      [
        'POST',
        `/meetings/${meetingId}/participants/${p}/invitations`,
        { method: 'email', email: 'not an address' },
      ],
      ['POST', `/meetings/${meetingId}/answers`, { q: 'first' }],
      ['POST', `/meetings/${meetingId}/answers`, { q: 99, [`answer-${p}`]: 'Nowhere' }],
    ] as const)
      assertProblem(await api(method, path, body), 400, `${method} ${path}`);
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
  });

  it('asks for a token when there is none', async () => {
    assertProblem(await callApi(t, null)('GET', `/meetings/${meetingId}`), 401);
  });
});
