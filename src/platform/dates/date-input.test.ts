import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateInputProblem } from './date-input.js';

// The GOV.UK date input's error messages, for what people really type.

const typed = (day: string, month: string, year: string) => ({
  'date-day': day,
  'date-month': month,
  'date-year': year,
});
const problem = (day: string, month: string, year: string) =>
  dateInputProblem(typed(day, month, year), 'date', 'the date of birth');

describe('dateInputProblem', () => {
  it('accepts a real date, and asks for what is missing', () => {
    assert.equal(problem('14', '1', '2019'), null);
    assert.equal(problem('', '', ''), 'Enter the date of birth');
    assert.equal(problem('14', '', '2019'), 'The date of birth must include a month');
    assert.equal(problem('', '', '2019'), 'The date of birth must include a day and month');
  });

  it('says what is wrong with the year, rather than that the date is not real', () => {
    assert.equal(
      problem('14', '1', '19'),
      'The date of birth must have a year with 4 numbers, like 2027',
    );
    assert.equal(
      problem('14', '1', '1890'),
      'The date of birth must be in a year from 1900 to 2200',
    );
    assert.equal(problem('31', '2', '2019'), 'The date of birth must be a real date');
    assert.equal(problem('1', 'Jan', '2019'), 'The date of birth must be a real date');
  });

  it('keeps a date within the range it is allowed', () => {
    const today = '2026-11-26';
    assert.equal(
      dateInputProblem(typed('27', '11', '2026'), 'date', 'the date of birth', { until: today }),
      'The date of birth must be today or in the past',
    );
    assert.equal(
      dateInputProblem(typed('25', '11', '2026'), 'date', 'the meeting', { from: today }),
      'The meeting must be today or later',
    );
  });
});
