import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/platform/audit/tables.js';
import type { ServiceContext } from '../../src/platform/http/context.js';
import { teams, type people } from '../../src/platform/tenancy/tables.js';
import {
  families,
  familyMembers,
  familyWorkers,
  networkMembers,
} from '../../src/modules/families/tables.js';
import { frameworkItems, frameworks } from '../../src/modules/frameworks/tables.js';
import { createMeeting } from '../../src/modules/meetings/service.js';
import type { MeetingInput } from '../../src/modules/meetings/schemas.js';
import { meetings } from '../../src/modules/meetings/tables.js';
import { Agent } from './agent.js';
import type { TestApp } from './app.js';
import { makePartnership, makePerson, PASSWORD } from './factories.js';

// A partnership for the meeting tests: a family worked with by team A, with three family
// members and three people in its network, a practitioner of team B who may not see it, and a
// practice framework with two question sets (two and one questions).

type Person = typeof people.$inferSelect;

export function meetingContext(t: TestApp, person: Person, teamIds: string[]): ServiceContext {
  return {
    db: t.database.db,
    mail: t.mail,
    now: t.clock.now(),
    requestId: 'test',
    baseUrl: 'http://localhost:3000',
    actor: {
      kind: 'person',
      id: person.id,
      partnershipId: person.partnershipId,
      name: person.name,
      roles: person.roles,
      organisationId: person.organisationId,
      teamIds,
    },
  };
}

export async function agentFor(t: TestApp, person: { email: string }) {
  const agent = new Agent(t.app);
  await agent.signIn(person.email, PASSWORD);
  return agent;
}

export const QUESTIONS = [
  'What happened?',
  'What were you thinking at the time?',
  'What needs to happen now?',
];

export async function meetingWorld(t: TestApp) {
  const db = t.database.db;
  const made = await makePartnership(db);
  const pid = made.partnership.id;
  const teamA = made.team;
  const [teamB] = await db
    .insert(teams)
    .values({ partnershipId: pid, name: `B ${teamA.name}`, multiAgency: true })
    .returning();
  const practitioner = await makePerson(db, pid, {
    name: 'Pat Practitioner',
    roles: ['practitioner'],
    teamIds: [teamA.id],
  });
  const colleague = await makePerson(db, pid, {
    name: 'Cal Colleague',
    roles: ['practitioner'],
    teamIds: [teamA.id],
  });
  const other = await makePerson(db, pid, {
    name: 'Oli Other',
    roles: ['practitioner'],
    teamIds: [teamB!.id],
  });
  const [family] = await db
    .insert(families)
    .values({ partnershipId: pid, name: 'The Rivers family', createdBy: practitioner.id })
    .returning();
  await db.insert(familyWorkers).values([
    { partnershipId: pid, familyId: family!.id, personId: practitioner.id },
    { partnershipId: pid, familyId: family!.id, teamId: teamA.id },
  ]);
  const members = await db
    .insert(familyMembers)
    .values(
      [
        ['Ada Rivers', 'mum', 'ada@example.test'],
        ['Ben Rivers', 'son', null],
        ['Cleo Rivers', 'daughter', null],
      ].map(([name, relationship, contact]) => ({
        partnershipId: pid,
        familyId: family!.id,
        name: name!,
        relationship: relationship!,
        contact,
      })),
    )
    .returning();
  const network = await db
    .insert(networkMembers)
    .values(
      [
        ['Nan Rivers', 'relative', 'grandmother'],
        ['Fay Friend', 'friend', 'family friend'],
        ['Ned Neighbour', 'neighbour', 'next door'],
      ].map(([name, kind, relationship]) => ({
        partnershipId: pid,
        familyId: family!.id,
        name: name!,
        kind: kind as 'relative',
        relationship: relationship!,
        strength: 'strong' as const,
      })),
    )
    .returning();
  await db.insert(frameworks).values({ partnershipId: pid, name: 'Our framework' });
  const item = async (
    kind: 'question_set' | 'category' | 'question',
    name: string,
    parentId: string | null,
    position: number,
  ) => {
    const [row] = await db
      .insert(frameworkItems)
      .values({ partnershipId: pid, kind, name, parentId, position })
      .returning();
    return row!;
  };
  const setOne = await item('question_set', 'Opening round', null, 1);
  const catOne = await item('category', 'What happened', setOne.id, 1);
  const q1 = await item('question', QUESTIONS[0]!, catOne.id, 1);
  const q2 = await item('question', QUESTIONS[1]!, catOne.id, 2);
  const setTwo = await item('question_set', 'Ways forward', null, 2);
  const catTwo = await item('category', 'Needs', setTwo.id, 1);
  const q3 = await item('question', QUESTIONS[2]!, catTwo.id, 1);
  return {
    ...made,
    teamA,
    teamB: teamB!,
    practitioner,
    colleague,
    other,
    family: family!,
    members,
    network,
    questionItems: [q1, q2, q3],
    ctx: {
      practitioner: () => meetingContext(t, practitioner, [teamA.id]),
      other: () => meetingContext(t, other, [teamB!.id]),
    },
  };
}

export async function auditRows(
  t: TestApp,
  action: string,
  recordId: string,
  outcome: 'allowed' | 'denied' = 'allowed',
) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.recordId, recordId),
        eq(auditEvents.outcome, outcome),
      ),
    );
}

/**
 * Moves a meeting to the test clock's now: what happens at a meeting (its outcome, private
 * family time) cannot be recorded before its day.
 */
export async function meetingDayComes(t: TestApp, meetingId: string) {
  await t.database.db
    .update(meetings)
    .set({ startsAt: t.clock.now() })
    .where(eq(meetings.id, meetingId));
}

/** A planned circle with the family, arranged by its practitioner: a second meeting to test by. */
export async function arrangeCircle(
  w: Awaited<ReturnType<typeof meetingWorld>>,
  details: Partial<MeetingInput> = {},
) {
  const circle = await createMeeting(w.ctx.practitioner(), w.family.id, {
    kind: 'circle',
    title: 'A circle',
    startsAt: new Date('2026-12-01T10:00:00Z'),
    place: 'Home',
    onlineLink: null,
    facilitatorId: w.practitioner.id,
    status: 'planned',
    purpose: 'proactive',
    talkingPiece: null,
    consentToRecord: null,
    consentGivenBy: null,
    ...details,
  });
  assert.ok(circle.ok);
  return circle.id;
}
