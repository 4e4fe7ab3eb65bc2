import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, callApi, tokenFor, type ApiToken } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld } from '../../../test/support/families.js';
import { practiceFamilies } from '../../../test/support/practice.js';
import { meetingSchema } from '../meetings/schemas.js';
import * as meetings from '../meetings/service.js';
import { addAction } from '../plans/actions.js';
import { createPlan } from '../plans/service.js';

// The caseload and team view through the API. A manager's token of team A gets team A's view:
// its families with their next meeting and what is overdue, meetings by kind and status, and
// practice counts; never team B's. "My caseload" is a person's: a token has none (403).

interface Team {
  teams: { id: string }[];
  team: { id: string } | null;
  families: {
    items: {
      id: string;
      practitioners: string[];
      nextMeeting: { title: string } | null;
      overdueActions: number;
    }[];
    total: number;
  } | null;
  meetingCounts: { kind: string; planned: number; total: number }[] | null;
  practice: { team: { id: string } }[];
}

describe('caseload and team view API', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let fam: Awaited<ReturnType<typeof practiceFamilies>>;
  let managerToken: ApiToken;

  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    fam = await practiceFamilies(w);
    const ctx = w.ctx.practitioner();
    const meeting = await meetings.createMeeting(
      ctx,
      fam.teamAFamily,
      meetingSchema.parse({
        kind: 'circle',
        title: 'Next week’s circle',
        purpose: 'proactive',
        'date-day': '30',
        'date-month': '11',
        'date-year': '2026',
        time: '10:00',
        place: 'School',
        facilitatorId: w.practitioner.id,
      }),
    );
    assert.ok(meeting.ok);
    const plan = await createPlan(ctx, fam.teamAFamily, { title: 'Our plan' });
    assert.ok(plan.ok);
    // Written on 25 October, due by 1 November: overdue now.
    const action = await addAction({ ...ctx, now: new Date('2026-10-25T10:00:00Z') }, plan.id, {
      what: 'Call school',
      owner: `professional:${w.practitioner.id}`,
      dueOn: '2026-11-01',
    });
    assert.ok(action.ok);
    managerToken = await tokenFor(t, w.partnership.id, w.manager.id, {
      roles: ['manager'],
      teamIds: [w.teamA.id],
    });
  });
  after(() => t.close());

  it('gives a manager’s token the view of its own team', async () => {
    const res = await callApi(t, managerToken)('GET', '/team');
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json<Team>();
    assert.deepEqual(
      view.teams.map((x) => x.id),
      [w.teamA.id],
    );
    assert.equal(view.families!.total, 1);
    const family = view.families!.items[0]!;
    assert.equal(family.id, fam.teamAFamily);
    assert.deepEqual(family.practitioners, ['Pat Practitioner']);
    assert.equal(family.nextMeeting!.title, 'Next week’s circle');
    assert.equal(family.overdueActions, 1);
    const circles = view.meetingCounts!.find((c) => c.kind === 'circle')!;
    assert.deepEqual([circles.planned, circles.total], [1, 1]);
    assert.deepEqual(
      view.practice.map((p) => p.team.id),
      [w.teamA.id],
    );

    // Asking for another team's view gives its own teams' view, never the other's families.
    const other = (await callApi(t, managerToken)('GET', `/team?team=${w.teamB.id}`)).json<Team>();
    assert.equal(other.team, null);
    assert.ok(!other.families!.items.some((f) => f.id === fam.teamBFamily));
  });

  it('shows a token with no team nothing, and another partnership’s token nothing of this one', async () => {
    const noTeam = await tokenFor(t, w.partnership.id, w.manager.id, { roles: ['manager'] });
    const empty = (await callApi(t, noTeam)('GET', '/team')).json<Team>();
    assert.deepEqual([empty.teams, empty.families], [[], null]);
    const stranger = await tokenFor(t, w.stranger.partnershipId, w.stranger.id, {
      roles: ['manager'],
      teamIds: [w.strangerTeam.id],
    });
    const theirs = await callApi(t, stranger)('GET', `/team?team=${w.teamA.id}`);
    assert.equal(theirs.statusCode, 200);
    assert.equal(theirs.json<Team>().families!.total, 0);
    assert.doesNotMatch(theirs.body, new RegExp(fam.teamAFamily));
  });

  it('refuses the team view to a practitioner’s token and the caseload to any token', async () => {
    const practitioner = await tokenFor(t, w.partnership.id, w.manager.id, {
      teamIds: [w.teamA.id],
    });
    assertProblem(await callApi(t, practitioner)('GET', '/team'), 403);
    assertProblem(await callApi(t, managerToken)('GET', '/caseload'), 403);
    assertProblem(await callApi(t, null)('GET', '/team'), 401);
  });
});
