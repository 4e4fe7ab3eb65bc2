import { ukToday } from '../../platform/dates/uk-time.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { addAction, addReview } from '../plans/actions.js';
import { createPlan, retirePlan } from '../plans/service.js';
import { planReviews } from '../plans/tables.js';
import { addNetworkMember } from './network.js';
import type { NetworkMemberInput } from './schemas.js';

// The family's page at a glance: its network counted (the family's own people against
// professionals, linking to the ecomap) and its open plans (next review, overdue actions),
// read through the plans service in the same audited read.

const SCRIPT = '<script>alert(1)</script>';

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('the family page’s network and open plans', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let familyId: string;
  let today: string;

  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    const ctx = w.ctx.practitioner();
    today = ukToday(t.clock.now());
    const made = await familyWithPlan(ctx, 'A calmer home');
    familyId = made.familyId;
    const person = (name: string, kind: NetworkMemberInput['kind']): NetworkMemberInput => ({
      name,
      kind,
      relationship: kind === 'professional' ? 'school nurse' : 'friend',
      organisation: null,
      supportOffered: null,
      strength: 'strong',
      contact: null,
    });
    for (const [name, kind] of [
      ['Fay', 'friend'],
      ['Ned', 'neighbour'],
      ['Sue', 'professional'],
    ] as const)
      assert.ok((await addNetworkMember(ctx, familyId, person(name, kind))).ok);

    const owner = `network:${made.nanId}`;
    // Each written a week before it was due, so some are overdue now.
    const action = (what: string, dueOn: string) =>
      addAction({ ...ctx, now: new Date(Date.parse(dueOn) - 7 * 86_400_000) }, made.planId, {
        what,
        owner,
        dueOn,
      });
    assert.ok((await action('Nan does the school run', addDays(today, -3))).ok);
    assert.ok((await action('Jo calls the school', addDays(today, -1))).ok);
    assert.ok((await action('A family meal on Sundays', addDays(today, 10))).ok);
    await addReview(ctx, made.planId, addDays(today, 40));
    await addReview(ctx, made.planId, addDays(today, 20));

    // A minute later, so the newest-first order is certain.
    t.clock.advance(60_000);
    const second = await createPlan(w.ctx.practitioner(), familyId, { title: SCRIPT });
    assert.ok(second.ok);
    const reviewed = second.id;
    // A review date that has since gone by (a new one cannot be set in the past).
    const review = await addReview(ctx, reviewed, today);
    assert.ok(review.ok);
    await t.database.db
      .update(planReviews)
      .set({ dueOn: addDays(today, -2) })
      .where(eq(planReviews.id, review.id));
    const gone = await createPlan(ctx, familyId, { title: 'An old plan, retired' });
    assert.ok(gone.ok);
    await retirePlan(ctx, gone.id);
  });
  after(() => t.close());

  it('counts the family’s own supporters against professionals, linking to the ecomap', async () => {
    const pat = await signedIn(t, w.practitioner);
    const res = await pat.get(`/families/${familyId}`);
    assert.equal(res.statusCode, 200);
    const network = /id="network-summary"[\s\S]*?<\/dl>/.exec(res.body)?.[0] ?? '';
    assert.match(network, /Family and community supporters\s*<\/dt>\s*<dd[^>]*>\s*3\s*</);
    assert.match(network, /Professionals\s*<\/dt>\s*<dd[^>]*>\s*1\s*</);
    assert.match(res.body, new RegExp(`href="/families/${familyId}/network">See the network`));
  });

  it('lists the open plans with their next review and overdue actions, escaped', async () => {
    const pat = await signedIn(t, w.practitioner);
    const before = (await familyAudit(t, 'family.viewed', familyId)).length;
    const res = await pat.get(`/families/${familyId}`);
    assert.equal(res.statusCode, 200);
    const table = /id="open-plans"[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
    const rows = table.split('<tr class="govuk-table__row">').slice(2);
    assert.equal(rows.length, 2, 'the retired plan is not listed');
    // Newest first: the second plan, whose review is overdue and which has no actions.
    assert.match(rows[0]!, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/a>/);
    assert.doesNotMatch(res.body, /<script>alert\(1\)/);
    assert.match(rows[0]!, /Overdue<\/strong>/);
    assert.match(rows[0]!, /govuk-table__cell--numeric">0</);
    assert.match(rows[1]!, /href="\/plans\/[0-9a-f-]+">A calmer home<\/a>/);
    const soonest = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${addDays(today, 20)}T12:00:00Z`));
    assert.match(rows[1]!, new RegExp(`${soonest}<`), 'the soonest review not yet held');
    assert.doesNotMatch(rows[1]!, /Overdue/);
    assert.match(rows[1]!, /govuk-table__cell--numeric">2</, 'two actions overdue');
    assert.match(res.body, new RegExp(`href="/families/${familyId}/plans">See all`));
    // One read of the family, audited once: the plans are part of that read (ADR 0010).
    assert.equal((await familyAudit(t, 'family.viewed', familyId)).length, before + 1);
  });

  it('says so when there are no open plans, and is still a 404 for another team', async () => {
    const made = await familyWithPlan(w.ctx.practitioner(), 'Short lived');
    await retirePlan(w.ctx.practitioner(), made.planId);
    const pat = await signedIn(t, w.practitioner);
    assert.match(
      (await pat.get(`/families/${made.familyId}`)).body,
      /There are no open plans for this family/,
    );
    const oli = await signedIn(t, w.otherPractitioner);
    assert.equal((await oli.get(`/families/${familyId}`)).statusCode, 404);
  });
});
