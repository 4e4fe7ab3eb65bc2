import { and, asc, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { people } from '../../platform/tenancy/tables.js';
import { familyMembers, networkMembers } from '../families/tables.js';
import type { MeetingInput, MeetingQuery, PreparationInput } from './schemas.js';
import {
  meetingAnswers,
  meetingInvitations,
  meetingParticipants,
  meetingQuestions,
  meetings,
} from './tables.js';

// The queries on the meeting tables. Each filters on the partnership. Whether the actor may see
// the meeting's family is policy (openFamily), checked by the service before any of these run.

const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function findMeeting(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.partnershipId, partnershipId), eq(meetings.id, id)));
  return row;
}

export function listMeetings(db: Db, partnershipId: string, familyId: string, query: MeetingQuery) {
  const where = [eq(meetings.partnershipId, partnershipId), eq(meetings.familyId, familyId)];
  if (query.q) where.push(sql`${meetings.title} ilike ${containing(query.q)}`);
  return db
    .select({
      id: meetings.id,
      kind: meetings.kind,
      title: meetings.title,
      startsAt: meetings.startsAt,
      status: meetings.status,
      purpose: meetings.purpose,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(meetings)
    .where(and(...where))
    .orderBy(desc(meetings.startsAt), asc(meetings.id))
    .limit(PAGE_SIZE)
    .offset(((query.page ?? 1) - 1) * PAGE_SIZE);
}

export async function insertMeeting(
  db: Db,
  values: MeetingInput & { partnershipId: string; familyId: string; createdBy: string | null },
  now: Date,
) {
  const [row] = await db
    .insert(meetings)
    .values({
      ...values,
      consentRecordedAt: values.consentToRecord === null ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: meetings.id });
  return row!.id;
}

/** The meeting's agreed words, its row locked until the transaction ends: for a save of them. */
export async function lockedOutcome(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({ outcome: meetings.outcome })
    .from(meetings)
    .where(and(eq(meetings.partnershipId, partnershipId), eq(meetings.id, id)))
    .for('update');
  return row!;
}

export async function updateMeeting(
  db: Db,
  partnershipId: string,
  id: string,
  patch: Partial<typeof meetings.$inferInsert>,
) {
  await db
    .update(meetings)
    .set(patch)
    .where(and(eq(meetings.partnershipId, partnershipId), eq(meetings.id, id)));
}

/** The partnership's active people: who can facilitate, or take part as a professional. */
export function partnershipPeople(db: Db, partnershipId: string) {
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), isNull(people.deactivatedAt)))
    .orderBy(asc(people.name));
}

/** A person of the partnership by id: their name, email, and whether their account is active. */
export async function personName(db: Db, partnershipId: string, id: string) {
  const [row] = await db
    .select({
      name: people.name,
      email: people.email,
      active: sql<boolean>`${people.deactivatedAt} is null`,
    })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), eq(people.id, id)));
  return row;
}

/** The family's current members and network, to choose participants from. */
export async function familyPeople(db: Db, partnershipId: string, familyId: string) {
  const scope = <T extends typeof familyMembers | typeof networkMembers>(t: T) =>
    and(eq(t.partnershipId, partnershipId), eq(t.familyId, familyId), isNull(t.retiredAt));
  const [members, network] = await Promise.all([
    db
      .select({
        id: familyMembers.id,
        name: familyMembers.name,
        relationship: familyMembers.relationship,
        contact: familyMembers.contact,
      })
      .from(familyMembers)
      .where(scope(familyMembers))
      .orderBy(asc(familyMembers.name)),
    db
      .select({
        id: networkMembers.id,
        name: networkMembers.name,
        relationship: networkMembers.relationship,
        contact: networkMembers.contact,
      })
      .from(networkMembers)
      .where(scope(networkMembers))
      .orderBy(asc(networkMembers.name)),
  ]);
  return { members, network };
}

/**
 * A meeting's current participants with their names, in the order they were added. `lock`
 * holds their rows (FOR SHARE) until the transaction ends, for a save that writes words in
 * their names: a removal under way is waited for, and then the removed person is not listed
 * (see participant-removal.ts).
 */
