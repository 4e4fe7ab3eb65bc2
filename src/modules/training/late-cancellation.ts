import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { bankHolidays } from './bank-holidays.js';
import { trainingCancellations, trainingSettings } from './tables-completion.js';
import { toLondon } from '../../platform/dates/uk-time.js';

// A cancellation too close to the session counts as late, and partnerships may charge for it.
// Notice is counted in whole working days (not weekends, not England and Wales bank holidays)
// between the day it was cancelled and the day the session starts, both as UK dates, neither
// counted: cancelling on a Monday for the next Monday gives 4 days' notice, so with the default
// of 5 it is late; cancelling on the Friday before gives 5, which is not.

export const DEFAULT_LATE_WORKING_DAYS = 5;

const ukDay = (d: Date) => {
  const t = toLondon(d);
  return Date.UTC(t.year, t.month - 1, t.day);
};

export function isWorkingDay(utcMidnight: number): boolean {
  const day = new Date(utcMidnight);
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays.has(day.toISOString().slice(0, 10));
}

/** Whole working days strictly between the two instants' UK dates. */
export function workingDaysBetween(from: Date, to: Date): number {
  let n = 0;
  for (let d = ukDay(from) + 86_400_000; d < ukDay(to); d += 86_400_000) {
    if (isWorkingDay(d)) n++;
  }
  return n;
}

export function lateness(cancelledAt: Date, startsAt: Date, lateWithin: number) {
  const workingDaysNotice = workingDaysBetween(cancelledAt, startsAt);
  return { workingDaysNotice, late: workingDaysNotice < lateWithin };
}

export async function lateWorkingDays(db: Db, partnershipId: string): Promise<number> {
  const [row] = await db
    .select({ n: trainingSettings.lateCancellationWorkingDays })
    .from(trainingSettings)
    .where(eq(trainingSettings.partnershipId, partnershipId));
  return row?.n ?? DEFAULT_LATE_WORKING_DAYS;
}

/** Records how much notice a cancelled booking gave (inside the cancelling transaction). */
export async function recordCancellation(
  db: Db,
  booking: { id: string; partnershipId: string },
  startsAt: Date,
  cancelledAt: Date,
) {
  const within = await lateWorkingDays(db, booking.partnershipId);
  const { workingDaysNotice, late } = lateness(cancelledAt, startsAt, within);
  await db
    .insert(trainingCancellations)
    .values({
      bookingId: booking.id,
      partnershipId: booking.partnershipId,
      cancelledAt,
      workingDaysNotice,
      late,
    })
    .onConflictDoNothing();
  return late;
}
