import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { people, type Role } from '../../platform/tenancy/tables.js';
import { proposeDays } from './als-dates.js';
import { DEFAULT_MIN_ATTENDED, DEFAULT_PLACES, SESSIONS } from './als-schemas.js';
import * as store from './store.js';
import { type Attendance, trainingBookings, trainingSessions } from './tables.js';
import {
  trainingAlsAttendance,
  trainingAlsCohorts,
  trainingAlsMembers,
  trainingAlsSessions,
} from './tables-als.js';
import { fromLondon, toLondon } from '../../platform/dates/uk-time.js';

// The demo partnership's action learning set, part-way through: three members who did the
// Introduction and Development courses earlier in the year, and registers for the sessions
// already held. Runs inside the demo seed's transaction.

const DAY = 86_400_000;
const MEMBER_ROLES: Role[] = ['practitioner', 'manager', 'leader'];
// Each member's marks for the sessions held so far, in order.
const MARKS: Attendance[][] = [
  ['attended', 'attended', 'late', 'attended'],
  ['attended', 'absent', 'attended', 'left_early'],
  ['late', 'attended', 'attended', 'attended'],
];

async function firstWithRole(tx: Db, partnershipId: string, role: Role) {
  const [row] = await tx
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        isNull(people.deactivatedAt),
        sql`${role} = any(${people.roles})`,
      ),
    )
    .orderBy(people.name)
    .limit(1);
  return row?.id;
}

/** A past session of a course, run by the trainer, that everyone in `attendees` attended. */
async function pastSession(
  tx: Db,
  partnershipId: string,
  course: { id: string; minutes: number },
  startsAt: Date,
  trainerId: string,
  attendees: string[],
) {
  const [s] = await tx
    .insert(trainingSessions)
    .values({
      partnershipId,
      courseId: course.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + course.minutes * 60_000),
      places: 20,
      delivery: 'online',
    })
    .returning({ id: trainingSessions.id });
  await store.setTrainers(tx, partnershipId, s!.id, [trainerId]);
  await tx.insert(trainingBookings).values(
    attendees.map((personId) => ({
      partnershipId,
      sessionId: s!.id,
      personId,
      status: 'booked' as const,
      attendance: 'attended' as const,
      createdAt: new Date(startsAt.getTime() - 14 * DAY),
    })),
  );
}

export async function seedActionLearning(
  tx: Db,
  partnershipId: string,
  now: Date,
  courses: { intro: string; development: string; als: string },
) {
  const trainerId = await firstWithRole(tx, partnershipId, 'trainer');
  const facilitatorId = await firstWithRole(tx, partnershipId, 'facilitator');
  const members: string[] = [];
  for (const role of MEMBER_ROLES) {
    const id = await firstWithRole(tx, partnershipId, role);
    if (id) members.push(id);
  }
  // A partnership without the demo's people gets the catalogue alone.
  if (!trainerId || !facilitatorId || members.length < MEMBER_ROLES.length) return;

  const at = (daysAgo: number, hour: number) =>
    fromLondon({ ...toLondon(new Date(now.getTime() - daysAgo * DAY)), hour, minute: 0 });
  await pastSession(
    tx,
    partnershipId,
    { id: courses.intro, minutes: 180 },
    at(190, 9),
    trainerId,
    members,
  );
  await pastSession(
    tx,
    partnershipId,
    { id: courses.development, minutes: 150 },
    at(160, 9),
    trainerId,
    members,
  );

  const [cohort] = await tx
    .insert(trainingAlsCohorts)
    .values({
      partnershipId,
      courseId: courses.als,
      name: 'North locality practitioners',
      facilitatorId,
      places: DEFAULT_PLACES,
      minAttended: DEFAULT_MIN_ATTENDED,
      venue: 'Online: the facilitator sends the joining link a week before each session',
      createdAt: at(130, 9),
      updatedAt: at(130, 9),
    })
    .returning({ id: trainingAlsCohorts.id });
  const first = at(110, 14);
  const sessions = await tx
    .insert(trainingAlsSessions)
    .values(
      proposeDays(toLondon(first), SESSIONS).map((day, i) => {
        const startsAt = fromLondon({ ...day, hour: 14, minute: 0 });
        return {
          partnershipId,
          cohortId: cohort!.id,
          number: i + 1,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 90 * 60_000),
        };
      }),
    )
    .returning();
  await tx.insert(trainingAlsMembers).values(
    members.map((personId) => ({
      partnershipId,
      cohortId: cohort!.id,
      personId,
      addedAt: at(120, 9),
    })),
  );
  const held = sessions.filter((s) => s.endsAt <= now).sort((a, b) => a.number - b.number);
  const marks = members.flatMap((personId, m) =>
    held.map((s, n) => ({
      partnershipId,
      sessionId: s.id,
      personId,
      attendance: MARKS[m]![n % MARKS[m]!.length]!,
      recordedAt: s.endsAt,
    })),
  );
  if (marks.length) await tx.insert(trainingAlsAttendance).values(marks);
}
