import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld, signedIn } from '../../../test/support/families.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { meetingSchema } from '../meetings/schemas.js';
import { createMeeting, saveOutcome } from '../meetings/service.js';
import * as service from './service.js';
import { planChanges } from './tables.js';

// A plan made from what a meeting agreed: prefilled, linked back, the outcome in the plan.

describe('a plan from a meeting’s agreed outcome', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
  });
  after(() => t.close());

  it('prefills the new plan form, links back to the meeting, and puts the outcome in the plan', async () => {
    const ctx = w.ctx.practitioner();
    const f = await familyWithPlan(ctx);
    const input = meetingSchema.parse({
      kind: 'circle',
      purpose: 'responsive',
      title: 'Family circle about mornings',
      'date-day': '21',
      'date-month': '11',
      'date-year': '2026',
      time: '10:00',
      place: 'Home',
      facilitatorId: w.practitioner.id,
    });
    const meeting = await createMeeting(ctx, f.familyId, input);
    assert.ok(meeting.ok, JSON.stringify(meeting));
    const meetingId = (meeting as { id: string }).id;
    await saveOutcome(ctx, meetingId, { outcome: 'Nan takes the children to school on Mondays.' });

    const pat = await signedIn(t, w.practitioner);
    const form = await pat.get(`/families/${f.familyId}/plans/new?meeting=${meetingId}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Family circle about mornings"/);
    assert.match(form.body, /Nan takes the children to school on Mondays\./);
    assert.match(form.body, new RegExp(`href="/meetings/${meetingId}"`));
    // A mistake does not lose which meeting the plan starts from.
    const untitled = await pat.post(
      `/families/${f.familyId}/plans/new`,
      { title: '', meetingId, outcome: 'Nan takes the children to school on Mondays.' },
      { from: `/families/${f.familyId}/plans/new?meeting=${meetingId}` },
    );
    assert.equal(untitled.statusCode, 400);
    assert.match(untitled.body, /This plan starts from what was agreed at the meeting/);
    const res = await pat.post(
      `/families/${f.familyId}/plans/new`,
      {
        title: 'Family circle about mornings',
        meetingId,
        outcome: 'Nan takes the children to school on Mondays.',
      },
      { from: `/families/${f.familyId}/plans/new?meeting=${meetingId}` },
    );
    assert.equal(res.statusCode, 303);
    const planId = /\/plans\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    const view = await service.viewPlan(ctx, planId);
    assert.equal(view.plan.meetingId, meetingId);
    const needs = view.sections.find((s) => s.title === 'What needs to happen')!;
    assert.equal(needs.entries[0]!.text, 'Nan takes the children to school on Mondays.');
    const page = await pat.get(`/plans/${planId}`);
    assert.match(page.body, new RegExp(`href="/meetings/${meetingId}"`));
    const notes = async (id: string) =>
      (await t.database.db.select().from(planChanges).where(eq(planChanges.planId, id))).map(
        (c) => c.note,
      );
    assert.ok((await notes(planId)).includes('Agreed at the meeting'));

    // Words changed on the way into the plan are not recorded as what the meeting agreed.
    const changed = await service.createPlan(ctx, f.familyId, {
      title: 'Mornings, again',
      meetingId,
      outcome: 'Nan takes the children to school on Mondays and Fridays.',
    });
    assert.ok(changed.ok);
    const changedNotes = await notes(changed.id);
    assert.ok(!changedNotes.includes('Agreed at the meeting'), JSON.stringify(changedNotes));
    assert.ok(changedNotes.some((n) => n?.startsWith('From the meeting’s outcome, with changes')));

    // Words written with no meeting behind them give no meeting as their reason.
    const plain = await service.createPlan(ctx, f.familyId, {
      title: 'Mornings, written at home',
      outcome: 'Nan helps on Mondays.',
    });
    assert.ok(plain.ok);
    assert.deepEqual((await notes(plain.id)).filter(Boolean), []);
  });
});
