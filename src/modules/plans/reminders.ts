import { addDays, ukToday } from '../../platform/dates/uk-time.js';
import { and, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { JobContext, JobDefinition } from '../../platform/jobs/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDate } from '../../platform/views/env.js';
import { families, familyWorkers } from '../families/tables.js';
import { planActions, planRemindersSent, planReviews, plans } from './tables.js';

// Reminders before a plan's review and for actions coming due. A sweep on the job's clock: every
// reminder now due is queued once per person, whenever and however often the job runs, because
// its key goes into plan_reminders_sent (unique) on the same transaction as the email.

export const REVIEW_NOTICE_DAYS = 7;
export const ACTION_NOTICE_DAYS = 3;

interface Reminder {
  key: string;
  partnershipId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The practitioners allocated to each plan's family (the people who get every reminder); a
 * conference's independent coordinator is not the family's practitioner.
 */
async function practitionersOf(db: Db, familyIds: string[]) {
  if (!familyIds.length) return [];
  return db
    .select({
      familyId: familyWorkers.familyId,
      personId: people.id,
      email: people.email,
      name: people.name,
    })
    .from(familyWorkers)
    .innerJoin(people, eq(people.id, familyWorkers.personId))
    .where(
      and(
        inArray(familyWorkers.familyId, familyIds),
        isNull(familyWorkers.endedAt),
        eq(familyWorkers.role, 'allocated'),
        isNull(people.deactivatedAt),
      ),
    );
}

const current = and(isNull(plans.retiredAt), isNull(families.retiredAt));

export async function dueReminders(db: Db, now: Date, baseUrl: string): Promise<Reminder[]> {
  const today = ukToday(now);
  const reviews = await db
    .select({
      id: planReviews.id,
      dueOn: planReviews.dueOn,
      planId: plans.id,
      familyId: plans.familyId,
      partnershipId: plans.partnershipId,
    })
    .from(planReviews)
    .innerJoin(plans, eq(plans.id, planReviews.planId))
    .innerJoin(families, eq(families.id, plans.familyId))
    .where(
      and(
        current,
        isNull(planReviews.heldAt),
        isNull(planReviews.retiredAt),
        lte(planReviews.dueOn, addDays(today, REVIEW_NOTICE_DAYS)),
      ),
    );
  const actions = await db
    .select({
      id: planActions.id,
      dueOn: planActions.dueOn,
      ownerKind: planActions.ownerKind,
      ownerId: planActions.ownerId,
      planId: plans.id,
      familyId: plans.familyId,
      partnershipId: plans.partnershipId,
    })
    .from(planActions)
    .innerJoin(plans, eq(plans.id, planActions.planId))
    .innerJoin(families, eq(families.id, plans.familyId))
    .where(
      and(
        current,
        isNull(planActions.retiredAt),
        ne(planActions.status, 'done'),
        lte(planActions.dueOn, addDays(today, ACTION_NOTICE_DAYS)),
      ),
    );
  const workers = await practitionersOf(db, [
    ...new Set([...reviews, ...actions].map((r) => r.familyId)),
  ]);
  const ownerIds = actions.filter((a) => a.ownerKind === 'professional').map((a) => a.ownerId);
  const owners = ownerIds.length
    ? await db
        .select({ personId: people.id, email: people.email, partnershipId: people.partnershipId })
        .from(people)
        .where(and(inArray(people.id, ownerIds), isNull(people.deactivatedAt)))
    : [];
  const link = (planId: string) => `${baseUrl}/plans/${planId}`;
  // Emails say where to look, not what the plan says: the plan holds the family's details.
  const out: Reminder[] = [];
  for (const r of reviews)
    for (const w of workers.filter((x) => x.familyId === r.familyId))
      out.push({
        key: `review:${r.id}:${r.dueOn}:${w.personId}`,
        partnershipId: r.partnershipId,
        to: w.email,
        subject:
          r.dueOn < today
            ? 'A family-led plan’s review is overdue'
            : 'A family-led plan is due for review',
        text: `A family-led plan you are working on is due for review on ${ukDate(r.dueOn)}.\n\nSee the plan: ${link(r.planId)}\n`,
      });
  for (const a of actions) {
    const to = new Map(
      workers.filter((x) => x.familyId === a.familyId).map((w) => [w.personId, w.email]),
    );
    if (a.ownerKind === 'professional') {
      const owner = owners.find(
        (o) => o.personId === a.ownerId && o.partnershipId === a.partnershipId,
      );
      if (owner) to.set(owner.personId, owner.email);
    }
    for (const [personId, email] of to)
      out.push({
        key: `action:${a.id}:${a.dueOn}:${personId}`,
        partnershipId: a.partnershipId,
        to: email,
        subject:
          a.dueOn! < today
            ? 'An action on a family-led plan is overdue'
            : 'An action on a family-led plan is due soon',
        text: `An action on a family-led plan is due by ${ukDate(a.dueOn!)}.\n\nSee the plan: ${link(a.planId)}\n`,
      });
  }
  return out;
}

/** Queues each due reminder that has not been sent; returns how many were queued. */
export async function sendPlanReminders({ db, mail, now, baseUrl }: JobContext): Promise<number> {
  let queued = 0;
  for (const r of await dueReminders(db, now, baseUrl)) {
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(planRemindersSent)
        .values({ partnershipId: r.partnershipId, reminderKey: r.key, sentAt: now })
        .onConflictDoNothing()
        .returning({ id: planRemindersSent.id });
      if (!claimed) return;
      await mail.queue(tx, {
        partnershipId: r.partnershipId,
        to: r.to,
        subject: r.subject,
        text: r.text,
      });
      queued++;
    });
  }
  return queued;
}

export const planReminders: JobDefinition = {
  name: 'plan-reminders',
  cron: '15 * * * *',
  run: async (ctx) => {
    await sendPlanReminders(ctx);
  },
};
