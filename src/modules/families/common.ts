// Made once: making a formatter is slow (a family's page, which asks for today's date once for
// each member's age, spent about a millisecond of CPU making them).
const ukIsoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date in the UK, as YYYY-MM-DD, for "not in the future" and ages. */
export function ukToday(now: Date): string {
  return ukIsoDate.format(now);
}

/** Age in whole years on the UK date of `now`, from a YYYY-MM-DD date of birth. */
export function ageOn(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = ukToday(now).split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}
