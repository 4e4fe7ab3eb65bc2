import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyWorld, signedIn } from '../../../test/support/families.js';
import { makePerson } from '../../../test/support/factories.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { outbox } from '../../platform/mail/tables.js';
import { insertWorkers } from '../families/store.js';
import { addAction, addReview, updateStatus } from './actions.js';
import { overdueForFamilies } from './overdue.js';
import { planReminders } from './reminders.js';

// Reminders on the job's clock, sent once; and what is overdue, for the caseload and team views.

describe('plan reminders and overdue items', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof familyWithPlan>>;
  let ownerEmail: string;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await familyWithPlan(w.ctx.practitioner());
    const ctx = w.ctx.practitioner();
    // The clock starts on 21 November 2026.
    await addReview(ctx, f.planId, '2026-11-26');
    await addReview(ctx, f.planId, '2027-01-20');
    const owner = await makePerson(t.database.db, w.partnership.id, { name: 'Hal Health Visitor' });
    ownerEmail = owner.email;
    // The health visitor is a professional owner: allocate them so they can be chosen.
    await insertWorkers(
      t.database.db,
      w.partnership.id,
      f.familyId,
      [{ personId: owner.id }],
      ctx.now,
    );
    await addAction(ctx, f.planId, {
      what: 'Visit at home',
      owner: `professional:${owner.id}`,
      dueOn: '2026-11-23',
    });
    await addAction(ctx, f.planId, {
      what: 'Nan helps on Mondays',
      owner: `network:${f.nanId}`,
      dueOn: '2026-12-20',
    });
  });
  after(() => t.close());

  const mails = () => t.database.db.select().from(outbox);
  const run = () =>
    planReminders.run({
      db: t.database.db,
      mail: t.mail,
      now: t.clock.now(),
      baseUrl: 'http://localhost:3000',
    });

  it('queues reminders before a review and a due action, to the practitioner and professional owner, once', async () => {
    await run();
    const sent = await mails();
    const to = (subject: RegExp) =>
      sent
        .filter((m) => subject.test(m.subject))
        .map((m) => m.to)
        .sort();
    assert.deepEqual(to(/due for review/), [ownerEmail, w.practitioner.email].sort());
    assert.deepEqual(to(/action .* due soon/), [ownerEmail, w.practitioner.email].sort());
    assert.ok(sent.every((m) => m.text.includes(`http://localhost:3000/plans/${f.planId}`)));
    assert.ok(
      sent.every((m) => !m.text.includes('Visit at home')),
      'emails point to the plan, no details',
    );
    const count = sent.length;
    await run();
    assert.equal((await mails()).length, count, 'a second run sends nothing new');
  });

  it('lists overdue actions and reviews once their dates pass, until done or held', async () => {
    t.clock.advance(6 * 86_400_000); // 27 November
    const ctx = w.ctx.practitioner();
    const overdue = await overdueForFamilies(ctx, [f.familyId]);
    assert.deepEqual(
      overdue.map((o) => [o.kind, o.dueOn]),
      [
        ['action', '2026-11-23'],
        ['review', '2026-11-26'],
      ],
    );
    assert.deepEqual(
      await overdueForFamilies(w.ctx.otherPractitioner(), [f.familyId]),
      [],
      'not their family',
    );
    await updateStatus(ctx, overdue[0]!.id, { status: 'done', version: 1 });
    assert.deepEqual(
      (await overdueForFamilies(ctx, [f.familyId])).map((o) => o.kind),
      ['review'],
    );
    await run();
    const overdueMails = (await mails()).filter((m) => /overdue/.test(m.subject));
    assert.equal(overdueMails.length, 0, 'the review was already reminded for this date');
    const list = await signedIn(t, w.practitioner);
    const page = await list.get(`/families/${f.familyId}/plans`);
    assert.match(page.body, /Overdue/);
    assert.match(page.body, /Review the plan together/);
    const ours = (await mails()).filter((m) => m.to === w.practitioner.email);
    assert.ok(ours.length >= 2);
  });
});
