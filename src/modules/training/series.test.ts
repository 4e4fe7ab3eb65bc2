import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseInput } from '../../../test/support/training.js';
import { createCourse } from './courses.js';
import { FormProblem } from './problems.js';
import { nthWeekday, occurrences, seriesDates, type SeriesRule } from './series-rule.js';
import type { SeriesInput } from './series-schemas.js';
import { planSeries, scheduleSeries } from './series.js';
import { cancelSession, sessionsOfCourse } from './sessions.js';
import { trainingSessions } from './tables.js';

// The date rule of repeating sessions, and scheduling a series in one transaction.

const rule = (over: Partial<SeriesRule> = {}): SeriesRule => ({
  repeat: 'monthly',
  ordinal: 'second',
  weekday: 'tuesday',
  fromYear: 2027,
  fromMonth: 1,
  count: 3,
  ...over,
});
const days = (r: SeriesRule) => seriesDates(r).map((d) => `${d.year}-${d.month}-${d.day}`);
const TEN = { hour: 10, minute: 0 };
const ONE = { hour: 13, minute: 0 };

describe('the date rule of a repeating series', () => {
  it('finds the first to fourth weekday of a month, wherever the month starts', () => {
    // January 2027 starts on a Friday; March 2027 on a Monday.
    assert.deepEqual(nthWeekday(2027, 1, 'first', 'tuesday'), { year: 2027, month: 1, day: 5 });
    assert.deepEqual(nthWeekday(2027, 1, 'second', 'tuesday'), { year: 2027, month: 1, day: 12 });
    assert.deepEqual(nthWeekday(2027, 1, 'first', 'friday'), { year: 2027, month: 1, day: 1 });
    assert.deepEqual(nthWeekday(2027, 3, 'first', 'monday'), { year: 2027, month: 3, day: 1 });
    assert.deepEqual(nthWeekday(2027, 3, 'first', 'sunday'), { year: 2027, month: 3, day: 7 });
  });

  it('"last" is the fifth weekday in a month with five of them, and the fourth otherwise', () => {
    // March 2027 has five Tuesdays (2, 9, 16, 23, 30); February 2027 has four (2 to 23).
    assert.equal(nthWeekday(2027, 3, 'fourth', 'tuesday').day, 23);
    assert.equal(nthWeekday(2027, 3, 'last', 'tuesday').day, 30);
    assert.equal(nthWeekday(2027, 2, 'fourth', 'tuesday').day, 23);
    assert.equal(nthWeekday(2027, 2, 'last', 'tuesday').day, 23);
    // The last day of April 2027 is itself a Friday; a leap-year February ends on the 29th.
    assert.equal(nthWeekday(2027, 4, 'last', 'friday').day, 30);
    assert.equal(nthWeekday(2028, 2, 'last', 'tuesday').day, 29);
  });

  it('repeats monthly and every two months, across the turn of the year', () => {
    assert.deepEqual(days(rule({ fromYear: 2026, fromMonth: 12, count: 3 })), [
      '2026-12-8',
      '2027-1-12',
      '2027-2-9',
    ]);
    assert.deepEqual(
      days(rule({ repeat: 'every_two_months', fromYear: 2026, fromMonth: 11, count: 4 })),
      ['2026-11-10', '2027-1-12', '2027-3-9', '2027-5-11'],
    );
    assert.deepEqual(
      days(rule({ repeat: 'every_two_months', ordinal: 'last', weekday: 'friday', count: 7 })),
      ['2027-1-29', '2027-3-26', '2027-5-28', '2027-7-30', '2027-9-24', '2027-11-26', '2028-1-28'],
    );
  });

  it('keeps the UK time of day on both sides of the clock changes', () => {
    // 10am is 10:00 UTC in winter (GMT) and 09:00 UTC in summer (BST).
    const spring = occurrences(rule({ fromMonth: 2, count: 3 }), TEN, ONE);
    assert.deepEqual(
      spring.map((o) => o.startsAt.toISOString()),
      ['2027-02-09T10:00:00.000Z', '2027-03-09T10:00:00.000Z', '2027-04-13T09:00:00.000Z'],
    );
    assert.equal(spring[2]!.endsAt.toISOString(), '2027-04-13T12:00:00.000Z');
    // The last Sunday of March and of October are the days the clocks change.
    const changeDays = occurrences(
      rule({ ordinal: 'last', weekday: 'sunday', fromMonth: 3, count: 8 }),
      TEN,
      ONE,
    );
    assert.equal(changeDays[0]!.startsAt.toISOString(), '2027-03-28T09:00:00.000Z');
    assert.equal(changeDays[6]!.startsAt.toISOString(), '2027-09-26T09:00:00.000Z');
    assert.equal(changeDays[7]!.startsAt.toISOString(), '2027-10-31T10:00:00.000Z');
    assert.ok(changeDays.every((o) => o.timeExists));
  });

  it('knows a time the clocks skip, and flags bank holidays', () => {
    const skipped = occurrences(
      rule({ ordinal: 'last', weekday: 'sunday', fromMonth: 3, count: 1 }),
      { hour: 1, minute: 30 },
      { hour: 3, minute: 0 },
    );
    assert.equal(skipped[0]!.timeExists, false);
    // The first Monday of May is the early May bank holiday.
    const may = occurrences(
      rule({ ordinal: 'first', weekday: 'monday', fromMonth: 5, count: 2 }),
      TEN,
      ONE,
    );
    assert.equal(may[0]!.bankHoliday, 'Early May bank holiday');
    assert.equal(may[1]!.bankHoliday, null);
  });
});

