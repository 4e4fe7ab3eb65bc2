import type { Db } from '../../platform/db/index.js';
import { families, familyMembers, familyWorkers, networkMembers } from '../families/tables.js';
import { addDays, fromLondon, toLondon, ukToday } from '../../platform/dates/uk-time.js';
import { daysFrom, demoPerson } from './seed-support.js';
import { meetingParticipants, meetings } from './tables.js';
import { fgcConferences } from './tables-fgc.js';

// The demo partnership's family group conference, part-way through: referred, agreed by the
// family, an independent coordinator (from the charity, not working with the family) who has
// met everyone, and the conference itself in three days, so a new user sees what comes next.

export async function seedFgc(
  tx: Db,
  partnershipId: string,
  emails: { practitioner: string; coordinator: string },
  now: Date,
) {
  const practitioner = await demoPerson(tx, partnershipId, emails.practitioner);
  const coordinator = await demoPerson(tx, partnershipId, emails.coordinator);
  const today = ukToday(now);
  const at = (days: number) => daysFrom(now, days);

  const [family] = await tx
    .insert(families)
    .values({ partnershipId, name: 'The Okafor family', createdBy: practitioner.id })
    .returning();
  await tx
    .insert(familyWorkers)
    .values([
      { partnershipId, familyId: family!.id, personId: practitioner.id },
      ...(practitioner.teamId
        ? [{ partnershipId, familyId: family!.id, teamId: practitioner.teamId }]
        : []),
    ]);
  const members = await tx
    .insert(familyMembers)
    .values([
      { partnershipId, familyId: family!.id, name: 'Grace Okafor', relationship: 'mum' },
      { partnershipId, familyId: family!.id, name: 'Tobi Okafor', relationship: 'son, 13' },
    ])
    .returning();
  const [nan] = await tx
    .insert(networkMembers)
    .values({
      partnershipId,
      familyId: family!.id,
      name: 'Esther Okafor',
      kind: 'relative',
      relationship: 'grandmother',
      supportOffered: 'Lives nearby; can have Tobi after school',
      strength: 'strong',
    })
    .returning();

  // The conference: in three days, at ten in the morning, UK time.
  const day = toLondon(at(3));
  const [meeting] = await tx
    .insert(meetings)
    .values({
      partnershipId,
      familyId: family!.id,
      kind: 'fgc',
      title: 'Okafor family group conference',
      startsAt: fromLondon({ ...day, hour: 10, minute: 0 }),
      place: 'Northfield Family Centre, Room 1',
      facilitatorId: coordinator.id,
      createdBy: practitioner.id,
      createdAt: at(-12),
      updatedAt: at(-1),
    })
    .returning();
  const invited = [
    { familyMemberId: members[0]!.id, role: 'family member' },
    { familyMemberId: members[1]!.id, role: 'family member' },
    { networkMemberId: nan!.id, role: 'network member' },
    { personId: practitioner.id, role: 'professional' },
  ];
  await tx.insert(meetingParticipants).values(
    invited.map((p, i) => ({
      partnershipId,
      meetingId: meeting!.id,
      ...p,
      contactedOn: addDays(today, -7),
      preparedOn: addDays(today, -5 + i),
      needsNotes: i === 1 ? 'Tobi would like to bring his football coach' : null,
      createdAt: at(-7),
    })),
  );
  await tx.insert(fgcConferences).values({
    partnershipId,
    meetingId: meeting!.id,
    stage: 'information',
    referrerPersonId: practitioner.id,
    referralReason:
      'Tobi has been missing school and staying out late. Grace wants her family to help make a plan.',
    referredOn: addDays(today, -12),
    referralRecordedBy: practitioner.id,
    referralRecordedAt: at(-12),
    consent: 'given',
    consentOn: addDays(today, -9),
    consentRecordedBy: practitioner.id,
    consentRecordedAt: at(-9),
    coordinatorId: coordinator.id,
    coordinatorAssignedBy: practitioner.id,
    coordinatorAssignedAt: at(-7),
    preparationDoneBy: coordinator.id,
    preparationDoneAt: at(-1),
    createdAt: at(-12),
    updatedAt: at(-1),
  });
  // The coordinator works with the family for the conference, independently of its case.
  await tx.insert(familyWorkers).values({
    partnershipId,
    familyId: family!.id,
    personId: coordinator.id,
    role: 'coordinator',
    startedAt: at(-7),
  });
}
