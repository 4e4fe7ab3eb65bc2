import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { organisations, people } from '../../platform/tenancy/tables.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';
import { trainingCancellations } from './tables-completion.js';
import { formDateField } from '../../platform/dates/date-fields.js';
import { dayAfter, startOfUkDay } from '../../platform/dates/uk-time.js';

// No-shows and late cancellations per organisation, for charging. Sessions are chosen by the
// UK date they started on, from and to inclusive.

export const reportRangeSchema = z
  .object({ from: formDateField('the first date'), to: formDateField('the last date') })
  .refine((r) => r.from <= r.to, {
    path: ['to'],
    message: 'The last date must be the same as the first date or after it',
  });
export type ReportRange = z.infer<typeof reportRangeSchema>;

export type Charge = 'No-show' | 'Late cancellation';

export async function chargeableReport(ctx: ServiceContext, range: ReportRange) {
  const { partnershipId } = ctx.actor as Member;
  const within = and(
    eq(trainingBookings.partnershipId, partnershipId),
    gte(trainingSessions.startsAt, startOfUkDay(range.from)),
    lt(trainingSessions.startsAt, startOfUkDay(dayAfter(range.to))),
  );
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        organisation: sql<string>`coalesce(${organisations.name}, 'No organisation')`,
        person: people.name,
        course: trainingCourses.title,
        startsAt: trainingSessions.startsAt,
        late: trainingCancellations.late,
        cancelledAt: trainingCancellations.cancelledAt,
        notice: trainingCancellations.workingDaysNotice,
      })
      .from(trainingBookings)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .innerJoin(people, eq(people.id, trainingBookings.personId))
      .leftJoin(organisations, eq(organisations.id, people.organisationId))
      .leftJoin(trainingCancellations, eq(trainingCancellations.bookingId, trainingBookings.id))
      .where(
        and(
          within,
          sql`(${trainingBookings.attendance} = 'absent' or ${trainingCancellations.late})`,
          // A session the partnership cancelled is nobody's no-show.
          eq(trainingSessions.status, 'scheduled'),
        ),
      )
      .orderBy(
        asc(sql`coalesce(${organisations.name}, 'No organisation')`),
        asc(trainingSessions.startsAt),
        asc(people.name),
      );
    await audit(tx, ctx, {
      action: 'training-charges.viewed',
      recordType: 'partnership',
      recordId: partnershipId,
    });
    const charges = rows.map((r) => ({
      ...r,
      charge: r.late ? 'Late cancellation' : 'No-show',
    }));
    const byOrganisation = new Map<
      string,
      { organisation: string; noShows: number; late: number }
    >();
    for (const c of charges) {
      const o = byOrganisation.get(c.organisation) ?? {
        organisation: c.organisation,
        noShows: 0,
        late: 0,
      };
      if (c.late) o.late++;
      else o.noShows++;
      byOrganisation.set(c.organisation, o);
    }
    return { charges, organisations: [...byOrganisation.values()] };
  });
}
