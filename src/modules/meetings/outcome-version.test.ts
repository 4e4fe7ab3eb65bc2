import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Agent } from '../../../test/support/agent.js';
import { type ApiToken, assertProblem, callApi, tokenFor } from '../../../test/support/api.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { agentFor, meetingWorld } from '../../../test/support/meetings.js';
import { meetings } from './tables.js';

// Two people with a meeting's outcome open at once: the second save is refused, keeping what
// was typed, with the words saved since beside it; saved again having seen both, it goes through.

describe('what a meeting agreed, saved from two screens at once', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof meetingWorld>>;
  let pat: Agent;
  let cal: Agent;
  let token: ApiToken;
  let meetingId: string;
  const url = () => `/meetings/${meetingId}/outcome`;
  const versionIn = (html: string) => /name="version" value="([^"]*)"/.exec(html)![1]!;
  const saved = async () =>
    (await t.database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!;

  before(async () => {
    t = await startTestApp();
    w = await meetingWorld(t);
    pat = await agentFor(t, w.practitioner);
    cal = await agentFor(t, w.colleague);
    token = await tokenFor(t, w.partnership.id, w.practitioner.id, { teamIds: [w.teamA.id] });
    const res = await pat.post(
      `/families/${w.family.id}/meetings/new/circle`,
      {
        title: 'Rivers family circle',
        purpose: 'responsive',
        'date-day': '21',
        'date-month': '11',
        'date-year': '2026',
        time: '10:00',
        place: 'Buckland Community Centre',
        facilitatorId: w.practitioner.id,
      },
      { from: `/families/${w.family.id}/meetings/new/circle` },
    );
    meetingId = /\/meetings\/([0-9a-f-]{36})\//.exec(res.headers.location!)![1]!;
  });
  after(() => t.close());

  it('refuses the later save of two opened together, keeping both sets of words', async () => {
    const patOpened = versionIn((await pat.get(url())).body);
    const calOpened = versionIn((await cal.get(url())).body);
    assert.equal(patOpened, '', 'never saved');
    const first = await pat.post(
      url(),
      { outcome: 'Ben helps Nan in the garden', version: patOpened },
      { from: url() },
    );
    assert.equal(first.statusCode, 303);

    const second = await cal.post(
      url(),
      { outcome: 'Ben says sorry to Nan', version: calOpened },
      { from: url() },
    );
    assert.equal(second.statusCode, 400);
    assert.match(
      second.body,
      /href="#version">What everyone agreed was saved again after you opened/,
    );
    assert.match(second.body, /id="version" tabindex="-1"/);
    assert.match(second.body, /Ben helps Nan in the garden/, 'their words, beside');
    assert.match(second.body, />Ben says sorry to Nan<\/textarea>/, 'what was typed, kept');
    assert.equal((await saved()).outcome, 'Ben helps Nan in the garden', 'nothing saved');

    // Checking the wording of a form opened on other words says so too, in the error summary.
    const checked = await cal.post(
      url(),
      { outcome: 'Ben says sorry to Nan', version: calOpened, checkWording: 'yes' },
      { from: url() },
    );
    assert.match(checked.body, /href="#version">What everyone agreed was saved again/);

    // Saved again having seen both: the form now carries the latest version.
    const latest = versionIn(second.body);
    assert.notEqual(latest, calOpened);
    const again = await cal.post(
      url(),
      { outcome: 'Ben helps Nan in the garden and says sorry', version: latest },
      { from: url() },
    );
    assert.equal(again.statusCode, 303);
    assert.equal((await saved()).outcome, 'Ben helps Nan in the garden and says sorry');

    // A second click of Save sends the same words on the version before the first: no conflict.
    const twice = await cal.post(
      url(),
      { outcome: 'Ben helps Nan in the garden and says sorry', version: latest },
      { from: url() },
    );
    assert.equal(twice.statusCode, 303);
  });

  it('answers 409 in the API when the version sent is not the latest', async () => {
    const api = callApi(t, token);
    const read = await api('GET', `/meetings/${meetingId}`);
    const version = read.json<{ outcomeVersion: string }>().outcomeVersion;
    const page = await pat.post(url(), { outcome: 'Changed on a page', version }, { from: url() });
    assert.equal(page.statusCode, 303);
    const stale = await api('PUT', `/meetings/${meetingId}/outcome`, {
      outcome: 'From the case system',
      version,
    });
    assertProblem(stale, 409);
    assert.match(stale.json<{ detail: string }>().detail, /saved again after you opened/);
    assert.equal((await saved()).outcome, 'Changed on a page');
    // Without a version, nothing is checked (as before versions were sent).
    const unchecked = await api('PUT', `/meetings/${meetingId}/outcome`, {
      outcome: 'From the case system',
    });
    assert.equal(unchecked.statusCode, 200);
    assert.equal((await saved()).outcome, 'From the case system');
  });
});
