// England and Wales bank holidays, 2024 to 2030, kept here so nothing is fetched at run time.
// Source: the GOV.UK list (https://www.gov.uk/bank-holidays, division england-and-wales).
// Years beyond those published were worked out by the same rules (Easter by the anonymous
// Gregorian algorithm; weekend holidays move to the next weekday); add any one-off holidays
// GOV.UK announces (such as a coronation) when they are announced.

export const BANK_HOLIDAYS_FROM = 2024;
export const BANK_HOLIDAYS_TO = 2030;

const list: [string, string][] = [
  // 2024
  ['2024-01-01', 'New Year’s Day'],
  ['2024-03-29', 'Good Friday'],
  ['2024-04-01', 'Easter Monday'],
  ['2024-05-06', 'Early May bank holiday'],
  ['2024-05-27', 'Spring bank holiday'],
  ['2024-08-26', 'Summer bank holiday'],
  ['2024-12-25', 'Christmas Day'],
  ['2024-12-26', 'Boxing Day'],
  // 2025
  ['2025-01-01', 'New Year’s Day'],
  ['2025-04-18', 'Good Friday'],
  ['2025-04-21', 'Easter Monday'],
  ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'],
  ['2025-08-25', 'Summer bank holiday'],
  ['2025-12-25', 'Christmas Day'],
  ['2025-12-26', 'Boxing Day'],
  // 2026
  ['2026-01-01', 'New Year’s Day'],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  // 2027
  ['2027-01-01', 'New Year’s Day'],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
  // 2028
  ['2028-01-03', 'New Year’s Day (substitute day)'],
  ['2028-04-14', 'Good Friday'],
  ['2028-04-17', 'Easter Monday'],
  ['2028-05-01', 'Early May bank holiday'],
  ['2028-05-29', 'Spring bank holiday'],
  ['2028-08-28', 'Summer bank holiday'],
  ['2028-12-25', 'Christmas Day'],
  ['2028-12-26', 'Boxing Day'],
  // 2029
  ['2029-01-01', 'New Year’s Day'],
  ['2029-03-30', 'Good Friday'],
  ['2029-04-02', 'Easter Monday'],
  ['2029-05-07', 'Early May bank holiday'],
  ['2029-05-28', 'Spring bank holiday'],
  ['2029-08-27', 'Summer bank holiday'],
  ['2029-12-25', 'Christmas Day'],
  ['2029-12-26', 'Boxing Day'],
  // 2030
  ['2030-01-01', 'New Year’s Day'],
  ['2030-04-19', 'Good Friday'],
  ['2030-04-22', 'Easter Monday'],
  ['2030-05-06', 'Early May bank holiday'],
  ['2030-05-27', 'Spring bank holiday'],
  ['2030-08-26', 'Summer bank holiday'],
  ['2030-12-25', 'Christmas Day'],
  ['2030-12-26', 'Boxing Day'],
];

export const bankHolidays: ReadonlyMap<string, string> = new Map(list);
