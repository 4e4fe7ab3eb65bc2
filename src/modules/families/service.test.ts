import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld } from '../../../test/support/families.js';
import { HttpError } from '../../platform/http/errors.js';
import * as network from './network.js';
import { readFamily } from './policy.js';
import { memberSchema } from './schemas.js';
import * as service from './service.js';
import { familyMembers, familyWorkers } from './tables.js';
import * as workers from './workers.js';

// The rules, without HTTP: who sees a family, what is audited, what a change refuses.

const is = (status: number) => (e: unknown) => e instanceof HttpError && e.statusCode === status;
const member = (fields: Record<string, unknown>) =>
  memberSchema.parse({ relationship: 'child', interpreterNeeded: 'no', ...fields });

describe('family services', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
  });
  after(() => t.close());

  async function newFamily(name = 'The Rivers family') {
    const saved = await service.createFamily(w.ctx.practitioner(), { name });
    assert.ok(saved.ok);
    return saved.id;
  }

  it('allocates the creator and their teams, and audits the creation', async () => {
    const saved = await service.createFamily(w.ctx.practitioner(), {
      name: 'The Okafor family',
      firstMemberName: 'Ada',
      firstMemberRelationship: 'mum',
    });
    assert.ok(saved.ok);
    const allocated = await t.database.db
      .select()
      .from(familyWorkers)
      .where(eq(familyWorkers.familyId, saved.id));
    assert.deepEqual(
      allocated.map((a) => a.personId ?? a.teamId).sort(),
      [w.practitioner.id, w.teamA.id].sort(),
    );
    assert.equal((await familyAudit(t, 'family.created', saved.id)).length, 1);
    const { members } = await service.viewFamily(w.ctx.practitioner(), saved.id);
    assert.deepEqual(
      members.map((m) => [m.name, m.relationship]),
      [['Ada', 'mum']],
    );
  });

  it('refuses to let someone without a family role add a family', async () => {
    await assert.rejects(service.createFamily(w.ctx.trainer(), { name: 'Nope' }), is(403));
  });

  it('shows a family to its practitioner and the manager of its team, and no one else', async () => {
    const id = await newFamily('The Visible family');
    await service.viewFamily(w.ctx.practitioner(), id);
    await service.viewFamily(w.ctx.manager(), id);
    assert.equal((await familyAudit(t, 'family.viewed', id)).length, 2);

    await assert.rejects(service.viewFamily(w.ctx.otherPractitioner(), id), is(404));
    await assert.rejects(network.viewNetwork(w.ctx.otherPractitioner(), id), is(404));
    await assert.rejects(service.viewFamily(w.ctx.stranger(), id), is(404));
    const caseload = await service.listCaseload(w.ctx.otherPractitioner(), {});
    assert.ok(!caseload.items.some((f) => f.id === id));
    // The denial is written by the error handler after the rollback; the service throws it.
    const error = await service.viewFamily(w.ctx.otherPractitioner(), id).catch((e: unknown) => e);
    assert.equal((error as HttpError).denial?.outcome, 'denied');
    assert.equal((error as HttpError).denial?.recordId, id);
  });

  it('audits a read before reading, and a part not found not at all', async () => {
    const id = await newFamily('The Audited family');
    const ctx = w.ctx.practitioner();
    const before = (await familyAudit(t, 'family.viewed', id)).length;
    // The row is on the log, committed, before the read's own queries run; a read that then
    // fails keeps it (ADR 0010).
    const seen = await readFamily(
      ctx,
      id,
      'family.viewed',
      async () => (await familyAudit(t, 'family.viewed', id)).length,
    );
    assert.equal(seen, before + 1);
    await assert.rejects(
      readFamily(ctx, id, 'family.viewed', () => Promise.reject(new Error('lost'))),
      /lost/,
    );
    assert.equal((await familyAudit(t, 'family.viewed', id)).length, before + 2);
    // A member, a network member or an allocation not found is not a read: no row.
    const missing = '00000000-0000-4000-8000-000000000000';
    await assert.rejects(service.viewMember(ctx, id, missing), is(404));
    await assert.rejects(network.viewNetworkMember(ctx, id, missing), is(404));
    await assert.rejects(workers.viewAllocation(ctx, id, missing), is(404));
    assert.equal((await familyAudit(t, 'family.member_viewed', id)).length, 0);
    assert.equal((await familyAudit(t, 'family.network_viewed', id)).length, 0);
    assert.equal((await familyAudit(t, 'family.viewed', id)).length, before + 2);
  });

  it('adds, changes and retires a member, each audited; retiring keeps the row', async () => {
    const id = await newFamily();
    const ctx = w.ctx.practitioner();
    const added = await service.addMember(
      ctx,
      id,
      member({
        name: 'Jay',
        'dateOfBirth-day': '4',
        'dateOfBirth-month': '3',
        'dateOfBirth-year': '2015',
        pronouns: 'he/him',
        preferredLanguage: 'Polish',
        interpreterNeeded: 'yes',
      }),
    );
    assert.ok(added.ok);
    const { members } = await service.viewFamily(ctx, id);
    assert.equal(members[0]!.dateOfBirth, '2015-03-04');
    assert.equal(members[0]!.age, 11); // the test clock says 21 November 2026
    assert.equal(members[0]!.interpreterNeeded, true);

    const changed = await service.updateMember(ctx, id, added.id, member({ name: 'Jay R' }));
    assert.ok(changed.ok);
    assert.ok((await service.retireMember(ctx, id, added.id)).ok);
    assert.equal((await service.viewFamily(ctx, id)).members.length, 0);
    const [row] = await t.database.db
      .select()
      .from(familyMembers)
      .where(eq(familyMembers.id, added.id));
    assert.equal(row!.name, 'Jay R');
    assert.ok(row!.retiredAt);
    for (const action of ['family.member_added', 'family.member_updated', 'family.member_retired'])
      assert.equal((await familyAudit(t, action, id)).length, 1, action);
  });

  it('refuses a date of birth in the future and changes nothing', async () => {
    const id = await newFamily();
    const saved = await service.addMember(
      w.ctx.practitioner(),
      id,
      member({ name: 'Later', dateOfBirth: '2026-11-22' }),
    );
    assert.deepEqual(saved, {
      ok: false,
      errors: { dateOfBirth: 'Date of birth must be today or in the past' },
    });
    assert.equal((await service.viewFamily(w.ctx.practitioner(), id)).members.length, 0);
    assert.equal((await familyAudit(t, 'family.member_added', id)).length, 0);
    // Nor can someone who cannot see the family learn anything from the refusal.
    await assert.rejects(
      service.addMember(
        w.ctx.otherPractitioner(),
        id,
        member({ name: 'X', dateOfBirth: '2030-01-01' }),
      ),
      is(404),
    );
  });

  it('counts the family’s own network against professionals', async () => {
    const id = await newFamily();
    const ctx = w.ctx.practitioner();
    const add = (name: string, kind: 'relative' | 'friend' | 'professional', retire = false) =>
      network
        .addNetworkMember(ctx, id, {
          name,
          kind,
          relationship: 'r',
          organisation: null,
          supportOffered: null,
          strength: 'strong',
          contact: null,
        })
        .then(async (s) => {
          assert.ok(s.ok);
          if (retire) await network.retireNetworkMember(ctx, id, s.id);
        });
    for (const n of ['Nan', 'Uncle Ray', 'Aunt Jo', 'Dee', 'Ella', 'Finn'])
      await add(n, 'relative');
    await add('Gone', 'friend', true);
    await add('Health visitor', 'professional');
    await add('Social worker', 'professional');
    const { counts, network: people } = await network.viewNetwork(ctx, id);
    assert.equal(people.length, 8);
    assert.deepEqual(counts, {
      own: 6,
      professionals: 2,
      sentence: '6 people from the family’s own network and 2 professionals',
    });
    assert.equal(
      network.countNetwork([{ kind: 'friend' }, { kind: 'professional' }]).sentence,
      '1 person from the family’s own network and 1 professional',
    );
    assert.equal((await familyAudit(t, 'family.network_added', id)).length, 9);
    assert.equal((await familyAudit(t, 'family.network_retired', id)).length, 1);
  });

  it('allocates practitioners and teams of the same partnership only, and keeps one allocated', async () => {
    const id = await newFamily();
    const ctx = w.ctx.practitioner();
    assert.deepEqual(await workers.allocate(ctx, id, { personId: w.stranger.id }), {
      ok: false,
      errors: { personId: 'Choose a practitioner from the list' },
    });
    assert.deepEqual(await workers.allocate(ctx, id, { teamId: w.strangerTeam.id }), {
      ok: false,
      errors: { teamId: 'Choose a team from the list' },
    });
    assert.equal((await familyAudit(t, 'family.worker_allocated', id)).length, 0);
    await assert.rejects(
      workers.allocate(w.ctx.otherPractitioner(), id, { teamId: w.teamB.id }),
      is(404),
    );

    assert.ok((await workers.allocate(ctx, id, { teamId: w.teamB.id })).ok);
    await service.viewFamily(w.ctx.otherPractitioner(), id); // team B can see it now
    const again = await workers.allocate(ctx, id, { teamId: w.teamB.id });
    assert.equal(again.ok, false);

    const { workers: current } = await workers.viewWorkers(ctx, id);
    const teamB = current.find((c) => c.teamId === w.teamB.id)!;
    assert.ok((await workers.endAllocation(ctx, id, teamB.id)).ok);
    await assert.rejects(service.viewFamily(w.ctx.otherPractitioner(), id), is(404));

    // The practitioner ends their own allocation: team A still holds the family, so they see it.
    const mine = current.find((c) => c.personId === w.practitioner.id)!;
    const ended = await workers.endAllocation(ctx, id, mine.id);
    assert.ok(ended.ok && 'stillVisible' in ended && ended.stillVisible);
    const teamA = current.find((c) => c.teamId === w.teamA.id)!;
    const last = await workers.endAllocation(ctx, id, teamA.id);
    assert.equal(last.ok, false);
    assert.equal((await familyAudit(t, 'family.worker_ended', id)).length, 2);
  });

  it('searches and pages the caseload, 25 to a page', async () => {
    const ctx = w.ctx.manager();
    const before = (await service.listCaseload(ctx, {})).total;
    for (let i = 0; i < 26; i++)
      assert.ok(
        (await service.createFamily(ctx, { name: `Paging ${String(i).padStart(2, '0')}` })).ok,
      );
    const first = await service.listCaseload(ctx, { q: 'paging' });
    assert.equal(first.total, 26);
    assert.equal(first.items.length, 25);
    assert.equal(first.pageCount, 2);
    const second = await service.listCaseload(ctx, { q: 'paging', page: 2 });
    assert.deepEqual(
      second.items.map((f) => f.name),
      ['Paging 25'],
    );
    assert.equal((await service.listCaseload(ctx, {})).total, before + 26);
    assert.equal((await service.listCaseload(ctx, { q: '100%_' })).total, 0);
    // The practitioner of team A sees them too, through the team; team B does not.
    assert.equal((await service.listCaseload(w.ctx.practitioner(), { q: 'paging' })).total, 26);
    assert.equal((await service.listCaseload(w.ctx.otherPractitioner(), { q: 'paging' })).total, 0);
  });
});
