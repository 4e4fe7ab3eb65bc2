import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { people, teamMembers, teams } from '../../platform/tenancy/tables.js';
import { familyWorkers } from '../families/tables.js';
import {
  fgcConferences,
  fgcDecisions,
  fgcInformation,
  fgcReviews,
  type FgcConference,
} from './tables-fgc.js';
import { meetings } from './tables.js';

// The queries on the family group conference tables. Each filters on the partnership; whether
// the actor may see the meeting's family is checked by the service (openMeeting) first.

export async function findConference(db: Db, partnershipId: string, meetingId: string) {
  const [row] = await db
    .select()
    .from(fgcConferences)
    .where(
      and(eq(fgcConferences.partnershipId, partnershipId), eq(fgcConferences.meetingId, meetingId)),
    );
  return row;
}

export async function insertConference(db: Db, values: typeof fgcConferences.$inferInsert) {
  const [row] = await db.insert(fgcConferences).values(values).returning();
  return row!;
}

export async function updateConference(
  db: Db,
  partnershipId: string,
  meetingId: string,
  patch: Partial<Omit<FgcConference, 'id' | 'partnershipId' | 'meetingId'>>,
) {
  await db
    .update(fgcConferences)
    .set(patch)
    .where(
      and(eq(fgcConferences.partnershipId, partnershipId), eq(fgcConferences.meetingId, meetingId)),
    );
}

export function listInformation(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select()
    .from(fgcInformation)
    .where(
      and(eq(fgcInformation.partnershipId, partnershipId), eq(fgcInformation.meetingId, meetingId)),
    )
    .orderBy(asc(fgcInformation.recordedAt));
}

/** One professional's information: a second save replaces their words, and says who did it. */
export async function upsertInformation(db: Db, values: typeof fgcInformation.$inferInsert) {
  await db
    .insert(fgcInformation)
    .values(values)
    .onConflictDoUpdate({
      target: [fgcInformation.meetingId, fgcInformation.participantId],
      set: {
        whatWeKnow: values.whatWeKnow,
        worries: values.worries,
        resources: values.resources,
        bottomLines: values.bottomLines,
        updatedBy: values.updatedBy,
        updatedAt: values.updatedAt,
      },
    });
}

export function listDecisions(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select()
    .from(fgcDecisions)
    .where(
      and(eq(fgcDecisions.partnershipId, partnershipId), eq(fgcDecisions.meetingId, meetingId)),
    )
    .orderBy(asc(fgcDecisions.recordedAt));
}

export async function insertDecision(db: Db, values: typeof fgcDecisions.$inferInsert) {
  const [row] = await db.insert(fgcDecisions).values(values).returning({ id: fgcDecisions.id });
  return row!.id;
}

/** A conference's reviews, retired ones included (the page says they were cancelled). */
export function listReviews(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select()
    .from(fgcReviews)
    .where(and(eq(fgcReviews.partnershipId, partnershipId), eq(fgcReviews.meetingId, meetingId)))
    .orderBy(asc(fgcReviews.dueOn), asc(fgcReviews.createdAt));
}

export async function insertReview(db: Db, values: typeof fgcReviews.$inferInsert) {
  const [row] = await db.insert(fgcReviews).values(values).returning({ id: fgcReviews.id });
  return row!.id;
}

/** Changes a current review of this conference; false if there is no such review. */
export async function updateReview(
  db: Db,
  partnershipId: string,
  meetingId: string,
  reviewId: string,
  patch: Partial<typeof fgcReviews.$inferInsert>,
) {
  const rows = await db
    .update(fgcReviews)
    .set(patch)
    .where(
      and(
        eq(fgcReviews.partnershipId, partnershipId),
        eq(fgcReviews.meetingId, meetingId),
        eq(fgcReviews.id, reviewId),
        isNull(fgcReviews.retiredAt),
      ),
    )
    .returning({ id: fgcReviews.id });
  return rows.length > 0;
}

/**
 * Whether the person coordinates one of the family's conferences, other than `exceptMeetingId`,
 * that is going ahead (not cancelled).
 */
export async function coordinatesAnotherLive(
  db: Db,
  partnershipId: string,
  familyId: string,
  personId: string,
  exceptMeetingId: string,
) {
  const rows = await db
    .select({ id: meetings.id })
    .from(fgcConferences)
    .innerJoin(meetings, eq(meetings.id, fgcConferences.meetingId))
    .where(
      and(
        eq(fgcConferences.partnershipId, partnershipId),
        eq(fgcConferences.coordinatorId, personId),
        eq(meetings.familyId, familyId),
        ne(meetings.status, 'cancelled'),
        ne(meetings.id, exceptMeetingId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Names of people of the partnership, by id, for "recorded by" and the like. */
export async function peopleNames(db: Db, partnershipId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), inArray(people.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The teams working with the family (allocated to it now) that the person is a member of, by
 * name: none, for someone independent of the family's case.
 */
export async function familyTeamsOf(
  db: Db,
  partnershipId: string,
  familyId: string,
  personId: string,
) {
  const rows = await db
    .selectDistinct({ name: teams.name })
    .from(familyWorkers)
    .innerJoin(teams, eq(teams.id, familyWorkers.teamId))
    .innerJoin(
      teamMembers,
      and(eq(teamMembers.teamId, familyWorkers.teamId), eq(teamMembers.personId, personId)),
    )
    .where(
      and(
        eq(familyWorkers.partnershipId, partnershipId),
        eq(familyWorkers.familyId, familyId),
        eq(familyWorkers.role, 'allocated'),
        isNull(familyWorkers.endedAt),
      ),
    )
    .orderBy(asc(teams.name));
  return rows.map((r) => r.name);
}
