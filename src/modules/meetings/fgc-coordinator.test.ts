import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import type { Agent } from '../../../test/support/agent.js';
import { makePerson } from '../../../test/support/factories.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { agentFor, auditRows } from '../../../test/support/meetings.js';
import { outbox } from '../../platform/mail/tables.js';
import { familyWorkers } from '../families/tables.js';
import { allocatedPeople } from '../families/workers.js';
import * as fgc from './fgc.js';
import { scheduleReview } from './fgc-reviews.js';
import { meetingFormValues } from './schemas.js';
import { viewMeeting } from './service.js';
import { meetings } from './tables.js';

// The independent coordinator, usually from outside the family's teams (a charity's FGC
// service), works with the family while they coordinate one of its conferences: they can open
// the family and the conference, are never counted as allocated, and lose the family again
// when replaced or when the conference is cancelled.

describe('the independent coordinator of a family group conference', () => {
  let t: TestApp;
  let w: FgcWorld;
  let pat: Agent;
  let cora: Agent;
  let first: string;
  const status = async (agent: Agent, url: string) => (await agent.get(url)).statusCode;
  const rowsOf = (personId: string) =>
    t.database.db
      .select()
      .from(familyWorkers)
      .where(and(eq(familyWorkers.familyId, w.family.id), eq(familyWorkers.personId, personId)));

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
    pat = await agentFor(t, w.practitioner);
    cora = await agentFor(t, w.coordinator);
  });
  after(() => t.close());

  it('opens the family and the conference to a coordinator from a team not allocated to it', async () => {
    const id = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    first = id;
    await advanceTo(t, w, id, 'coordinator');
    assert.equal(await status(cora, `/families/${w.family.id}`), 404, 'not before');
    assert.equal(await status(cora, `/meetings/${id}/fgc`), 404, 'not before');

    const url = `/meetings/${id}/fgc/coordinator`;
    const ok = await pat.post(url, { coordinatorId: w.coordinator.id }, { from: url });
    assert.equal(ok.statusCode, 303);
    assert.equal(await status(cora, `/families/${w.family.id}`), 200);
    assert.equal(await status(cora, `/meetings/${id}/fgc`), 200);
    const [row] = await rowsOf(w.coordinator.id);
    assert.equal(row!.role, 'coordinator');
    assert.equal((await auditRows(t, 'family.coordinator_started', row!.id)).length, 1);

    // Working with the family, but not allocated to it.
    const allocated = await allocatedPeople(t.database.db, w.ctx.practitioner(), w.family.id);
    assert.deepEqual(
      allocated.map((p) => p.name),
      ['Pat Practitioner'],
    );
    const workers = await pat.get(`/families/${w.family.id}/workers`);
    assert.match(
      workers.body,
      /Cora Coordinator \(Independent coordinator \(family group conference\)\)/,
    );
    assert.doesNotMatch(workers.body, new RegExp(`workers/${row!.id}/end`), 'no "end" link');
    assert.doesNotMatch(workers.body, new RegExp(`<option value="${w.coordinator.id}"`));
    assert.equal(await status(pat, `/families/${w.family.id}/workers/${row!.id}/end`), 404);
    const family = await pat.get(`/families/${w.family.id}`);
    assert.match(family.body, /Independent coordinator \(family group conference\)/);
  });

  it('refuses to allocate the coordinator, which would end their independence', async () => {
    const url = `/families/${w.family.id}/workers`;
    const res = await pat.post(url, { personId: w.coordinator.id }, { from: url });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /Cora Coordinator is the independent coordinator of a family group conference for The Rivers family/,
    );
  });

  it('still refuses an allocated practitioner as the coordinator', async () => {
    const id = await referFgc(w.ctx.practitioner(), w.family.id, w.colleague.id);
    await advanceTo(t, w, id, 'coordinator');
    const url = `/meetings/${id}/fgc/coordinator`;
    const res = await pat.post(url, { coordinatorId: w.practitioner.id }, { from: url });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Pat Practitioner is allocated to work with The Rivers family/);
  });

  it('counts only allocated workers when one must stay', async () => {
    const [team] = await t.database.db
      .select()
      .from(familyWorkers)
      .where(and(eq(familyWorkers.familyId, w.family.id), eq(familyWorkers.teamId, w.teamA.id)));
    assert.equal(
      (
        await pat.post(
          `/families/${w.family.id}/workers/${team!.id}/end`,
          {},
          {
            from: `/families/${w.family.id}/workers/${team!.id}/end`,
          },
        )
      ).statusCode,
      303,
    );
    const [mine] = (await rowsOf(w.practitioner.id)).filter((r) => !r.endedAt);
    const end = `/families/${w.family.id}/workers/${mine!.id}/end`;
    const res = await pat.post(end, {}, { from: end });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Someone must always be working with the family/);
  });

  it('takes the family away from a coordinator who is replaced', async () => {
    const other = await makePerson(t.database.db, w.partnership.id, {
      name: 'Ike Independent',
      roles: ['facilitator'],
      teamIds: [w.fgcService.id],
    });
    // Someone already invited by email is told who is running it now.
    await t.database.db
      .update(meetings)
      .set({ place: 'The family centre' })
      .where(eq(meetings.id, first));
    const added = await pat.post(
      `/meetings/${first}/participants`,
      { who: `member:${w.members[0]!.id}`, role: 'family member' },
      { from: `/meetings/${first}/participants` },
    );
    assert.equal(added.statusCode, 303);
    const invitations = (await pat.get(`/meetings/${first}/invitations`)).body;
    const invitee = /invitations\/([0-9a-f-]{36})"/.exec(invitations)![1]!;
    const inviteUrl = `/meetings/${first}/invitations/${invitee}`;
    const invited = await pat.post(
      inviteUrl,
      { method: 'email', email: 'invitee@example.test' },
      { from: inviteUrl },
    );
    assert.equal(invited.statusCode, 303);
    const url = `/meetings/${first}/fgc/coordinator`;
    const replaced = await pat.post(url, { coordinatorId: other.id }, { from: url });
    assert.equal(replaced.statusCode, 303);
    assert.match(
      replaced.headers.location ?? '',
      /done=coordinator&news=changed&emailed=1&letters=0$/,
    );
    const [told] = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, 'invitee@example.test'), like(outbox.subject, 'Changed:%')));
    assert.match(told!.text, /Ike Independent is running it now\./);
    assert.match((await pat.get(replaced.headers.location!)).body, /We are emailing the change/);
    assert.equal(await status(cora, `/families/${w.family.id}`), 404);
    assert.equal(await status(cora, `/meetings/${first}/fgc`), 404);
    assert.equal(await status(await agentFor(t, other), `/families/${w.family.id}`), 200);
    const [ended] = await rowsOf(w.coordinator.id);
    assert.ok(ended!.endedAt, 'the row is kept, with its end');
    assert.equal((await auditRows(t, 'family.coordinator_ended', ended!.id)).length, 1);
  });

  it('keeps a coordinator of two conferences until neither goes ahead', async () => {
    const one = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    const two = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, one, 'preparation');
    await advanceTo(t, w, two, 'preparation');
    assert.equal(await status(cora, `/families/${w.family.id}`), 200);

    // Cancelling one: she still coordinates the other.
    const cancel = async (meetingId: string, to: 'cancelled' | 'planned') => {
      const { meeting } = await viewMeeting(w.ctx.practitioner(), meetingId);
      const url = `/meetings/${meetingId}/edit`;
      const form = { ...meetingFormValues(meeting), place: 'Family centre', status: to };
      assert.equal((await pat.post(url, form, { from: url })).statusCode, 303);
    };
    await cancel(one, 'cancelled');
    assert.equal(await status(cora, `/families/${w.family.id}`), 200);
    await cancel(two, 'cancelled');
    assert.equal(await status(cora, `/families/${w.family.id}`), 404);
    // Going ahead again, it is hers again.
    await cancel(two, 'planned');
    assert.equal(await status(cora, `/meetings/${two}/fgc`), 200);
    await cancel(two, 'cancelled');
    assert.equal((await rowsOf(w.coordinator.id)).filter((r) => !r.endedAt).length, 0);
  });

  it('ends the coordinator’s part when a review conference is cancelled', async () => {
    const id = await referFgc(w.ctx.practitioner(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'review');
    const saved = await scheduleReview(w.ctx.practitioner(), id, {
      kind: 'fgc',
      dueOn: '2027-03-01',
    });
    assert.ok(saved.ok);
    const review = (await fgc.viewFgc(w.ctx.practitioner(), id)).reviews[0]!;
    const rae = await makePerson(t.database.db, w.partnership.id, {
      name: 'Rae Reviewer',
      roles: ['facilitator'],
      teamIds: [w.fgcService.id],
    });
    await advanceTo(t, w, review.reviewMeetingId!, 'coordinator');
    // Private family time moved the clock on: sign in again.
    pat = await agentFor(t, w.practitioner);
    cora = await agentFor(t, w.coordinator);
    const url = `/meetings/${review.reviewMeetingId}/fgc/coordinator`;
    assert.equal((await pat.post(url, { coordinatorId: rae.id }, { from: url })).statusCode, 303);
    const raeAgent = await agentFor(t, rae);
    assert.equal(await status(raeAgent, `/families/${w.family.id}`), 200);

    const cancel = `/meetings/${id}/fgc/reviews/${review.id}/cancel`;
    assert.equal((await pat.post(cancel, {}, { from: cancel })).statusCode, 303);
    assert.equal(await status(raeAgent, `/families/${w.family.id}`), 404);
    // Cora still coordinates the first conference, held and its plan agreed.
    assert.equal(await status(cora, `/meetings/${id}/fgc`), 200);
  });
});
