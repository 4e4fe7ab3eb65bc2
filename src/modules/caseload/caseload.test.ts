import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld, signedIn } from '../../../test/support/families.js';
import { practiceFamilies } from '../../../test/support/practice.js';
import type { Agent } from '../../../test/support/agent.js';
import * as families from '../families/service.js';
import { createMeeting } from '../meetings/service.js';
import { planActions, planReviews, plans } from '../plans/tables.js';
import * as practice from '../practice/service.js';

// The caseload and the team view: only visible families, with upcoming meetings and overdue
// plan actions and reviews; the team view for managers only, and only their teams' families.

describe('caseload and team view', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof practiceFamilies>>;
  let pat: Agent;
  let mo: Agent;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await practiceFamilies(w);
    pat = await signedIn(t, w.practitioner);
    mo = await signedIn(t, w.manager);
    const meeting = await createMeeting(w.ctx.practitioner(), f.teamAFamily, {
      kind: 'fgc',
      title: 'Family group conference',
      startsAt: new Date('2026-12-01T10:00:00Z'),
      place: 'Family centre',
      onlineLink: null,
      facilitatorId: w.practitioner.id,
      status: 'planned',
      purpose: null,
      talkingPiece: null,
      consentToRecord: null,
      consentGivenBy: null,
    });
    assert.ok(meeting.ok);
    const db = t.database.db;
    const [plan] = await db
      .insert(plans)
      .values({ partnershipId: w.partnership.id, familyId: f.teamAFamily, title: 'Our plan' })
      .returning();
    await db.insert(planActions).values({
      partnershipId: w.partnership.id,
      planId: plan!.id,
      what: 'Walk to school together',
      ownerKind: 'professional',
      ownerId: w.practitioner.id,
      dueOn: '2026-11-01',
    });
    await db
      .insert(planReviews)
      .values({ partnershipId: w.partnership.id, planId: plan!.id, dueOn: '2026-11-10' });
    await practice.createLog(w.ctx.practitioner(), {
      kind: 'statement',
      withWhom: 'Rosa',
      familyMemberId: null,
      familyId: null,
      context: 'school',
      contextOther: null,
      note: null,
      happenedAt: null,
    });
  });
  after(() => t.close());

  it('shows a practitioner only the families they may see, with meetings and what is overdue', async () => {
    const res = await pat.get('/caseload');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /The Rivers family/);
    assert.doesNotMatch(res.body, /The Hills family/);
    assert.match(res.body, /Family group conference<\/a>, 1 December 2026/);
    assert.match(res.body, /1 action, 1 review/);
    const oli = await signedIn(t, w.otherPractitioner);
    const theirs = await oli.get('/caseload');
    assert.match(theirs.body, /The Hills family/);
    assert.doesNotMatch(theirs.body, /The Rivers family/);
    assert.match(theirs.body, /None planned/);
  });

  it('pages and searches the caseload', async () => {
    for (let i = 0; i < 26; i++)
      await families.createFamily(w.ctx.practitioner(), {
        name: `Family ${String(i).padStart(2, '0')}`,
      });
    const first = await pat.get('/caseload');
    assert.match(first.body, /Showing 1 to 25 of 27 families/);
    assert.match(first.body, /href="\/caseload\?page=2"/);
    const second = await pat.get('/caseload?page=2');
    assert.match(second.body, /Showing 26 to 27 of 27 families/);
    const found = await pat.get('/caseload?q=rivers');
    assert.match(found.body, /Showing 1 to 1 of 1 families/);
    const none = await pat.get('/caseload?q=zzz');
    assert.match(none.body, /No family matches your search/);
  });

  it('refuses the team view to a practitioner (403)', async () => {
    const res = await pat.get('/team');
    assert.equal(res.statusCode, 403);
    assert.doesNotMatch((await pat.get('/practice')).body, /href="\/team"/);
  });

  it('shows a manager their teams’ families only, with practitioners, meetings by kind and counts', async () => {
    const all = await mo.get('/team');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /govuk-service-navigation__link" href="\/team"/);
    assert.match(all.body, /Showing 1 to 25 of 27 families/);
    const res = await mo.get('/team?q=rivers');
    assert.match(res.body, /The Rivers family/);
    const hills = await mo.get('/team?q=hills');
    assert.match(hills.body, /No family matches your search/);
    assert.match(res.body, /Pat Practitioner/);
    assert.match(res.body, /1 action, 1 review/);
    assert.match(
      res.body,
      /Family group conference<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/,
    );
    // The same conference by stage: arranged with no referral yet, so at the referral.
    assert.match(res.body, /Family group conferences by stage/);
    assert.match(res.body, /Referral and the family’s consent<\/th>\s*<td[^>]*>1<\/td>/);
    assert.match(res.body, /Private family time<\/th>\s*<td[^>]*>0<\/td>/);
    // Pat's statement this week, in the everyday practice counts.
    assert.match(
      res.body,
      /Pat Practitioner<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/,
    );
    const page2 = await mo.get('/team?page=2');
    assert.match(page2.body, /Showing 26 to 27 of 27 families/);
    const found = await mo.get(`/team?team=${w.teamA.id}&q=family+0`);
    assert.match(found.body, /Showing 1 to 10 of 10 families/);
  });

  it('does not show another team’s families when a manager asks for that team', async () => {
    const res = await mo.get(`/team?team=${w.teamB.id}&q=hills`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /The Hills family/);
  });
});
