import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { Agent } from '../../../test/support/agent.js';
import { makePartnership, makePerson, PASSWORD } from '../../../test/support/factories.js';
import { audit } from './index.js';
import { startOfUkDay } from '../dates/uk-time.js';
import { auditEvents } from './tables.js';

const actions = (body: string) =>
  [...body.matchAll(/<td class="govuk-table__cell">([a-z][\w.-]*)<\/td>/g)].map((m) => m[1]);

describe('the audit log page', () => {
  let t: TestApp;
  let partnershipId: string;
  let admin: Agent;
  let adminId: string;
  let practitionerId: string;
  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    const person = await makePerson(t.database.db, partnershipId, {
      roles: ['admin'],
      name: 'Alex Admin',
    });
    adminId = person.id;
    const practitioner = await makePerson(t.database.db, partnershipId, {
      name: 'Priya Practitioner',
    });
    practitionerId = practitioner.id;
    admin = new Agent(t.app);
    await admin.signIn(person.email, PASSWORD);
    const agent = new Agent(t.app);
    await agent.signIn(practitioner.email, PASSWORD);
    await agent.get('/admin/audit'); // refused: written as denied
  });
  after(() => t.close());

  it('shows this partnership’s entries newest first, with the actor’s name, and audits the viewing', async () => {
    const other = await makePartnership(t.database.db);
    const stranger = await makePerson(t.database.db, other.partnership.id, {
      name: 'Sid Stranger',
    });
    await new Agent(t.app).signIn(stranger.email, PASSWORD);

    const res = await admin.get('/admin/audit');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Priya Practitioner/);
    assert.match(res.body, /Alex Admin/);
    assert.doesNotMatch(res.body, /Sid Stranger/);
    assert.doesNotMatch(res.body, new RegExp(stranger.id));
    const shown = actions(res.body);
    assert.deepEqual(shown.slice(0, 3), ['access.denied', 'auth.sign-in', 'auth.sign-in']);
    assert.match(res.body, /Denied/);
    assert.match(res.body, /21 November 2026 at|\d{1,2} \w+ \d{4} at \d{1,2}:\d{2}[ap]m/);

    const viewed = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'audit.viewed'), eq(auditEvents.actorId, adminId)));
    assert.equal(viewed.length, 1);
    assert.equal(viewed[0]!.partnershipId, partnershipId);
    await admin.get('/admin/audit?outcome=denied');
    assert.equal(
      (
        await t.database.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'audit.viewed'), eq(auditEvents.actorId, adminId)))
      ).length,
      2,
    );
  });

  it('filters by action prefix, record type, record id, actor and outcome', async () => {
    const byPrefix = await admin.get('/admin/audit?action=auth.');
    assert.ok(actions(byPrefix.body).every((a) => a!.startsWith('auth.')));
    assert.ok(actions(byPrefix.body).length >= 2);
    // % is taken literally, not as a wildcard
    assert.match((await admin.get('/admin/audit?action=%25')).body, /No entries match/);

    const denied = await admin.get('/admin/audit?outcome=denied');
    assert.deepEqual(actions(denied.body), ['access.denied']);

    const byActor = await admin.get(`/admin/audit?actorId=${practitionerId}`);
    assert.ok(actions(byActor.body).length >= 2);
    assert.doesNotMatch(byActor.body.split('<table')[1]!, /Alex Admin/);

    const byRecord = await admin.get(`/admin/audit?recordType=person&recordId=${practitionerId}`);
    assert.deepEqual(actions(byRecord.body), ['auth.sign-in']);
    assert.match(byRecord.body, new RegExp(`value="${practitionerId}"`), 'filters are kept');

    const badActor = await admin.get('/admin/audit?actorId=bob');
    assert.equal(badActor.statusCode, 400);
    assert.match(badActor.body, /govuk-error-summary/);
    assert.match(badActor.body, /href="#actorId"/);
  });

  it('filters by a UK date range, and explains dates it cannot use, keeping what was typed', async () => {
    // Entries carry the database's real time; "today" is today in London.
    const [d, m, y] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' })
      .format(new Date())
      .split('/')
      .map(Number) as [number, number, number];
    const range = (from: string, to: string) => {
      const [fd, fm, fy] = from.split('/');
      const [td, tm, ty] = to.split('/');
      return `/admin/audit?from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`;
    };
    const around = await admin.get(range(`1/1/${y - 1}`, `31/12/${y + 1}`));
    assert.equal(around.statusCode, 200);
    assert.ok(actions(around.body).length >= 3);
    const past = await admin.get(range(`1/1/2001`, `31/12/2001`));
    assert.equal(past.statusCode, 200);
    assert.match(past.body, /No entries match/);
    assert.match(past.body, /name="from-year" type="text" value="2001"/);
    const onlyToday = await admin.get(range(`${d}/${m}/${y}`, `${d}/${m}/${y}`));
    assert.ok(actions(onlyToday.body).length >= 3);

    const invalid = await admin.get(range('31/2/2026', '1/13/2026'));
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /<title>Error: Audit log/);
    assert.match(invalid.body, /The start date must be a real date/);
    assert.match(invalid.body, /The end date must be a real date/);
    assert.match(invalid.body, /href="#from-day"/);
    assert.match(invalid.body, /name="from-day" type="text" value="31"/);
    assert.match(invalid.body, /name="to-month" type="text" value="13"/);
    assert.match(invalid.body, /govuk-input--width-4 govuk-input--error" id="to-year"/);

    const partial = await admin.get('/admin/audit?from-day=3&from-year=2026');
    assert.equal(partial.statusCode, 400);
    assert.match(partial.body, /The start date must include a month/);
    assert.match(partial.body, /href="#from-month"/);
    // Only the box left empty is marked, as the GOV.UK pattern asks.
    assert.match(partial.body, /govuk-input--width-2 govuk-input--error" id="from-month"/);
    assert.match(partial.body, /govuk-input--width-2" id="from-day"/);

    const backwards = await admin.get(range('2/3/2026', '1/3/2026'));
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /must be the same as or after the start date/);
  });

  it('starts a UK day at midnight London time, in winter and in summer', () => {
    assert.equal(startOfUkDay('2026-01-15').toISOString(), '2026-01-15T00:00:00.000Z');
    assert.equal(startOfUkDay('2026-07-15').toISOString(), '2026-07-14T23:00:00.000Z');
  });

  it('pages through the log 50 at a time, newer and older', async () => {
    const { partnership } = await makePartnership(t.database.db);
    const boss = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    const ctx = {
      actor: {
        kind: 'person' as const,
        id: boss.id,
        partnershipId: partnership.id,
        name: boss.name,
        roles: ['admin' as const],
        organisationId: null,
        teamIds: [],
      },
    };
    for (let i = 0; i < 120; i++) {
      await audit(t.database.db, ctx, { action: `test.step-${i}`, recordType: 'test' });
    }
    const agent = new Agent(t.app);
    await agent.signIn(boss.email, PASSWORD);
    const link = (body: string, rel: 'next' | 'prev') =>
      [...body.matchAll(/href="([^"]+)" rel="(\w+)"/g)]
        .find((m) => m[2] === rel)?.[1]
        ?.replaceAll('&amp;', '&');
    const first = await agent.get('/admin/audit?action=test.');
    const firstActions = actions(first.body);
    assert.equal(firstActions.length, 50);
    assert.equal(firstActions[0], 'test.step-119');
    assert.equal(link(first.body, 'prev'), undefined);
    const second = await agent.get(link(first.body, 'next')!);
    assert.equal(actions(second.body)[0], 'test.step-69');
    assert.match(link(second.body, 'next')!, /action=test\./, 'filters are kept');
    const third = await agent.get(link(second.body, 'next')!);
    assert.equal(actions(third.body).length, 20);
    assert.equal(actions(third.body).at(-1), 'test.step-0');
    assert.equal(link(third.body, 'next'), undefined);
    const back = await agent.get(link(third.body, 'prev')!);
    assert.equal(actions(back.body)[0], 'test.step-69');
    const top = await agent.get(link(second.body, 'prev')!);
    assert.equal(actions(top.body)[0], 'test.step-119');
  });
});
