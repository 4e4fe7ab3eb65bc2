import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { asPerson, courseWithSession } from '../../../test/support/training.js';
import { bookSession, cancelBooking } from './bookings.js';
import { safeCell } from '../../platform/http/csv.js';
import { trainingBookings } from './tables.js';

describe('no-show and late-cancellation reports', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  let orgName: string;
  const range = '?from=2026-11-01&to=2026-12-31';
  const signedIn = async (p: { email: string }) => {
    const agent = new Agent(t.app);
    await agent.signIn(p.email, PASSWORD);
    return agent;
  };

  before(async () => {
    t = await startTestApp(); // Saturday 21 November 2026
    const { partnership, organisation } = await makePartnership(t.database.db);
    orgName = organisation.name;
    const p = partnership.id;
    admin = await makePerson(t.database.db, p, { roles: ['admin'] });
    trainer = await makePerson(t.database.db, p, { roles: ['trainer'] });
    const absent = await makePerson(t.database.db, p, {
      name: '=HYPERLINK("http://evil")',
      organisationId: organisation.id,
    });
    const late = await makePerson(t.database.db, p, {
      name: 'Lee Late',
      organisationId: organisation.id,
    });
    const early = await makePerson(t.database.db, p, { name: 'Eve Early' });
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      days: 9,
      course: { title: 'Restorative basics' },
    });
    for (const person of [absent, late, early]) await bookSession(asPerson(t, person), sessionId);
    await cancelBooking(asPerson(t, early), sessionId); // 5 working days: not late
    t.clock.advance(3 * 86_400_000); // Tuesday 24 November: 3 working days
    await cancelBooking(asPerson(t, late), sessionId);
    await t.database.db
      .update(trainingBookings)
      .set({ attendance: 'absent' })
      .where(
        and(eq(trainingBookings.sessionId, sessionId), eq(trainingBookings.personId, absent.id)),
      );
  });
  after(() => t.close());

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=1+1', '+44', '-2', '@SUM(A1)', '\tx', '\rx', ' =1+1', '＝1+1'])
      assert.equal(safeCell(bad), `'${bad}`);
    assert.equal(safeCell('Council'), 'Council');
  });

  it('shows no-shows and late cancellations per organisation, for the dates chosen', async () => {
    const agent = await signedIn(admin);
    const page = await agent.get(`/training/reports/charges${range}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(orgName));
    assert.match(page.body, /Lee Late/);
    assert.doesNotMatch(page.body, /Eve Early/);
    assert.match(page.body, /3 working days/);
    const none = await agent.get('/training/reports/charges?from=1%2F1%2F2027&to=31%2F1%2F2027');
    assert.match(none.body, /No no-shows or late cancellations/);
    assert.ok(none.body.includes('charges.csv?from=2027-01-01&amp;to=2027-01-31'));
    // Text boxes, not date pickers, which send nothing for a date that does not exist.
    assert.match(none.body, /id="from" name="from" type="text"[^>]*value="1\/1\/2027"/);
    const typed = await agent.get('/training/reports/charges?from=31%2F2%2F2027&to=1%2F3%2F2027');
    assert.equal(typed.statusCode, 400);
    assert.match(typed.body, /The first date must be a real date, like 27\/3\/2027/);
    assert.ok(typed.body.includes('value="31/2/2027"'));
    // The dates of a link (YYYY-MM-DD) are shown as they are typed.
    const linked = await agent.get('/training/reports/charges?from=2027-01-01&to=2027-01-31');
    assert.match(linked.body, /name="to" type="text"[^>]*value="31\/1\/2027"/);
    const bad = await agent.get('/training/reports/charges?from=2026-13-45&to=2026-01-01');
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('value="2026-13-45"'));
    // 30 February is not a day (it is not 2 March either).
    const rolled = await agent.get('/training/reports/charges?from=2026-02-01&to=2026-02-30');
    assert.equal(rolled.statusCode, 400);
    assert.match(rolled.body, /The last date must be a real date/);
    const backwards = await agent.get('/training/reports/charges?from=2026-02-02&to=2026-02-01');
    assert.match(backwards.body, /The last date must be the same as the first date or after it/);
    const [row] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'training-charges.viewed'));
    assert.equal(row?.actorId, admin.id);
  });

  it('downloads the same as CSV, with formulas guarded', async () => {
    const res = await (await signedIn(admin)).get(`/training/reports/charges.csv${range}`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const lines = res.body.trim().split('\n');
    assert.equal(
      lines[0],
      'Organisation,Person,Course,Session date,Charge,Cancelled on,Working days notice',
    );
    assert.equal(lines.length, 3);
    assert.ok(
      lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil"")"`) && l.includes('No-show')),
    );
    assert.ok(
      lines.some(
        (l) => l.includes('Lee Late') && l.includes('Late cancellation,24 November 2026,3'),
      ),
    );
  });

  it('lists the charges 25 at a time, and counts them all in the totals', async () => {
    const p = admin.partnershipId;
    const { sessionId } = await courseWithSession(asPerson(t, trainer), {
      days: 20,
      places: 40,
      course: { title: 'Circles in practice' },
    });
    for (let i = 0; i < 30; i++) {
      const person = await makePerson(t.database.db, p, { name: `Absent ${i + 10}` });
      await bookSession(asPerson(t, person), sessionId);
    }
    await t.database.db
      .update(trainingBookings)
      .set({ attendance: 'absent' })
      .where(eq(trainingBookings.sessionId, sessionId));
    const agent = await signedIn(admin);
    // 32 in all: the two from before, and these 30 (who have no organisation).
    const first = await agent.get(`/training/reports/charges${range}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Showing 1 to 25 of 32 no-shows and late cancellations/);
    assert.match(first.body, /No organisation<\/td>\s*<td[^>]*>30<\/td>/);
    assert.equal(first.body.match(/>Circles in practice</g)?.length, 23);
    const second = await agent.get(`/training/reports/charges${range}&page=2`);
    assert.match(second.body, /Showing 26 to 32 of 32/);
    assert.equal(second.body.match(/>Circles in practice</g)?.length, 7);
    assert.match(
      first.body,
      /href="\/training\/reports\/charges\?from=2026-11-01&amp;to=2026-12-31&amp;page=2"/,
    );
    const csv = await agent.get(`/training/reports/charges.csv${range}`);
    assert.equal(csv.body.trim().split('\n').length, 33, 'the CSV has every one');
    // Anything but a page number is the first page.
    const odd = await agent.get(`/training/reports/charges${range}&page=x`);
    assert.match(odd.body, /Showing 1 to 25 of 32/);
    const past = await agent.get(`/training/reports/charges${range}&page=9`);
    assert.match(past.body, /Showing 26 to 32 of 32/, 'a page past the end shows the last');
  });

  it('is for admins only', async () => {
    const agent = await signedIn(trainer);
    assert.equal((await agent.get(`/training/reports/charges${range}`)).statusCode, 403);
    assert.equal((await agent.get(`/training/reports/charges.csv${range}`)).statusCode, 403);
  });
});