export function listParticipants(
  db: Db,
  partnershipId: string,
  meetingId: string,
  opts: { lock?: boolean } = {},
) {
  const query = db
    .select({
      id: meetingParticipants.id,
      role: meetingParticipants.role,
      familyMemberId: meetingParticipants.familyMemberId,
      networkMemberId: meetingParticipants.networkMemberId,
      personId: meetingParticipants.personId,
      name: sql<string>`coalesce(${familyMembers.name}, ${networkMembers.name}, ${people.name})`,
      relationship: sql<
        string | null
      >`coalesce(${familyMembers.relationship}, ${networkMembers.relationship})`,
      contact: sql<string | null>`coalesce(${familyMembers.contact}, ${networkMembers.contact})`,
      email: people.email,
      contactedOn: meetingParticipants.contactedOn,
      preparedOn: meetingParticipants.preparedOn,
      needsInterpreter: meetingParticipants.needsInterpreter,
      needsAccess: meetingParticipants.needsAccess,
      needsChildcare: meetingParticipants.needsChildcare,
      safetyConcerns: meetingParticipants.safetyConcerns,
      needsNotes: meetingParticipants.needsNotes,
    })
    .from(meetingParticipants)
    .leftJoin(familyMembers, eq(familyMembers.id, meetingParticipants.familyMemberId))
    .leftJoin(networkMembers, eq(networkMembers.id, meetingParticipants.networkMemberId))
    .leftJoin(people, eq(people.id, meetingParticipants.personId))
    .where(
      and(
        eq(meetingParticipants.partnershipId, partnershipId),
        eq(meetingParticipants.meetingId, meetingId),
        isNull(meetingParticipants.retiredAt),
      ),
    )
    .orderBy(
      asc(meetingParticipants.createdAt),
      sql`coalesce(${familyMembers.name}, ${networkMembers.name}, ${people.name})`,
      asc(meetingParticipants.id),
    );
  return opts.lock ? query.for('share', { of: meetingParticipants }) : query;
}
export type ParticipantRow = Awaited<ReturnType<typeof listParticipants>>[number];

export async function insertParticipant(
  db: Db,
  values: typeof meetingParticipants.$inferInsert,
): Promise<string> {
  const [row] = await db
    .insert(meetingParticipants)
    .values(values)
    .returning({ id: meetingParticipants.id });
  return row!.id;
}

/** One participant still taking part in the meeting, within the partnership. */
export function currentParticipant(
  partnershipId: string,
  meetingId: string,
  participantId: string,
) {
  return and(
    eq(meetingParticipants.partnershipId, partnershipId),
    eq(meetingParticipants.meetingId, meetingId),
    eq(meetingParticipants.id, participantId),
    isNull(meetingParticipants.retiredAt),
  );
}

export async function updatePreparation(
  db: Db,
  partnershipId: string,
  meetingId: string,
  participantId: string,
  input: PreparationInput,
) {
  const rows = await db
    .update(meetingParticipants)
    .set(input)
    .where(currentParticipant(partnershipId, meetingId, participantId))
    .returning({ id: meetingParticipants.id });
  return rows.length > 0;
}

export function listQuestions(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select()
    .from(meetingQuestions)
    .where(
      and(
        eq(meetingQuestions.partnershipId, partnershipId),
        eq(meetingQuestions.meetingId, meetingId),
      ),
    )
    .orderBy(asc(meetingQuestions.position));
}

export async function insertQuestions(db: Db, rows: (typeof meetingQuestions.$inferInsert)[]) {
  if (rows.length) await db.insert(meetingQuestions).values(rows);
}

export function listAnswers(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select({
      questionId: meetingAnswers.questionId,
      participantId: meetingAnswers.participantId,
      answer: meetingAnswers.answer,
      updatedAt: meetingAnswers.updatedAt,
    })
    .from(meetingAnswers)
    .where(
      and(eq(meetingAnswers.partnershipId, partnershipId), eq(meetingAnswers.meetingId, meetingId)),
    );
}

/** Saves one answer exactly as given, replacing that participant's answer to that question. */
export async function upsertAnswer(db: Db, values: typeof meetingAnswers.$inferInsert) {
  await db
    .insert(meetingAnswers)
    .values(values)
    .onConflictDoUpdate({
      target: [meetingAnswers.questionId, meetingAnswers.participantId],
      set: { answer: values.answer, recordedBy: values.recordedBy, updatedAt: values.updatedAt },
    });
}

export async function insertInvitation(db: Db, values: typeof meetingInvitations.$inferInsert) {
  const [row] = await db
    .insert(meetingInvitations)
    .values(values)
    .returning({ id: meetingInvitations.id });
  return row!.id;
}

/** A meeting's invitations, named; a participant since removed keeps their name, marked. */
export function listInvitations(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select({
      ...getTableColumns(meetingInvitations),
      name: sql<string>`coalesce(${familyMembers.name}, ${networkMembers.name}, ${people.name}, '')`,
      removed: sql<boolean>`${meetingParticipants.retiredAt} is not null`,
    })
    .from(meetingInvitations)
    .innerJoin(meetingParticipants, eq(meetingParticipants.id, meetingInvitations.participantId))
    .leftJoin(familyMembers, eq(familyMembers.id, meetingParticipants.familyMemberId))
    .leftJoin(networkMembers, eq(networkMembers.id, meetingParticipants.networkMemberId))
    .leftJoin(people, eq(people.id, meetingParticipants.personId))
    .where(
      and(
        eq(meetingInvitations.partnershipId, partnershipId),
        eq(meetingInvitations.meetingId, meetingId),
      ),
    )
    .orderBy(asc(meetingInvitations.sentAt));
}
