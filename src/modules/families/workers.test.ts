import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, isNotNull } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld, signedIn } from '../../../test/support/families.js';
import * as service from './service.js';
import { people } from '../../platform/tenancy/tables.js';
import { practitionersOf } from '../caseload/store.js';
import { familyWorkers } from './tables.js';

// Who is working with the family, over HTTP: allocating opens the record, ending closes it.

describe('who is working with the family', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let familyId: string;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    const saved = await service.createFamily(w.ctx.practitioner(), { name: 'The Moss family' });
    assert.ok(saved.ok);
    familyId = saved.id;
  });
  after(() => t.close());

  it('allocates a team, which opens the family to its members', async () => {
    const pat = await signedIn(t, w.practitioner);
    const oli = await signedIn(t, w.otherPractitioner);
    const url = `/families/${familyId}/workers`;
    assert.equal((await oli.get(`/families/${familyId}`)).statusCode, 404);

    const page = await pat.get(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Oli Other/); // a practitioner who could be allocated
    assert.doesNotMatch(page.body, /Sam Stranger/); // another partnership's people are not
    assert.doesNotMatch(page.body, /Tam Trainer/); // nor people who do not work with families

    const empty = await pat.post(url, { personId: '' }, { from: url });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Choose a practitioner or a team/);
    const foreign = await pat.post(url, { teamId: w.strangerTeam.id }, { from: url });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Choose a team from the list/);
    assert.equal((await familyAudit(t, 'family.worker_allocated', familyId)).length, 0);

    const res = await pat.post(url, { teamId: w.teamB.id }, { from: url });
    assert.equal(res.statusCode, 303);
    assert.equal((await oli.get(`/families/${familyId}`)).statusCode, 200);
    assert.equal((await familyAudit(t, 'family.worker_allocated', familyId)).length, 1);
  });

  it('ends an allocation after a confirmation page, which closes the family to them', async () => {
    const pat = await signedIn(t, w.practitioner);
    const oli = await signedIn(t, w.otherPractitioner);
    const page = await pat.get(`/families/${familyId}/workers`);
    const end = new RegExp(
      `href="(/families/${familyId}/workers/[0-9a-f-]{36}/end)">End<span class="govuk-visually-hidden"> allocation of Team B`,
    ).exec(page.body)?.[1];
    assert.ok(end);
    const confirm = await pat.get(end);
    assert.match(confirm.body, /Are you sure Team B .* should stop working with the family\?/);
    const res = await pat.post(end, {}, { from: end });
    assert.equal(res.statusCode, 303);
    assert.equal((await oli.get(`/families/${familyId}`)).statusCode, 404);
    assert.equal((await familyAudit(t, 'family.worker_ended', familyId)).length, 1);
  });

  it('takes the family off the caseload of someone who ends their only way in', async () => {
    const mo = await signedIn(t, w.manager);
    const url = `/families/${familyId}/workers`;
    // Allocate the other practitioner personally, then they end their own allocation.
    assert.equal(
      (await mo.post(url, { personId: w.otherPractitioner.id }, { from: url })).statusCode,
      303,
    );
    const oli = await signedIn(t, w.otherPractitioner);
    const page = await oli.get(url);
    const end = new RegExp(
      `href="(/families/${familyId}/workers/[0-9a-f-]{36}/end)">End<span class="govuk-visually-hidden"> allocation of Oli Other`,
    ).exec(page.body)?.[1];
    assert.ok(end);
    const res = await oli.post(end, {}, { from: end });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/families?done=left');
    assert.match((await oli.get('/families?done=left')).body, /no longer working with that family/);
    assert.equal((await oli.get(`/families/${familyId}`)).statusCode, 404);
  });

  it('is not found for someone who cannot see the family', async () => {
    const oli = await signedIn(t, w.otherPractitioner);
    const url = `/families/${familyId}/workers`;
    assert.equal((await oli.get(url)).statusCode, 404);
    const res = await oli.post(url, { teamId: w.teamB.id }, { from: '/families' });
    assert.equal(res.statusCode, 404);
    assert.equal((await familyAudit(t, 'family.worker_allocated', familyId, 'denied')).length, 1);
  });

  it('opens a family allocated to a practitioner alone to their team’s manager, and no one else', async () => {
    const made = await service.createFamily(w.ctx.practitioner(), { name: 'The Reed family' });
    assert.ok(made.ok);
    // Only Pat works with the family now: the team's allocation has ended.
    await t.database.db
      .update(familyWorkers)
      .set({ endedAt: new Date() })
      .where(and(eq(familyWorkers.familyId, made.id), isNotNull(familyWorkers.teamId)));
    const url = `/families/${made.id}`;
    assert.equal((await (await signedIn(t, w.practitioner)).get(url)).statusCode, 200);
    assert.equal((await (await signedIn(t, w.manager)).get(url)).statusCode, 200, 'Pat’s manager');
    assert.equal((await (await signedIn(t, w.trainer)).get(url)).statusCode, 404, 'a teammate');
    assert.equal((await (await signedIn(t, w.otherPractitioner)).get(url)).statusCode, 404);
  });

  it('counts someone who has left as working with no one', async () => {
    const made = await service.createFamily(w.ctx.practitioner(), { name: 'The Ash family' });
    assert.ok(made.ok);
    const url = `/families/${made.id}/workers`;
    const mo = await signedIn(t, w.manager);
    assert.equal(
      (await mo.post(url, { personId: w.otherPractitioner.id }, { from: url })).statusCode,
      303,
    );
    await t.database.db
      .update(people)
      .set({ deactivatedAt: new Date() })
      .where(eq(people.id, w.otherPractitioner.id));
    const page = await mo.get(url);
    assert.match(page.body, /Oli Other \(no longer with the partnership\)/);
    const named = await practitionersOf(t.database.db, w.partnership.id, [made.id]);
    assert.deepEqual(
      named.map((p) => p.name),
      ['Pat Practitioner'],
    );
    // Pat and the team remain: the team's allocation may end, then Pat's may not.
    const endOf = (who: string) =>
      new RegExp(
        `href="(/families/${made.id}/workers/[0-9a-f-]{36}/end)">End<span class="govuk-visually-hidden"> allocation of ${who}`,
      ).exec(page.body)?.[1];
    const team = endOf(w.teamA.name)!;
    assert.equal((await mo.post(team, {}, { from: team })).statusCode, 303);
    const pat = endOf('Pat Practitioner')!;
    const refused = await mo.post(pat, {}, { from: pat });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Someone must always be working with the family/);
  });
});
