import type { Db } from '../../platform/db/index.js';
import { families, familyMembers, familyWorkers, networkMembers } from '../families/tables.js';
import { addDays, fromLondon, toLondon, ukToday } from '../../platform/dates/uk-time.js';
import { daysFrom, demoPerson } from './seed-support.js';
import { conferenceAgreementItems, type ConferenceRole } from './tables-conference.js';
import { meetingParticipants, meetings } from './tables.js';

// The demo partnership's restorative conference, held a fortnight ago and being followed up:
// Jamie, who broke the community garden's shed windows, met Arun, who runs the garden, with
// their supporters. Participants hold the role keys, so an admin who renames the roles (Admin,
// Conference roles) sees the new names here at once. Of the three things agreed, the apology is
// done, the repair is still open and the practitioner's action is overdue, so a new user sees
// every state of the follow-up.

export async function seedConference(
  tx: Db,
  partnershipId: string,
  emails: { practitioner: string; facilitator: string },
  now: Date,
) {
  const practitioner = await demoPerson(tx, partnershipId, emails.practitioner);
  const facilitator = await demoPerson(tx, partnershipId, emails.facilitator);
  const today = ukToday(now);
  const at = (days: number) => daysFrom(now, days);

  const [family] = await tx
    .insert(families)
    .values({ partnershipId, name: 'The Hughes family', createdBy: practitioner.id })
    .returning();
  const familyId = family!.id;
  await tx
    .insert(familyWorkers)
    .values([
      { partnershipId, familyId, personId: practitioner.id },
      ...(practitioner.teamId ? [{ partnershipId, familyId, teamId: practitioner.teamId }] : []),
    ]);
  const [dana, jamie] = await tx
    .insert(familyMembers)
    .values([
      { partnershipId, familyId, name: 'Dana Hughes', relationship: 'mum' },
      { partnershipId, familyId, name: 'Jamie Hughes', relationship: 'son, 14' },
    ])
    .returning();
  const [arun, sandra] = await tx
    .insert(networkMembers)
    .values([
      {
        partnershipId,
        familyId,
        name: 'Arun Patel',
        kind: 'community' as const,
        relationship: 'runs the community garden',
        supportOffered: 'Jamie can help at the garden on Saturday mornings',
        strength: 'stressful' as const,
      },
      {
        partnershipId,
        familyId,
        name: 'Sandra Hughes',
        kind: 'relative' as const,
        relationship: 'aunt',
        supportOffered: 'Has Jamie after school on Wednesdays',
        strength: 'strong' as const,
      },
    ])
    .returning();

  // Held a fortnight ago, at four in the afternoon, UK time.
  const day = toLondon(at(-14));
  const [meeting] = await tx
    .insert(meetings)
    .values({
      partnershipId,
      familyId,
      kind: 'conference',
      title: 'Restorative conference: the community garden',
      startsAt: fromLondon({ ...day, hour: 16, minute: 0 }),
      place: 'Northfield Community Garden, the meeting room',
      facilitatorId: facilitator.id,
      status: 'held',
      consentToRecord: true,
      consentGivenBy: 'everyone taking part',
      consentRecordedAt: at(-14),
      outcome:
        'Jamie will say sorry to Arun in a letter, help to repaint the shed, and go to the youth club on Thursdays.',
      outcomeRecordedBy: facilitator.id,
      outcomeRecordedAt: at(-14),
      createdBy: practitioner.id,
      createdAt: at(-30),
      updatedAt: at(-14),
    })
    .returning();
  const meetingId = meeting!.id;
  const taking: { role: ConferenceRole; who: Record<string, string> }[] = [
    { role: 'responsible', who: { familyMemberId: jamie!.id } },
    { role: 'harmed', who: { networkMemberId: arun!.id } },
    { role: 'supporter', who: { familyMemberId: dana!.id } },
    { role: 'supporter', who: { networkMemberId: sandra!.id } },
  ];
  await tx.insert(meetingParticipants).values(
    taking.map((p) => ({
      partnershipId,
      meetingId,
      ...p.who,
      role: p.role,
      contactedOn: addDays(today, -28),
      preparedOn: addDays(today, -21),
      createdAt: at(-28),
    })),
  );

  const item = {
    partnershipId,
    meetingId,
    createdBy: facilitator.id,
    createdAt: at(-14),
    updatedAt: at(-14),
  };
  await tx.insert(conferenceAgreementItems).values([
    {
      ...item,
      kind: 'apology' as const,
      what: 'Jamie writes to Arun to say sorry, in his own words.',
      ownerKind: 'family' as const,
      ownerId: jamie!.id,
      dueOn: addDays(today, -7),
      completedOn: addDays(today, -9),
      completedNote: 'Jamie gave Arun the letter at the garden gate. Arun said he would keep it.',
      completedBy: practitioner.id,
      completedAt: at(-8),
      updatedAt: at(-8),
    },
    {
      ...item,
      kind: 'repair' as const,
      what: 'Jamie helps Arun to repaint the shed on Saturday mornings.',
      ownerKind: 'family' as const,
      ownerId: jamie!.id,
      dueOn: addDays(today, 14),
    },
    {
      ...item,
      kind: 'action' as const,
      what: 'Find Jamie a place at the Thursday youth club.',
      ownerKind: 'professional' as const,
      ownerId: practitioner.id,
      dueOn: addDays(today, -3),
    },
  ]);
}
