import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { agentFor } from '../../../test/support/meetings.js';
import * as fgc from './fgc.js';
import { fgcInformation } from './tables-fgc.js';
import { meetings } from './tables.js';

// "Check the wording" on a family group conference's forms whose words the family hears or
// reads: what each professional shares, and the family's plan. A check shows the form again
// with the words kept (escaped) and the advice, and saves nothing; the words then save as they
// are, since the advice never blocks.

const SCRIPT = '<script>alert(1)</script>';
const WORDS = `Contact with dad stopped. He is an difficult father. ${SCRIPT}`;
const CHECK = { checkWording: 'yes' };

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

describe('checking the wording on a family group conference', () => {
  let t: TestApp;
  let w: FgcWorld;
  let pat: Agent;
  let sharing: string;
  let planning: string;
  let professionalId: string;

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
    sharing = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, sharing, 'information');
    planning = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, planning, 'plan');
    professionalId = (await fgc.viewFgc(w.ctx.practitioner(), sharing)).professionals[0]!.id;
    // Private family time moved the clock on: sign in afterwards.
    pat = await agentFor(t, w.practitioner);
  });
  after(() => t.close());

  it('puts the button, the live region and the script on both forms', async () => {
    for (const url of [
      `/meetings/${sharing}/fgc/information/${professionalId}`,
      `/meetings/${planning}/fgc/plan`,
    ]) {
      const page = await pat.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.ok(
        page.body.includes(
          `name="checkWording" value="yes" formaction="${url}#plain-language-advice"`,
        ),
        `the check button on ${url}`,
      );
      assert.match(page.body, /data-plain-language/, url);
      assert.match(page.body, /<div class="dw-wording-live" data-wording-live aria-live="polite">/);
      assert.match(page.body, /<script type="module" src="\/public\/plain-language.js" nonce="/);
      assert.doesNotMatch(page.body, /id="plain-language-advice"/, 'no advice until asked');
    }
  });

  it('checks what a professional shares without saving it, then saves it as written', async () => {
    const url = `/meetings/${sharing}/fgc/information/${professionalId}`;
    const form = { whatWeKnow: WORDS, worries: 'Non-compliant with the plan', resources: '' };
    const checked = await pat.post(url, { ...form, ...CHECK }, { from: url });
    assert.equal(checked.statusCode, 200);
    assertAdvice(checked.body);
    assert.match(checked.body, /<h3 class="govuk-heading-s">Their worries<\/h3>/);
    assert.match(checked.body, /“Non-compliant”<\/strong>/);
    const rows = () =>
      t.database.db.select().from(fgcInformation).where(eq(fgcInformation.meetingId, sharing));
    assert.equal((await rows()).length, 0, 'nothing saved');
    const saved = await pat.post(url, { ...form, resources: 'A mentor' }, { from: url });
    assert.equal(saved.statusCode, 303);
    assert.equal((await rows())[0]!.whatWeKnow, WORDS, 'kept exactly as written');
  });

  it('checks the family’s plan without saving it, then saves it as written', async () => {
    const url = `/meetings/${planning}/fgc/plan`;
    const outcome = async () =>
      (
        await t.database.db
          .select({ outcome: meetings.outcome })
          .from(meetings)
          .where(eq(meetings.id, planning))
      )[0]!.outcome;
    const checked = await pat.post(url, { plan: WORDS, ...CHECK }, { from: url });
    assert.equal(checked.statusCode, 200);
    assertAdvice(checked.body);
    assert.equal(await outcome(), null, 'nothing saved');
    assert.equal((await pat.post(url, { plan: WORDS }, { from: url })).statusCode, 303);
    assert.equal(await outcome(), WORDS);
  });

  it('is still a 404 for a practitioner of another team', async () => {
    const other = await agentFor(t, w.other);
    const url = `/meetings/${planning}/fgc/plan`;
    assert.equal((await other.post(url, { plan: WORDS, ...CHECK }, { from: url })).statusCode, 404);
  });
});