describe('scheduling a series', () => {
  let t: TestApp;
  let partnershipId: string;
  let trainer: Awaited<ReturnType<typeof makePerson>>;
  const input = (over: Partial<SeriesInput> = {}): SeriesInput => ({
    rule: rule({ fromYear: 2026, fromMonth: 12, count: 4 }),
    start: TEN,
    end: ONE,
    places: 16,
    delivery: 'online',
    joiningLink: 'https://video.example/series',
    venue: null,
    trainerIds: [trainer.id],
    ...over,
  });

  before(async () => {
    t = await startTestApp();
    partnershipId = (await makePartnership(t.database.db)).partnership.id;
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
  });
  after(() => t.close());

  it('creates every session in one go, each an ordinary session, audited', async () => {
    const ctx = asPerson(t, trainer);
    const courseId = await createCourse(ctx, courseInput());
    const ids = await scheduleSeries(ctx, courseId, input());
    assert.equal(ids.length, 4);
    const sessions = await sessionsOfCourse(ctx, courseId);
    assert.deepEqual(
      sessions.map((s) => s.startsAt.toISOString()),
      [
        '2026-12-08T10:00:00.000Z',
        '2027-01-12T10:00:00.000Z',
        '2027-02-09T10:00:00.000Z',
        '2027-03-09T10:00:00.000Z',
      ],
    );
    assert.ok(sessions.every((s) => s.places === 16 && s.trainers[0]?.id === trainer.id));
    assert.ok(sessions.every((s) => s.teamId === null));
    const audited = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.requestId, ctx.requestId));
    assert.equal(audited.filter((a) => a.action === 'training-session.scheduled').length, 4);
    assert.equal(audited.filter((a) => a.action === 'training-session.series-scheduled').length, 1);

    // Cancelling one leaves the others as they were.
    await cancelSession(ctx, ids[1]!);
    const after = await sessionsOfCourse(ctx, courseId);
    assert.deepEqual(
      after.map((s) => s.status),
      ['scheduled', 'cancelled', 'scheduled', 'scheduled'],
    );
  });

  it('creates none when any part fails, and refuses a start that has passed or a skipped time', async () => {
    const ctx = asPerson(t, trainer);
    const courseId = await createCourse(ctx, courseInput());
    const stranger = await makePerson(t.database.db, partnershipId);
    await assert.rejects(
      scheduleSeries(ctx, courseId, input({ trainerIds: [trainer.id, stranger.id] })),
      (e) => e instanceof FormProblem && /Choose trainers/.test(e.message),
    );
    const rows = await t.database.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.courseId, courseId));
    assert.equal(rows.length, 0);

    // The test clock is 21 November 2026: the second Tuesday of that month has passed.
    assert.throws(
      () => planSeries(ctx, input({ rule: rule({ fromYear: 2026, fromMonth: 11 }) })),
      (e) => e instanceof FormProblem && /10 November 2026, which has passed/.test(e.message),
    );
    assert.throws(
      () =>
        planSeries(
          ctx,
          input({
            rule: rule({ ordinal: 'last', weekday: 'sunday', fromMonth: 3 }),
            start: { hour: 1, minute: 0 },
            end: { hour: 2, minute: 30 },
          }),
        ),
      (e) => e instanceof FormProblem && /clocks go forward on 28 March 2027/.test(e.message),
    );
  });
});
