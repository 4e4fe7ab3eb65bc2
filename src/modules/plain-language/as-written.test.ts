import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { conferenceWorld } from '../../../test/support/conferences.js';
import { agentFor } from '../../../test/support/meetings.js';
import { meetings } from '../meetings/tables.js';
import { conferenceAgreementItems } from '../meetings/tables-conference.js';
import { addEntry, createPlan } from '../plans/service.js';
import { currentSections } from '../plans/sections.js';
import { planActions, planEntries, plans } from '../plans/tables.js';

// Plain-language advice as the words are written. Without JavaScript: every form whose words a
// family reads has a "Check the wording" button that shows the form again with the words kept
// and the advice, saving nothing. With JavaScript: the page loads the script that asks the JSON
// check as the person pauses, into a polite live region. Advice, never a block.

const SCRIPT = '<script>alert(1)</script>';
const WORDS = `Contact with dad stopped. He is an difficult father. ${SCRIPT}`;
const CHECK = { checkWording: 'yes' };

describe('plain language as it is written', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof conferenceWorld>>;
  let pat: Agent;
  let planId: string;
  let entryId: string;
  const count = async (table: typeof plans | typeof planEntries | typeof planActions) =>
    (await t.database.db.select().from(table)).length;

  before(async () => {
    t = await startTestApp();
    w = await conferenceWorld(t);
    pat = await agentFor(t, w.practitioner);
    const ctx = w.ctx.practitioner();
    const plan = await createPlan(ctx, w.family.id, { title: 'Our plan' });
    assert.ok(plan.ok);
    planId = plan.id;
    const [section] = await currentSections(t.database.db, w.partnership.id);
    const entry = await addEntry(ctx, planId, {
      sectionId: section!.id,
      author: `family:${w.members[0]!.id}`,
      text: 'We want calmer mornings.',
    });
    assert.ok(entry.ok);
    entryId = entry.id;
  });
  after(() => t.close());

  /** The advice shown for a check, with the words kept (escaped) and nothing saved. */
  const assertAdvice = (body: string) => {
    assert.match(body, /id="plain-language-advice"/);
    assert.match(body, /Nothing has been saved yet/);
    assert.match(body, /“Contact”<\/strong> \(service jargon\)/);
    assert.match(body, /“difficult father”<\/strong> \(describes a person by their behaviour\)/);
    assert.match(body, /Reading ease: <strong>\d+ out of 100<\/strong>/);
    assert.ok(!body.includes(SCRIPT), 'the words are escaped');
    assert.ok(body.includes('Contact with dad stopped. He is an difficult father. &lt;script&gt;'));
    assert.doesNotMatch(body, /There is a problem/, 'a check is not a refusal');
  };

  it('puts the button, the live region and the script on every form a family’s words go in', async () => {
    for (const [url, action] of [
      [`/plans/${planId}/entries/new`, `/plans/${planId}/entries/new`],
      [`/plans/${planId}/entries/${entryId}/edit`, `/plans/${planId}/entries/${entryId}/edit`],
      [`/plans/${planId}/actions/new`, `/plans/${planId}/actions/new`],
      [`/families/${w.family.id}/plans/new`, `/families/${w.family.id}/plans/new`],
      [`/meetings/${w.meetingId}/outcome`, `/meetings/${w.meetingId}/outcome`],
      [`/meetings/${w.meetingId}/agreement`, `/meetings/${w.meetingId}/agreement`],
    ]) {
      const page = await pat.get(url!);
      assert.equal(page.statusCode, 200, url);
      assert.ok(
        page.body.includes(
          `name="checkWording" value="yes" formaction="${action}#plain-language-advice"`,
        ),
        `the check button on ${url}`,
      );
      assert.match(page.body, /data-plain-language/, url);
      assert.match(page.body, /<div class="dw-wording-live" data-wording-live aria-live="polite">/);
      assert.match(page.body, /<script type="module" src="\/public\/plain-language.js" nonce="/);
      assert.doesNotMatch(page.body, /id="plain-language-advice"/, 'no advice until asked');
    }
  });

  it('checks a new plan entry without saving it, even with other boxes empty', async () => {
    const url = `/plans/${planId}/entries/new`;
    const before = await count(planEntries);
    const res = await pat.post(
      url,
      { sectionId: '', author: '', text: WORDS, ...CHECK },
      { from: url },
    );
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    assert.equal(await count(planEntries), before);
    // Saved as they are: advice, never a block.
    const page = await pat.get(url);
    const sectionId = /<option value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const saved = await pat.post(url, {
      sectionId,
      author: `family:${w.members[0]!.id}`,
      text: WORDS,
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(await count(planEntries), before + 1);
  });

  it('checks changed words of an entry, keeping the version and saving nothing', async () => {
    const url = `/plans/${planId}/entries/${entryId}/edit`;
    const res = await pat.post(
      url,
      { text: WORDS, note: '', version: '1', ...CHECK },
      { from: url },
    );
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    assert.match(res.body, /name="version" value="1"/);
    const [entry] = await t.database.db
      .select()
      .from(planEntries)
      .where(eq(planEntries.id, entryId));
    assert.equal(entry!.text, 'We want calmer mornings.');
  });

  it('checks each box of an action under its own label', async () => {
    const url = `/plans/${planId}/actions/new`;
    const res = await pat.post(
      url,
      { what: WORDS, owner: '', supportNeeded: 'A LAC review', howWeWillKnow: '', ...CHECK },
      { from: url },
    );
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    assert.match(res.body, /<h3 class="govuk-heading-s">What needs to happen\?<\/h3>/);
    assert.match(res.body, /<h3 class="govuk-heading-s">What support do they need\?<\/h3>/);
    assert.match(res.body, /“LAC”/);
    assert.doesNotMatch(res.body, /How will we know it is better\?<\/h3>/, 'an empty box');
    assert.equal(await count(planActions), 0);
  });

  it('checks what was agreed on a new plan, and saves no plan', async () => {
    const url = `/families/${w.family.id}/plans/new`;
    const before = await count(plans);
    const res = await pat.post(url, { title: '', outcome: WORDS, ...CHECK }, { from: url });
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    assert.equal(await count(plans), before);
  });

  it('checks a meeting’s outcome and leaves the saved outcome as it was', async () => {
    const url = `/meetings/${w.meetingId}/outcome`;
    const res = await pat.post(url, { outcome: WORDS, ...CHECK }, { from: url });
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    const [m] = await t.database.db.select().from(meetings).where(eq(meetings.id, w.meetingId));
    assert.equal(m!.outcome, null);
  });

  it('checks what a conference agreed, on adding and on changing an item', async () => {
    const url = `/meetings/${w.meetingId}/agreement`;
    const res = await pat.post(url, { kind: 'apology', what: WORDS, ...CHECK }, { from: url });
    assert.equal(res.statusCode, 200);
    assertAdvice(res.body);
    assert.match(res.body, /<input[^>]*name="kind"[^>]*value="apology" checked/);
    assert.equal((await t.database.db.select().from(conferenceAgreementItems)).length, 0);
    const added = await pat.post(url, {
      kind: 'apology',
      what: 'Ben says sorry',
      owner: `family:${w.members[1]!.id}`,
      'due-day': '30',
      'due-month': '11',
      'due-year': '2026',
    });
    assert.equal(added.statusCode, 303);
    const [item] = await t.database.db.select().from(conferenceAgreementItems);
    const change = `${url}/${item!.id}/change`;
    const checked = await pat.post(
      change,
      { kind: 'apology', what: WORDS, ...CHECK },
      { from: change },
    );
    assert.equal(checked.statusCode, 200);
    assertAdvice(checked.body);
    const [still] = await t.database.db.select().from(conferenceAgreementItems);
    assert.equal(still!.what, 'Ben says sorry');
  });

  it('says so when there are no words to check yet', async () => {
    const url = `/meetings/${w.meetingId}/outcome`;
    const res = await pat.post(url, { outcome: '  ', ...CHECK }, { from: url });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /There are no words to check yet/);
  });

  it('does not check the words on a family the person may not see', async () => {
    const oli = await agentFor(t, w.other);
    const url = `/meetings/${w.meetingId}/outcome`;
    const res = await oli.post(url, { outcome: WORDS, ...CHECK }, { from: '/' });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /plain-language-advice/);
  });

  it('answers the script’s check as JSON, with the CSRF token in a header', async () => {
    await pat.get(`/meetings/${w.meetingId}/outcome`);
    const ask = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/plain-language/check',
        headers: { cookie: pat.cookieHeader, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ text: WORDS }),
      });
    const res = await ask({ 'csrf-token': pat.csrfToken });
    assert.equal(res.statusCode, 200);
    const advice = res.json<{ flags: { term: string }[]; readability: { score: number } }>();
    assert.deepEqual(
      advice.flags.map((f) => f.term),
      ['contact', 'difficult father'],
    );
    assert.equal(typeof advice.readability.score, 'number');
    assert.equal((await ask({})).statusCode, 403, 'no token, no check');
    const script = await t.app.inject({ method: 'GET', url: '/public/plain-language.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.match(script.body, /aria-live|data-wording-live/);
  });
});
