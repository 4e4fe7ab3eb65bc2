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
import { familyWorld } from '../../../test/support/families.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { snapshot } from '../../../test/support/snapshot.js';
import { meetingSchema } from '../meetings/schemas.js';
import * as meetings from '../meetings/service.js';
import { planActions, planChanges, planEntries, plans } from './tables.js';

// The plans API for a service account scoped to team A: plans made directly and from a
// meeting, words attributed to whoever said them, the concurrent-edit rule (send the version you
// read; a stale one is a 409 with both versions), actions, reviews and the history, all audited
// with the token as the actor. Team B's token and another partnership's find no plan.

interface Plan {
  id: string;
  sections: { id: string; title: string; entries: { authorName: string; text: string }[] }[];
  actions: { id: string }[];
  parties: { key: string; name: string }[];
  retiredAt: string | null;
}

describe('plans API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof familyWithPlan>>;
  let tokenA: ApiToken;
  let tokenB: ApiToken;
  let stranger: ApiToken;
  let entryId: string;
  let actionId: string;

  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await familyWithPlan(w.ctx.practitioner());
    const pid = w.partnership.id;
    tokenA = await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamA.id] });
    tokenB = await tokenFor(t, pid, w.manager.id, { teamIds: [w.teamB.id] });
    stranger = await tokenFor(t, w.stranger.partnershipId, w.stranger.id, {
      teamIds: [w.strangerTeam.id],
    });
  });
  after(() => t.close());

  it('lists a family’s plans and makes one directly', async () => {
    const api = callApi(t, tokenA);
    const list = await api('GET', `/families/${f.familyId}/plans`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json<{ items: { id: string }[]; total: number }>().items.map((p) => p.id),
      [f.planId],
    );
    const made = await api('POST', `/families/${f.familyId}/plans`, { title: 'A token’s plan' });
    assert.equal(made.statusCode, 201, made.body);
    const plan = made.json<Plan>();
    assert.equal(made.headers.location, `/api/v1/plans/${plan.id}`);
    assert.deepEqual(
      plan.sections.map((s) => s.title),
      ['What we are worried about', 'What is working well', 'What needs to happen'],
    );
    assert.deepEqual(
      plan.parties.map((p) => p.name),
      ['Jo', 'Nan', 'Pat Practitioner'],
      'the family, its network and its practitioners: never the token',
    );
    const [row] = await t.database.db.select().from(plans).where(eq(plans.id, plan.id));
    assert.equal(row!.createdBy, null);
    assert.equal((await tokenAudit(t, tokenA, 'plan.created', plan.id)).length, 1);
  });

  it('makes a plan from a meeting’s outcome in the words of whoever recorded them, and puts no words in anyone’s name', async () => {
    const ctx = w.ctx.practitioner();
    const input = meetingSchema.parse({
      kind: 'circle',
      title: 'Circle',
      purpose: 'responsive',
      'date-day': '1',
      'date-month': '11',
      'date-year': '2026',
      time: '10:00',
      place: 'Home',
      facilitatorId: w.practitioner.id,
    });
    const meeting = await meetings.createMeeting(ctx, f.familyId, input);
    assert.ok(meeting.ok);
    await meetings.saveOutcome(ctx, meeting.id, { outcome: 'Nan does the school run' });
    const api = callApi(t, tokenA);
    const made = await api('POST', `/families/${f.familyId}/plans`, {
      title: 'From the circle',
      meetingId: meeting.id,
    });
    assert.equal(made.statusCode, 201, made.body);
    const last = made.json<Plan>().sections.at(-1)!;
    assert.deepEqual(
      last.entries.map((e) => [e.authorName, e.text]),
      [['Pat Practitioner', 'Nan does the school run']],
    );

    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const typed = await api('POST', `/families/${f.familyId}/plans`, {
      title: 'Typed',
      outcome: 'Words of no one',
    });
    assertProblem(typed, 400);
    assert.deepEqual(errorPaths(typed), ['outcome']);
    const reworded = await api('POST', `/families/${f.familyId}/plans`, {
      title: 'Reworded',
      meetingId: meeting.id,
      outcome: 'Nan does every school run',
    });
    assertProblem(reworded, 400);
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
  });

  it('adds words in their author’s name and changes them only at the version read', async () => {
    const api = callApi(t, tokenA);
    const added = await api('POST', `/plans/${f.planId}/entries`, {
      sectionId: f.sections[0]!.id,
      author: `family:${f.joId}`,
      text: 'We argue at bedtime',
    });
    assert.equal(added.statusCode, 201, added.body);
    const entry = added.json<{ id: string; authorName: string; familyWords: boolean }>();
    entryId = entry.id;
    assert.deepEqual([entry.authorName, entry.familyWords], ['Jo', true]);
    const [row] = await t.database.db.select().from(planEntries).where(eq(planEntries.id, entryId));
    assert.equal(row!.recordedBy, null, 'typed by a system, not a person');

    const path = `/plans/${f.planId}/entries/${entryId}`;
    const noNote = await api('PUT', path, { text: 'We argue at bedtime sometimes', version: 1 });
    assertProblem(noNote, 400);
    assert.deepEqual(errorPaths(noNote), ['note'], 'Jo’s words are never silently reworded');
    const changed = await api('PUT', path, {
      text: 'We argue at bedtime sometimes',
      note: 'Jo asked for this on the phone',
      version: 1,
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<{ version: number }>().version, 2);

    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const stale = await api('PUT', path, { text: 'Mine', note: 'Late', version: 1 });
    assertProblem(stale, 409);
    const both = stale.json<{
      theirs: { text: string; version: number };
      yours: { text: string };
    }>();
    assert.deepEqual(
      [both.theirs.text, both.theirs.version, both.yours.text],
      ['We argue at bedtime sometimes', 2, 'Mine'],
    );
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);

    const history = await api('GET', `/plans/${f.planId}/history`);
    assert.equal(history.statusCode, 200, history.body);
    const change = history
      .json<{ items: { change: string; before: string; changedBy: string; note: string }[] }>()
      .items.find((c) => c.change === 'entry_changed')!;
    assert.deepEqual(
      [change.before, change.note, change.changedBy],
      [
        'We argue at bedtime',
        'Jo asked for this on the phone',
        'API token: Case management system',
      ],
    );
    const [kept] = await t.database.db
      .select()
      .from(planChanges)
      .where(eq(planChanges.recordId, entryId));
    assert.equal(kept!.changedByToken, tokenA.id);
    assert.equal((await tokenAudit(t, tokenA, 'plan.entry_changed', entryId)).length, 1);
  });

  it('adds an action, updates its status at the version read, and retires it', async () => {
    const api = callApi(t, tokenA);
    const made = await api('POST', `/plans/${f.planId}/actions`, {
      what: 'Nan collects Kai from school',
      owner: `network:${f.nanId}`,
      supportNeeded: 'Bus pass',
      dueOn: '2026-12-01',
      howWeWillKnow: 'Kai is on time',
    });
    assert.equal(made.statusCode, 201, made.body);
    const action = made.json<{ id: string; ownerName: string; version: number }>();
    actionId = action.id;
    assert.equal(action.ownerName, 'Nan');
    const list = await api('GET', `/families/${f.familyId}/plans`);
    const mine = list
      .json<{ items: { id: string; openActions: number }[] }>()
      .items.find((p) => p.id === f.planId)!;
    assert.equal(mine.openActions, 1);

    const status = await api('PATCH', `/actions/${actionId}/status`, {
      status: 'in_progress',
      version: 1,
    });
    assert.equal(status.statusCode, 200, status.body);
    assert.deepEqual(
      [status.json<{ status: string }>().status, status.json<{ statusBy: null }>().statusBy],
      ['in_progress', null],
    );
    const stale = await api('PATCH', `/actions/${actionId}/status`, { status: 'done', version: 1 });
    assertProblem(stale, 409);
    assert.equal(stale.json<{ theirs: { status: string } }>().theirs.status, 'in_progress');

    const retired = await api('POST', `/plans/${f.planId}/actions/${actionId}/retire`);
    assert.equal(retired.statusCode, 200, retired.body);
    const plan = (await api('GET', `/plans/${f.planId}`)).json<Plan>();
    assert.ok(!plan.actions.some((a) => a.id === actionId));
    const [row] = await t.database.db
      .select()
      .from(planActions)
      .where(eq(planActions.id, actionId));
    assert.ok(row!.retiredAt, 'kept, retired');
    for (const change of ['action_added', 'action_status_changed', 'action_retired'])
      assert.equal((await tokenAudit(t, tokenA, `plan.${change}`, actionId)).length, 1, change);
  });

  it('adds a review date and records it held, then retires the plan', async () => {
    const api = callApi(t, tokenA);
    // The clock says 21 November 2026: a review is today or later.
    const gone = await api('POST', `/plans/${f.planId}/reviews`, { dueOn: '2026-11-20' });
    assertProblem(gone, 400);
    assert.deepEqual(errorPaths(gone), ['dueOn']);
    // The API takes YYYY-MM-DD only: 10/01/2027 could be either month.
    const ambiguous = await api('POST', `/plans/${f.planId}/reviews`, { dueOn: '10/01/2027' });
    assert.deepEqual(errorPaths(ambiguous), ['dueOn']);
    const review = await api('POST', `/plans/${f.planId}/reviews`, { dueOn: '2027-01-10' });
    assert.equal(review.statusCode, 201, review.body);
    const made = review.json<{ id: string; dueOn: string; heldAt: null }>();
    assert.deepEqual([made.dueOn, made.heldAt], ['2027-01-10', null]);
    const held = await api('POST', `/plans/${f.planId}/reviews/${made.id}/held`);
    assert.equal(held.statusCode, 200, held.body);
    assert.ok(held.json<{ heldAt: string }>().heldAt);

    const retired = await api('POST', `/plans/${f.planId}/retire`);
    assert.equal(retired.statusCode, 200, retired.body);
    assert.ok(retired.json<Plan>().retiredAt);
    const late = await api('POST', `/plans/${f.planId}/entries`, {
      sectionId: f.sections[0]!.id,
      author: `family:${f.joId}`,
      text: 'Too late',
    });
    assertProblem(late, 400);
    // Nothing else on a retired plan changes either: its reviews and its actions stay as they were.
    for (const [path, body] of [
      [`/plans/${f.planId}/reviews`, { dueOn: '2027-02-10' }],
      [`/plans/${f.planId}/reviews/${made.id}/held`, undefined],
    ] as const)
      assertProblem(await api('POST', path, body), 400);
  });

  it('finds no plan for a token of another team or partnership, audited, nothing changed', async () => {
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    const entry = { sectionId: f.sections[0]!.id, author: `family:${f.joId}`, text: 'Not mine' };
    for (const token of [tokenB, stranger]) {
      const api = callApi(t, token);
      for (const [method, path, body] of [
        ['GET', `/families/${f.familyId}/plans`],
        ['POST', `/families/${f.familyId}/plans`, { title: 'Not mine' }],
        ['GET', `/plans/${f.planId}`],
        ['GET', `/plans/${f.planId}/history`],
        ['POST', `/plans/${f.planId}/retire`],
        ['POST', `/plans/${f.planId}/entries`, entry],
        ['PUT', `/plans/${f.planId}/entries/${entryId}`, { text: 'x', note: 'y', version: 2 }],
        ['POST', `/plans/${f.planId}/actions`, { what: 'x', owner: `family:${f.joId}` }],
        ['PATCH', `/actions/${actionId}/status`, { status: 'done', version: 2 }],
        ['POST', `/plans/${f.planId}/actions/${actionId}/retire`],
        ['POST', `/plans/${f.planId}/reviews`, { dueOn: '2027-02-01' }],
      ] as const) {
        const res = await api(method, path, body);
        assertProblem(res, 404, `${method} ${path}`);
        assert.doesNotMatch(res.body, /bedtime|Jo|Nan/);
      }
    }
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
    assert.ok((await tokenAudit(t, tokenB, 'plan.viewed', f.familyId, 'denied')).length >= 1);
  });

  it('refuses bad input with 400 problem+json and changes nothing', async () => {
    const api = callApi(t, tokenA);
    const other = await api('POST', `/families/${f.familyId}/plans`, { title: 'Open plan' });
    const planId = other.json<{ id: string }>().id;
    const before = await snapshot(t.database.query, ['audit_events', 'api_tokens']);
    for (const [method, path, body, fields] of [
      ['POST', `/families/${f.familyId}/plans`, { title: ' ' }, ['title']],
      [
        'POST',
        `/plans/${planId}/entries`,
        { sectionId: 'x', text: '' },
        ['author', 'sectionId', 'text'],
      ],
      [
        'POST',
        `/plans/${planId}/entries`,
        { sectionId: f.sections[0]!.id, author: `family:${w.manager.id}`, text: 'Hi' },
        ['author'],
      ],
      [
        'POST',
        `/plans/${planId}/actions`,
        { what: 'x', owner: `family:${f.joId}`, dueOn: '2026-02-30' },
        ['dueOn'],
      ],
      ['PATCH', `/actions/${actionId}/status`, { status: 'finished' }, ['status', 'version']],
      ['POST', `/plans/${planId}/reviews`, { dueOn: 'soon' }, ['dueOn']],
    ] as const) {
      const res = await api(method, path, body);
      assertProblem(res, 400, `${method} ${path}`);
      assert.deepEqual(errorPaths(res).sort(), [...fields], `${method} ${path}`);
    }
    assert.deepEqual(await snapshot(t.database.query, ['audit_events', 'api_tokens']), before);
  });
});
