import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { agentFor, auditRows, meetingDayComes } from '../../../test/support/meetings.js';
import * as fgc from './fgc.js';

// The family group conference pages, part two: information sharing, private family time (and
// the refusals while it runs), the family's plan, the referrer's answer and the reviews.

const SCRIPT = '<script>alert(1)</script>';

describe('family group conference pages: the conference and its reviews', () => {
  let t: TestApp;
  let w: FgcWorld;
  let pat: Agent;
  let id: string;
  let professional: string;

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
    pat = await agentFor(t, w.practitioner);
    id = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'information');
    professional = (await fgc.viewFgc(w.ctx.practitioner(), id)).professionals[0]!.id;
  });
  after(() => t.close());

  it('records what a professional shares, with validation', async () => {
    const list = await pat.get(`/meetings/${id}/fgc/information`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Cal Colleague \(professional\)/);
    assert.match(list.body, /Not shared yet/);
    const url = `/meetings/${id}/fgc/information/${professional}`;
    assert.equal((await pat.get(url)).statusCode, 200);
    const bad = await pat.post(
      url,
      { whatWeKnow: SCRIPT, worries: '', resources: ' ' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#worries">Enter their worries/);
    assert.match(bad.body, /href="#resources">Enter the help they can offer/);
    assert.ok(!bad.body.includes(SCRIPT));
    assert.match(bad.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
    const ok = await pat.post(url, {
      whatWeKnow: `Ben has missed school. ${SCRIPT}`,
      worries: 'He is falling behind.',
      resources: 'A mentor at school.',
      bottomLines: '',
    });
    assert.equal(ok.statusCode, 303);
    const after = await pat.get(`/meetings/${id}/fgc/information`);
    assert.match(after.body, /Ben has missed school\. &lt;script&gt;/);
    assert.equal((await auditRows(t, 'fgc.information_saved', id)).length, 1);
    assert.equal(
      (await pat.get(`/meetings/${id}/fgc/information/${w.members[0]!.id}`)).statusCode,
      404,
    );
  });

  it('runs private family time, refusing professionals’ content on every route while it runs', async () => {
    const url = `/meetings/${id}/fgc/family-time`;
    const bad = await pat.post(url, { step: 'later' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#step">Choose whether private family time is starting or ending/);
    // Not before the conference's day, which would mark it held early.
    assert.match(
      (await pat.get(url)).body,
      /Private family time happens at the conference, on 10 December 2026/,
    );
    const early = await pat.post(url, { step: 'start' }, { from: url });
    assert.equal(early.statusCode, 400);
    assert.match(
      early.body,
      /href="#step">Private family time happens at the conference, on 10 December 2026/,
    );
    await meetingDayComes(t, id);
    assert.equal((await pat.post(url, { step: 'start' }, { from: url })).statusCode, 303);
    const running = await pat.get(url);
    assert.match(running.body, /Still running/);
    assert.match((await pat.get(`/meetings/${id}/fgc`)).body, /Private family time is running now/);

    const info = `/meetings/${id}/fgc/information/${professional}`;
    const blocked = await pat.post(
      info,
      { whatWeKnow: 'During', worries: 'x', resources: 'x' },
      { from: `/meetings/${id}/fgc/information` },
    );
    assert.equal(blocked.statusCode, 400);
    assert.match(blocked.body, /Private family time has started: the family is talking on its own/);
    assert.match(blocked.body, />During<\/textarea>/);
    const closed = await pat.get(info);
    assert.match(closed.body, /nothing more can be added/);
    assert.doesNotMatch(closed.body, /<textarea/, 'no form to fill in that cannot be saved');
    const guide = await pat.post(
      `/meetings/${id}/guide`,
      { q: '1', go: 'stay', [`answer-${professional}`]: 'During' },
      { from: `/meetings/${id}/fgc` },
    );
    assert.equal(guide.statusCode, 409);
    assert.match(guide.body, /Private family time has started/);
    // What was typed is shown again, to save once private family time ends, not lost.
    assert.match(guide.body, />During<\/textarea>/);
    // And the guide, opened while the family talks, offers no boxes that cannot be saved.
    const guidePage = await pat.get(`/meetings/${id}/guide`);
    assert.equal(guidePage.statusCode, 200);
    assert.match(
      guidePage.body,
      /Private family time has started: the family is talking on its own/,
    );
    assert.doesNotMatch(guidePage.body, /<textarea/, 'no form to fill in that cannot be saved');
    const outcome = await pat.post(
      `/meetings/${id}/outcome`,
      { outcome: 'During' },
      { from: `/meetings/${id}/fgc` },
    );
    assert.equal(outcome.statusCode, 409);
    const plan = await pat.post(
      `/meetings/${id}/fgc/plan`,
      { plan: 'During' },
      { from: `/meetings/${id}/fgc/plan` },
    );
    assert.equal(plan.statusCode, 400);
    assert.match(plan.body, /Private family time has started/);

    t.clock.advance(50 * 60_000);
    pat = await agentFor(t, w.practitioner); // the session timed out while the family talked
    assert.equal((await pat.post(url, { step: 'end' }, { from: url })).statusCode, 303);
    const ended = await pat.get(url);
    assert.match(ended.body, /50 minutes/);
    assert.match(
      (await pat.get(`/meetings/${id}/fgc`)).body,
      /The family talked on its own for 50 minutes/,
    );
  });

  it('records the family’s plan in its own words, ready to become a family-led plan', async () => {
    const url = `/meetings/${id}/fgc/plan`;
    const bad = await pat.post(url, { plan: '   ' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#plan">Enter the family’s plan, in the family’s words/);
    const words = `  Nan walks Ben to school.\r\nDad picks him up. ${SCRIPT}`;
    assert.equal((await pat.post(url, { plan: words }, { from: url })).statusCode, 303);
    const page = await pat.get(url);
    assert.ok(!page.body.includes(SCRIPT));
    assert.match(page.body, new RegExp(`/families/${w.family.id}/plans/new\\?meeting=${id}`));
    const view = await fgc.viewFgc(w.ctx.practitioner(), id);
    assert.equal(view.meeting.outcome, words, 'kept exactly as typed');
    assert.equal(view.meeting.status, 'held');
    // Saved from a page opened before those words were: refused, both sets of words shown.
    const stale = await pat.post(url, { plan: 'Ben walks alone', version: '' }, { from: url });
    assert.equal(stale.statusCode, 400);
    assert.match(stale.body, /href="#version">The family’s plan was saved again after you opened/);
    assert.match(stale.body, /Nan walks Ben to school\./);
    assert.match(stale.body, />Ben walks alone<\/textarea>/);
    assert.equal((await fgc.viewFgc(w.ctx.practitioner(), id)).meeting.outcome, words);
    const prefilled = await pat.get(`/families/${w.family.id}/plans/new?meeting=${id}`);
    assert.equal(prefilled.statusCode, 200);
    assert.match(prefilled.body, /Nan walks Ben to school\./);
  });

  it('records the referrer’s answer, needing a reason and next steps when it is no', async () => {
    const url = `/meetings/${id}/fgc/agreement`;
    const bad = await pat.post(
      url,
      { agreed: 'no', reason: `Too vague ${SCRIPT}`, 'decided-day': '' },
      { from: url },
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#nextSteps">Enter what happens next/);
    assert.match(bad.body, /href="#decided-day">Enter the date of the decision/);
    assert.match(bad.body, /Too vague &lt;script&gt;/);
    assert.match(bad.body, /value="no" checked/);
    const ok = await pat.post(
      url,
      { agreed: 'yes', 'decided-day': '21', 'decided-month': '11', 'decided-year': '2026' },
      { from: url },
    );
    assert.equal(ok.statusCode, 303);
    const page = await pat.get(`/meetings/${id}/fgc`);
    assert.match(page.body, /Agreed on 21 November 2026/);
    assert.match(page.body, /has reached: <strong>Reviews<\/strong>/);
    assert.match((await pat.get(url)).body, /answer to this plan is recorded/);
    // Words typed on the plan page while the referrer agreed it are refused, and shown, not lost.
    const planUrl = `/meetings/${id}/fgc/plan`;
    const late = await pat.post(planUrl, { plan: 'Late words' }, { from: planUrl });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /href="#plan">The referrer has agreed this plan/);
    assert.match(late.body, /What you typed, not saved<\/h2>\s*<p class="govuk-body">Late words/);
  });

  it('books a review, records it as held, and cancels another after confirming', async () => {
    const url = `/meetings/${id}/fgc/reviews`;
    const bad = await pat.post(url, { kind: 'sometime', 'due-day': '99' }, { from: url });
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.body,
      /href="#kind">Choose a review family group conference or a review meeting/,
    );
    assert.match(
      bad.body,
      /href="#due-month">The date of the review must include a month and year/,
    );
    assert.match(bad.body, /value="99"/);
    for (const [kind, day] of [
      ['meeting', '15'],
      ['fgc', '20'],
    ] as const)
      assert.equal(
        (
          await pat.post(
            url,
            { kind, 'due-day': day, 'due-month': '1', 'due-year': '2027' },
            { from: url },
          )
        ).statusCode,
        303,
      );
    const page = await pat.get(url);
    assert.match(page.body, /Review meeting/);
    assert.match(page.body, /Open the review conference/);
    assert.match((await pat.get(`/meetings/${id}/fgc`)).body, /Every stage is complete/);
    const view = await fgc.viewFgc(w.ctx.practitioner(), id);
    const [first, second] = view.reviews;

    t.clock.advance(60 * 86_400_000);
    pat = await agentFor(t, w.practitioner);
    assert.match(
      (await pat.get(`/meetings/${id}/fgc`)).body,
      /The review due on 15 January 2027 has not happened/,
    );
    const held = `${url}/${first!.id}/held`;
    const badHeld = await pat.post(
      held,
      { 'held-day': '40', 'held-month': '1', 'held-year': '2027', notes: 'Going well' },
      { from: held },
    );
    assert.equal(badHeld.statusCode, 400);
    assert.match(badHeld.body, /href="#held-day">The date of the review must be a real date/);
    assert.match(badHeld.body, /Going well<\/textarea>/);
    assert.equal(
      (
        await pat.post(
          held,
          { 'held-day': '15', 'held-month': '1', 'held-year': '2027', notes: 'Going well' },
          { from: held },
        )
      ).statusCode,
      303,
    );

    const cancel = `${url}/${second!.id}/cancel`;
    const confirm = await pat.get(cancel);
    assert.match(confirm.body, /Cancel the review due on 20 January 2027\?/);
    assert.match(confirm.body, /Its review conference is cancelled too/);
    assert.equal((await pat.post(cancel, {}, { from: cancel })).statusCode, 303);
    const after = await pat.get(url);
    assert.match(after.body, /Held on 15 January 2027\. Going well/);
    assert.match(after.body, /Cancelled on/);
    assert.equal((await pat.get(cancel)).statusCode, 404);
    assert.doesNotMatch((await pat.get(`/meetings/${id}/fgc`)).body, /has not happened/);
  });
});
