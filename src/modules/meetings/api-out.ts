import { z } from 'zod';
import { iso, isoOrNull } from '../../platform/http/api.js';
import type { ServiceContext } from '../../platform/http/context.js';
import * as guide from './guide.js';
import { needs } from './schemas.js';
import * as service from './service.js';
import type { ParticipantRow } from './store.js';
import { circlePurposes, invitationMethods, meetingKinds, meetingStatuses } from './tables.js';
import { outcomeVersion } from './outcome-version.js';

// What the meetings API answers with. Participants carry their preparation; the meeting carries
// its participants and every answer given in the guide, attributed.

export const summaryOut = z.object({
  id: z.uuid(),
  kind: z.enum(meetingKinds),
  title: z.string(),
  startsAt: z.string(),
  status: z.enum(meetingStatuses),
  purpose: z.enum(circlePurposes).nullable(),
});

export const participantOut = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string(),
  familyMemberId: z.uuid().nullable(),
  networkMemberId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  preparation: z.object({
    contactedOn: z.string().nullable(),
    preparedOn: z.string().nullable(),
    needs: z.array(z.enum(needs)),
    needsNotes: z.string().nullable(),
  }),
});
export const participantJson = (p: ParticipantRow): z.infer<typeof participantOut> => ({
  id: p.id,
  name: p.name,
  role: p.role,
  familyMemberId: p.familyMemberId,
  networkMemberId: p.networkMemberId,
  personId: p.personId,
  preparation: {
    contactedOn: p.contactedOn,
    preparedOn: p.preparedOn,
    needs: needs.filter(
      (n) =>
        ({
          interpreter: p.needsInterpreter,
          access: p.needsAccess,
          childcare: p.needsChildcare,
          safety: p.safetyConcerns,
        })[n],
    ),
    needsNotes: p.needsNotes,
  },
});

export const invitationOut = z.object({
  id: z.uuid(),
  participantId: z.uuid(),
  method: z.enum(invitationMethods),
  email: z.string().nullable(),
  sentAt: z.string(),
});

export const invitationJson = (i: {
  id: string;
  participantId: string;
  method: (typeof invitationMethods)[number];
  email: string | null;
  sentAt: Date;
}): z.infer<typeof invitationOut> => ({
  id: i.id,
  participantId: i.participantId,
  method: i.method,
  email: i.email,
  sentAt: iso(i.sentAt),
});

export const meetingOut = summaryOut.extend({
  familyId: z.uuid(),
  place: z.string().nullable(),
  onlineLink: z.string().nullable(),
  facilitatorId: z.uuid(),
  facilitatorName: z.string(),
  consentToRecord: z.boolean().nullable(),
  consentGivenBy: z.string().nullable(),
  consentRecordedAt: z.string().nullable(),
  talkingPiece: z.string().nullable(),
  outcome: z.string().nullable(),
  outcomeRecordedAt: z.string().nullable(),
  outcomeVersion: z
    .string()
    .meta({ description: 'Send it back with a change to the outcome, to be told of another' }),
  participants: z.array(participantOut),
  invitations: z.array(invitationOut),
  questions: z.array(
    z.object({
      position: z.number(),
      setName: z.string(),
      categoryName: z.string(),
      question: z.string(),
      answers: z.array(z.object({ participantId: z.uuid(), name: z.string(), answer: z.string() })),
    }),
  ),
});

/** The whole meeting: two audited reads (the meeting, and the answers given in its guide). */
export async function meetingJson(
  ctx: ServiceContext,
  id: string,
): Promise<z.infer<typeof meetingOut>> {
  const { meeting, participants, invitations, facilitator } = await service.viewMeeting(ctx, id);
  const questions = await guide.meetingAnswers(ctx, id);
  return {
    id: meeting.id,
    familyId: meeting.familyId,
    kind: meeting.kind,
    title: meeting.title,
    startsAt: iso(meeting.startsAt),
    status: meeting.status,
    purpose: meeting.purpose,
    place: meeting.place,
    onlineLink: meeting.onlineLink,
    facilitatorId: meeting.facilitatorId,
    facilitatorName: facilitator,
    consentToRecord: meeting.consentToRecord,
    consentGivenBy: meeting.consentGivenBy,
    consentRecordedAt: isoOrNull(meeting.consentRecordedAt),
    talkingPiece: meeting.talkingPiece,
    outcome: meeting.outcome,
    outcomeRecordedAt: isoOrNull(meeting.outcomeRecordedAt),
    outcomeVersion: outcomeVersion(meeting),
    participants: participants.map(participantJson),
    invitations: invitations.map(invitationJson),
    questions,
  };
}
