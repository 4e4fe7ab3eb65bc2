import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressOf, proposeDays, statusOf } from './als-dates.js';

describe('proposing an action learning set’s dates', () => {
  const days = (first: { year: number; month: number; day: number }) =>
    proposeDays(first, 6).map((d) => `${d.year}-${d.month}-${d.day}`);

  it('keeps the same weekday in the same week of each month', () => {
    // The second Tuesday of January 2027, then of each month after it.
    assert.deepEqual(days({ year: 2027, month: 1, day: 12 }), [
      '2027-1-12',
      '2027-2-9',
      '2027-3-9',
      '2027-4-13',
      '2027-5-11',
      '2027-6-8',
    ]);
  });

  it('moves a bank holiday a week on, and a missing fifth weekday to the month’s last', () => {
    // First Mondays; 3 May 2027 is the early May bank holiday.
    assert.deepEqual(days({ year: 2027, month: 2, day: 1 }), [
      '2027-2-1',
      '2027-3-1',
      '2027-4-5',
      '2027-5-10',
      '2027-6-7',
      '2027-7-5',
    ]);
    // Fifth Fridays: February's last is the 26th; March's is Good Friday, so a week earlier.
    assert.deepEqual(days({ year: 2027, month: 1, day: 29 }).slice(0, 3), [
      '2027-1-29',
      '2027-2-26',
      '2027-3-19',
    ]);
    // Across the end of a year.
    assert.deepEqual(days({ year: 2027, month: 11, day: 9 }).slice(1, 3), [
      '2027-12-14',
      '2028-1-11',
    ]);
  });

  it('completes at 4 of 6 by default: late counts, leaving early does not', () => {
    assert.deepEqual(
      progressOf(['attended', 'late', 'attended', 'absent', 'left_early', null], 4),
      {
        attended: 3,
        completed: false,
      },
    );
    assert.deepEqual(progressOf(['attended', 'late', 'attended', 'absent', 'late', null], 4), {
      attended: 4,
      completed: true,
    });
  });
});

describe('an action learning set’s status', () => {
  it('is not started, running, then finished', () => {
    const at = (iso: string) => new Date(iso);
    const sessions = [
      { startsAt: at('2027-01-12T10:00:00Z'), endsAt: at('2027-01-12T11:30:00Z') },
      { startsAt: at('2027-06-08T09:00:00Z'), endsAt: at('2027-06-08T10:30:00Z') },
    ];
    assert.equal(statusOf(sessions, at('2027-01-12T09:59:00Z')), 'upcoming');
    assert.equal(statusOf(sessions, at('2027-01-12T10:00:00Z')), 'running');
    assert.equal(statusOf(sessions, at('2027-06-08T10:30:00Z')), 'finished');
  });
});
