import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { auditRows } from '../../../test/support/meetings.js';
import * as day from './fgc-meeting.js';
import * as fgc from './fgc.js';
import { decisionSchema } from './fgc-schemas.js';
import { HttpError } from '../../platform/http/errors.js';
import { saveOutcome, type Saved } from './service.js';

// The referrer's answer to the family's plan, without HTTP: not agreed (with why and what
// happens next), a new plan, then agreed; every answer kept.

const refused = (saved: Saved, field: string, pattern: RegExp) => {
  assert.ok(!saved.ok, 'refused');
  const errors = saved.errors;
  assert.match(errors[field] ?? '', pattern, JSON.stringify(errors));
};

describe('the referrer’s answer to a family’s plan', () => {
  let t: TestApp;
  let w: FgcWorld;
  const pat = () => w.ctx.practitioner();

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
  });
  after(() => t.close());

  it('records the referrer’s answer: not agreed with why and what next, then agreed after a new plan', async () => {
    assert.equal(
      decisionSchema('2026-11-21').safeParse({
        agreed: 'no',
        'decided-day': '21',
        'decided-month': '11',
        'decided-year': '2026',
      }).success,
      false,
    );
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'agreement');
    const today = '2026-11-21';
    refused(
      await day.recordDecision(pat(), id, {
        agreed: true,
        decidedOn: '2026-11-01',
        reason: null,
        nextSteps: null,
      }),
      'decided',
      /before the family presented its plan/,
    );
    const no = await day.recordDecision(pat(), id, {
      agreed: false,
      decidedOn: today,
      reason: 'The plan does not say who takes Ben to school on Fridays.',
      nextSteps: 'The family meets again on Monday to add Fridays.',
    });
    assert.ok(no.ok);
    let view = await fgc.viewFgc(pat(), id);
    assert.equal(view.statuses[6]!.status, 'not_agreed');
    assert.equal(view.progress, 'agreement');
    refused(
      await day.recordDecision(pat(), id, {
        agreed: true,
        decidedOn: today,
        reason: null,
        nextSteps: null,
      }),
      'agreed',
      /already recorded/,
    );
    t.clock.advance(60_000);
    assert.ok(
      (await day.presentPlan(pat(), id, { plan: 'Nan walks Ben to school; Dad on Fridays.' })).ok,
    );
    t.clock.advance(60_000);
    assert.ok(
      (
        await day.recordDecision(pat(), id, {
          agreed: true,
          decidedOn: today,
          reason: null,
          nextSteps: null,
        })
      ).ok,
    );
    view = await fgc.viewFgc(pat(), id);
    assert.equal(view.decisions.length, 2, 'both answers are kept');
    assert.equal(view.decision!.agreed, true);
    assert.equal(view.progress, 'review');
    assert.equal(view.meeting.outcome, 'Nan walks Ben to school; Dad on Fridays.');
    assert.equal(view.meeting.status, 'held');
    refused(await day.presentPlan(pat(), id, { plan: 'Changed' }), 'plan', /has agreed this plan/);
    // Nor through the outcome every other meeting has (the guide's Finish, the API).
    await assert.rejects(
      saveOutcome(pat(), id, { outcome: 'Changed after it was agreed' }),
      (e: unknown) => e instanceof HttpError && e.statusCode === 409,
    );
    view = await fgc.viewFgc(pat(), id);
    assert.equal(view.meeting.outcome, 'Nan walks Ben to school; Dad on Fridays.');
    assert.equal((await auditRows(t, 'fgc.plan_not_agreed', view.decisions[0]!.id)).length, 1);
    assert.equal((await auditRows(t, 'fgc.plan_agreed', view.decisions[1]!.id)).length, 1);
  });
});
