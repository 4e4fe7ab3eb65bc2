import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { currentParticipant } from './store.js';
import { meetingAnswers, meetingParticipants } from './tables.js';

// The queries for taking a participant off a meeting (participant-removal.ts). Each filters on
// the partnership; the service has opened the meeting, and so its family, first.

/** Locks a current participant's row until the transaction ends; false if there is none. */
export async function lockParticipant(
  db: Db,
  partnershipId: string,
  meetingId: string,
  participantId: string,
) {
  const rows = await db
    .select({ id: meetingParticipants.id })
    .from(meetingParticipants)
    .where(currentParticipant(partnershipId, meetingId, participantId))
    .for('update');
  return rows.length > 0;
}

/** Takes a current participant off the meeting (kept, with when); false if there was none. */
export async function retireParticipant(
  db: Db,
  partnershipId: string,
  meetingId: string,
  participantId: string,
  now: Date,
) {
  const rows = await db
    .update(meetingParticipants)
    .set({ retiredAt: now })
    .where(currentParticipant(partnershipId, meetingId, participantId))
    .returning({ id: meetingParticipants.id });
  return rows.length > 0;
}

/** How many of the guide's questions a participant has an answer to (a cleared box is none). */
export async function answerCount(
  db: Db,
  partnershipId: string,
  meetingId: string,
  participantId: string,
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingAnswers)
    .where(
      and(
        eq(meetingAnswers.partnershipId, partnershipId),
        eq(meetingAnswers.meetingId, meetingId),
        eq(meetingAnswers.participantId, participantId),
        sql`btrim(${meetingAnswers.answer}) <> ''`,
      ),
    );
  return row?.n ?? 0;
}
