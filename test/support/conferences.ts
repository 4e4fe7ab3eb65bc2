import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { meetings } from '../../src/modules/meetings/tables.js';
import { addParticipant, createMeeting } from '../../src/modules/meetings/service.js';
import type { TestApp } from './app.js';
import { makePerson } from './factories.js';
import { meetingContext, meetingWorld } from './meetings.js';

// A restorative conference for the tests: the meeting world's Rivers family, a conference held
// on 10 November 2026 (the test clock starts on 21 November 2026), Ada as the person harmed,
// Ben as the person responsible and Nan supporting, and an admin of the same partnership.

export const CONFERENCE_DAY = new Date('2026-11-10T10:00:00Z');

/**
 * Invitations go out only for a meeting still to come: this puts the conference a fortnight
 * after the test clock's day, planned, or back on its day, held.
 */
export const stillToCome = (t: TestApp, meetingId: string, toCome: boolean) =>
  t.database.db
    .update(meetings)
    .set(
      toCome
        ? { status: 'planned', startsAt: new Date('2026-12-05T10:00:00Z') }
        : { status: 'held', startsAt: CONFERENCE_DAY },
    )
    .where(eq(meetings.id, meetingId));

export async function conferenceWorld(t: TestApp) {
  const w = await meetingWorld(t);
  const admin = await makePerson(t.database.db, w.partnership.id, {
    name: 'Alex Admin',
    roles: ['admin'],
  });
  const ctx = () => w.ctx.practitioner();
  const created = await createMeeting(ctx(), w.family.id, {
    kind: 'conference',
    title: 'Putting things right after the fire',
    startsAt: CONFERENCE_DAY,
    place: 'The family centre',
    onlineLink: null,
    facilitatorId: w.practitioner.id,
    status: 'held',
    purpose: null,
    talkingPiece: null,
    consentToRecord: true,
    consentGivenBy: 'Everyone',
  });
  assert.ok(created.ok);
  const meetingId = created.id;
  const [ada, ben] = w.members;
  const [nan] = w.network;
  const participants: Record<'ada' | 'ben' | 'nan', string> = { ada: '', ben: '', nan: '' };
  for (const [name, who, role] of [
    ['ada', `member:${ada!.id}`, 'harmed'],
    ['ben', `member:${ben!.id}`, 'responsible'],
    ['nan', `network:${nan!.id}`, 'supporter'],
  ] as const) {
    const added = await addParticipant(ctx(), meetingId, { who, role });
    assert.ok(added.ok, `${name} added`);
    participants[name] = added.id;
  }
  return {
    ...w,
    admin,
    meetingId,
    participants,
    adminCtx: () => meetingContext(t, admin, []),
  };
}
