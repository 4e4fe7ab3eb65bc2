import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { DEFAULT_LATE_WORKING_DAYS } from './late-cancellation.js';
import { trainingBookingSettings } from './tables-booking.js';
import { trainingSettings } from './tables-completion.js';

// A partnership's training settings, kept in two rows (approval beside booking, the rest beside
// completion) and shown and saved as one form. A missing row means the defaults.

export const DEFAULT_OFFER_HOURS = 48;

export interface TrainingSettings {
  approvalRequired: boolean;
  offerHoldHours: number;
  lateCancellationWorkingDays: number;
}

const whole = (what: string, min: number, max: number, example: number) =>
  z.coerce
    .number(`${what} must be a number, like ${example}`)
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be ${min} or more`)
    .max(max, `${what} must be ${max} or fewer`);

export const settingsSchema = z
  .object({
    approvalRequired: z.enum(['yes', 'no'], 'Choose whether bookings need a manager’s approval'),
    offerHoldHours: z.preprocess(
      (v) => (v === '' ? undefined : v),
      whole('The hours an offered place is held', 1, 336, 48),
    ),
    lateCancellationWorkingDays: z.preprocess(
      (v) => (v === '' ? undefined : v),
      whole('The working days', 0, 30, 5),
    ),
  })
  .transform((v): TrainingSettings => ({
    approvalRequired: v.approvalRequired === 'yes',
    offerHoldHours: v.offerHoldHours,
    lateCancellationWorkingDays: v.lateCancellationWorkingDays,
  }));

export async function settingsOf(db: Db, partnershipId: string): Promise<TrainingSettings> {
  const [[booking], [other]] = await Promise.all([
    db
      .select({ approvalRequired: trainingBookingSettings.approvalRequired })
      .from(trainingBookingSettings)
      .where(eq(trainingBookingSettings.partnershipId, partnershipId)),
    db
      .select({
        offerHoldHours: trainingSettings.offerHoldHours,
        lateCancellationWorkingDays: trainingSettings.lateCancellationWorkingDays,
      })
      .from(trainingSettings)
      .where(eq(trainingSettings.partnershipId, partnershipId)),
  ]);
  return {
    approvalRequired: booking?.approvalRequired ?? false,
    offerHoldHours: other?.offerHoldHours ?? DEFAULT_OFFER_HOURS,
    lateCancellationWorkingDays: other?.lateCancellationWorkingDays ?? DEFAULT_LATE_WORKING_DAYS,
  };
}

/** How long a freed place is held for the person offered it, in hours. */
export async function offerHoldHours(db: Db, partnershipId: string): Promise<number> {
  const [row] = await db
    .select({ hours: trainingSettings.offerHoldHours })
    .from(trainingSettings)
    .where(eq(trainingSettings.partnershipId, partnershipId));
  return row?.hours ?? DEFAULT_OFFER_HOURS;
}

export const mySettings = (ctx: ServiceContext) =>
  settingsOf(ctx.db, (ctx.actor as Member).partnershipId);

/** Saves every setting at once. Offers already made keep the time they were given. */
export async function saveSettings(ctx: ServiceContext, input: TrainingSettings) {
  const { partnershipId } = ctx.actor as Member;
  await ctx.db.transaction(async (tx) => {
    const { approvalRequired, ...rest } = input;
    await tx
      .insert(trainingBookingSettings)
      .values({ partnershipId, approvalRequired, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: trainingBookingSettings.partnershipId,
        set: { approvalRequired, updatedAt: ctx.now },
      });
    await tx
      .insert(trainingSettings)
      .values({ partnershipId, ...rest, updatedAt: ctx.now })
      .onConflictDoUpdate({
        target: trainingSettings.partnershipId,
        set: { ...rest, updatedAt: ctx.now },
      });
    await audit(tx, ctx, {
      action: 'training-settings.changed',
      recordType: 'partnership',
      recordId: partnershipId,
    });
  });
}
