import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import type { Agent } from '../../../test/support/agent.js';
import { ecomapSvg } from './ecomap.js';
import { countNetwork } from './network.js';
import * as service from './service.js';

// The network page: the ecomap, its table, the count, and the forms.

const SCRIPT = '<script>alert("x")</script>';

describe('the family network and ecomap', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let pat: Agent;
  let familyId: string;
  let base: string;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    pat = await signedIn(t, w.practitioner);
    const saved = await service.createFamily(w.ctx.practitioner(), { name: 'The Hart family' });
    assert.ok(saved.ok);
    familyId = saved.id;
    base = `/families/${familyId}/network`;
  });
  after(() => t.close());

  const add = (fields: Record<string, string>) =>
    pat.post(`${base}/new`, fields, { from: `${base}/new` });

  it('starts empty, and says so', async () => {
    const res = await pat.get(base);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /0 people from the family’s own network and 0 professionals/);
    assert.match(res.body, /No one has been added to the family’s network yet/);
    assert.doesNotMatch(res.body, /dw-ecomap/);
    assert.equal((await familyAudit(t, 'family.network_viewed', familyId)).length, 1);
  });

  it('keeps what was typed when the form is refused, and adds nothing', async () => {
    const res = await add({ name: 'Gran', relationship: '', supportOffered: 'Sundays' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /href="#kind">Choose who they are to the family/);
    assert.match(res.body, /href="#relationship">Enter their relationship to the family/);
    assert.match(res.body, /href="#strength">Choose how strong the connection is/);
    assert.match(res.body, /value="Gran"/);
    assert.match(res.body, />Sundays<\/textarea>/);
    assert.equal((await familyAudit(t, 'family.network_added', familyId)).length, 0);
  });

  it('draws each connection by strength, counts both sides, and escapes names', async () => {
    const people: Record<string, string>[] = [
      { name: SCRIPT, kind: 'relative', relationship: 'gran', strength: 'strong' },
      { name: 'Uncle Ray', kind: 'relative', relationship: 'uncle', strength: 'tenuous' },
      { name: 'Dee', kind: 'friend', relationship: 'mum’s friend', strength: 'strong' },
      { name: 'Mr Patel', kind: 'neighbour', relationship: 'next door', strength: 'strong' },
      { name: 'Coach Jo', kind: 'community', relationship: 'football', strength: 'strong' },
      { name: 'Ella', kind: 'friend', relationship: 'school mum', strength: 'stressful' },
      {
        name: 'Hana',
        kind: 'professional',
        relationship: 'health visitor',
        organisation: 'NHS <Trust>',
        strength: 'strong',
      },
      { name: 'Sol', kind: 'professional', relationship: 'social worker', strength: 'stressful' },
    ];
    for (const p of people) assert.equal((await add(p)).statusCode, 303, p.name);
    const res = await pat.get(base);
    assert.match(res.body, /6 people from the family’s own network and 2 professionals/);
    assert.ok(!res.body.includes(SCRIPT), 'no raw script anywhere on the page');
    const svg = /<svg[^>]*dw-ecomap[\s\S]*?<\/svg>/.exec(res.body)![0];
    assert.match(svg, /role="img"/);
    assert.match(svg, /<title id="ecomap-title">Ecomap of The Hart family<\/title>/);
    assert.match(svg, /<desc id="ecomap-desc">[^<]*6 people from the family’s own network/);
    assert.match(
      svg,
      /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;|&lt;script&gt;alert\(&quot;x/,
    );
    // Strength by the line's form: thick solid, dashed, zigzag (plus one of each in the key).
    assert.equal((svg.match(/stroke-width="6"/g) ?? []).length, 5 + 1);
    assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 1 + 1);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 2 + 1);
    assert.equal((svg.match(/<rect/g) ?? []).length, 2 + 1); // professionals are squares
    // The text alternative beside it: every connection in a table.
    const table = /<table class="govuk-table" id="connections">[\s\S]*?<\/table>/.exec(
      res.body,
    )![0];
    for (const name of ['Uncle Ray', 'Dee', 'Mr Patel', 'Coach Jo', 'Ella', 'Hana', 'Sol'])
      assert.match(table, new RegExp(name));
    assert.match(table, /&lt;script&gt;/);
    assert.match(table, /Stressful/);
    assert.match(res.body, /NHS &lt;Trust&gt;/);
    assert.equal((await familyAudit(t, 'family.network_added', familyId)).length, 8);
  });

  it('changes and retires a connection after a confirmation page', async () => {
    const page = await pat.get(base);
    const id = new RegExp(
      `${base}/([0-9a-f-]{36})/edit"[^>]*>Change<span class="govuk-visually-hidden"> details \\(Sol`,
    ).exec(page.body)?.[1];
    assert.ok(id);
    const edit = await pat.get(`${base}/${id}/edit`);
    assert.match(edit.body, /value="professional" checked/);
    const saved = await pat.post(
      `${base}/${id}/edit`,
      { name: 'Sol', kind: 'professional', relationship: 'social worker', strength: 'strong' },
      { from: `${base}/${id}/edit` },
    );
    assert.equal(saved.statusCode, 303);
    const confirm = await pat.get(`${base}/${id}/retire`);
    assert.match(confirm.body, /Are you sure you want to remove Sol/);
    assert.equal(
      (await pat.post(`${base}/${id}/retire`, {}, { from: `${base}/${id}/retire` })).statusCode,
      303,
    );
    const after = await pat.get(base);
    assert.match(after.body, /6 people from the family’s own network and 1 professional</);
    assert.equal((await familyAudit(t, 'family.network_updated', familyId)).length, 1);
    assert.equal((await familyAudit(t, 'family.network_retired', familyId)).length, 1);
  });

  it('is not found for a practitioner of another team', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    assert.equal((await oli.get(base)).statusCode, 404);
    const post = await oli.post(
      `${base}/new`,
      { name: 'X', kind: 'friend', relationship: 'y', strength: 'strong' },
      { from: '/families' },
    );
    assert.equal(post.statusCode, 404);
    assert.equal((await familyAudit(t, 'family.network_added', familyId, 'denied')).length, 1);
  });

  it('lays out any number of connections inside the picture', () => {
    const rows = Array.from({ length: 13 }, (_, i) => ({
      id: String(i),
      name: `Person ${i} with a very long name indeed`,
      kind: i % 3 ? 'friend' : 'professional',
      relationship: 'r',
      organisation: null,
      supportOffered: null,
      strength: (['strong', 'tenuous', 'stressful'] as const)[i % 3]!,
      contact: null,
      createdAt: new Date(),
      retiredAt: null,
    })) as Parameters<typeof ecomapSvg>[1];
    const svg = ecomapSvg('The & family', rows, countNetwork(rows));
    assert.match(svg, /Ecomap of The &amp; family/);
    for (const [, x, y] of svg.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"/g)) {
      assert.ok(Number(x) >= 0 && Number(x) <= 640 && Number(y) >= 0 && Number(y) <= 540);
    }
    assert.match(svg, /Person 0 with a very …/);
    // The top person's name sits above them, clear of the line to the family below.
    const top = /<text x="320" y="([\d.]+)"[^>]*>Person 0/.exec(svg)!;
    assert.ok(Number(top[1]) < 65 - 14, `name at y=${top[1]}, the node from y=51`);
    // A long family name goes on two lines in the circle, not cut short.
    const long = ecomapSvg('The Hughes family', rows.slice(0, 1), countNetwork(rows.slice(0, 1)));
    assert.match(long, />The Hughes<\/text>/);
    assert.match(long, />family<\/text>/);
  });
});
