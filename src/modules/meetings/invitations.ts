import { invitationWording, lastsText, lengthMs } from './invitation-wording.js';
import { personIdOf } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { calendarAttachment, type CalendarEvent } from '../../platform/mail/ics.js';
import { deniedAsNotFound, HttpError } from '../../platform/http/errors.js';
import type { InvitationInput } from './schemas.js';
import { nameRoles } from './conference-roles.js';
import { kindLabels, openMeeting, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';

// Invitations: by email with an iCalendar file (METHOD:REQUEST, so calendars offer to add it),
// or as a printable letter in plain language. Both are recorded, and both are audited.

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
/** "Tuesday 12 January 2027 at 2:30pm", as a letter or email says it. */
export const whenText = (d: Date) => {
  const p = Object.fromEntries(london.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year} at ${p.hour}:${p.minute}${String(p.dayPeriod ?? '').toLowerCase()}`;
};

export const whereText = (m: Pick<Meeting, 'place' | 'onlineLink'>) =>
  [m.place, m.onlineLink ? `Online: ${m.onlineLink}` : null].filter(Boolean).join('. ');

/** The .ics file for one invitee: the meeting's one event, at its current SEQUENCE. */
export function invitationAttachment(opts: {
  meeting: Meeting;
  organiser: { name: string; email: string };
  attendee: { name: string; email: string };
  now: Date;
  cancel?: CalendarEvent['cancel'];
}) {
  const { meeting } = opts;
  const start = new Date(meeting.startsAt);
  return {
    ...calendarAttachment({
      uid: `${meeting.id}@doing-with`,
      sequence: meeting.calendarSequence,
      start,
      end: new Date(start.getTime() + lengthMs(meeting.kind)),
      stamp: opts.now,
      summary: meeting.title,
      description: `${kindLabels[meeting.kind]}. ${whereText(meeting)}`,
      location: whereText(meeting) || null,
      url: meeting.onlineLink,
      organiser: opts.organiser,
      attendee: opts.attendee,
      cancel: opts.cancel,
    }),
    filename: 'meeting.ics',
  };
}

async function openInvitee(
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  action: string,
) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const opened = await openMeeting(tx, ctx, meetingId, action);
    const participants = await nameRoles(
      tx,
      partnershipId,
      opened.meeting.kind,
      await store.listParticipants(tx, partnershipId, opened.meeting.id),
    );
    const participant = participants.find((p) => p.id === participantId);
    if (!participant)
      throw deniedAsNotFound({ action, recordType: 'meeting_participant', recordId: null });
    const facilitator = await store.personName(tx, partnershipId, opened.meeting.facilitatorId);
    return { ...opened, participant, facilitator: facilitator! };
  });
}

/** The invitation page: who it is for, and the address we know for them, if any. */
export async function invitationFor(ctx: ServiceContext, meetingId: string, participantId: string) {
  const rest = await openInvitee(ctx, meetingId, participantId, 'meeting.invitation_viewed');
  const known = rest.participant.email ?? rest.participant.contact ?? '';
  return { ...rest, knownEmail: /^\S+@\S+\.\S+$/.test(known.trim()) ? known.trim() : '' };
}

/**
 * Why no invitation can go out for this meeting, or null if it can. An invitation tells people
 * when and where to go, and who to ask for help to come: each must be true when it is sent.
 */
export function cannotInvite(
  meeting: Pick<Meeting, 'status' | 'place' | 'onlineLink' | 'startsAt'>,
  facts: { now: Date; facilitatorActive: boolean },
) {
  if (meeting.status === 'cancelled')
    return 'This meeting has been cancelled, so no one is invited to it.';
  if (meeting.status === 'held')
    return 'This meeting has been held, so no one is invited to it now.';
  if (new Date(meeting.startsAt).getTime() < facts.now.getTime())
    return 'This meeting’s date has passed. Change its date before you invite anyone.';
  if (!meeting.place && !meeting.onlineLink)
    return 'Add where the meeting is, a place or an online link, before you invite anyone: the invitation tells people where to go.';
  if (!facts.facilitatorActive)
    return 'The person running this meeting no longer has an account here, and the invitation names them as the person to ask for help. Choose who is running it before you invite anyone.';
  return null;
}

/** Queues the invitation email with its .ics file, and records that it was sent. */
export async function sendInvitation(
  ctx: ServiceContext,
  meetingId: string,
  participantId: string,
  input: InvitationInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const action = input.method === 'email' ? 'meeting.invitation_sent' : 'meeting.letter_printed';
    const { meeting } = await openMeeting(tx, ctx, meetingId, action);
    const facilitator = (await store.personName(tx, partnershipId, meeting.facilitatorId))!;
    const refusal = cannotInvite(meeting, { now: ctx.now, facilitatorActive: facilitator.active });
    if (refusal) throw new HttpError(409, refusal);
    const participants = await store.listParticipants(tx, partnershipId, meeting.id);
    const participant = (await nameRoles(tx, partnershipId, meeting.kind, participants)).find(
      (p) => p.id === participantId,
    );
    if (!participant)
      throw deniedAsNotFound({ action, recordType: 'meeting_participant', recordId: null });
    if (input.method === 'email') {
      const email = input.email!;
      await ctx.mail.queue(tx, {
        partnershipId,
        to: email,
        subject: `You are invited: ${meeting.title}`,
        text: invitationText({
          meeting,
          name: participant.name,
          facilitator,
          role: participant.role,
        }),
        attachments: [
          invitationAttachment({
            meeting,
            organiser: { name: facilitator.name, email: facilitator.email },
            attendee: { name: participant.name, email },
            now: ctx.now,
          }),
        ],
      });
    }
    const id = await store.insertInvitation(tx, {
      partnershipId,
      meetingId: meeting.id,
      participantId: participant.id,
      method: input.method,
      email: input.method === 'email' ? input.email! : null,
      sentBy: personIdOf(ctx.actor),
      sentAt: ctx.now,
    });
    await audit(tx, ctx, { action, recordType: 'meeting_invitation', recordId: id });
    return { ok: true, id };
  });
}

/** How to reach the person running the meeting: the email says it, and so does the letter. */
export const askText = (facilitator: { email: string }) =>
  `You can email them at ${facilitator.email}.`;

/** The email's words: short, plain, and the same facts as the letter. */
export function invitationText(o: {
  meeting: Meeting;
  name: string;
  facilitator: { name: string; email: string };
  role?: string;
}) {
  const { meeting } = o;
  // A conference's roles are the partnership's own words for them; a circle's say little.
  const as = meeting.kind === 'conference' && o.role ? [`You are invited as: ${o.role}.`, ''] : [];
  return [
    `Dear ${o.name},`,
    '',
    `You are invited to a meeting: ${meeting.title}.`,
    '',
    ...as,
    `When: ${whenText(new Date(meeting.startsAt))}. ${lastsText(meeting.kind)}`,
    `Where: ${whereText(meeting)}.`,
    '',
    ...invitationWording[meeting.kind].whatHappens,
    'You can bring someone to support you.',
    '',
    `If you need an interpreter, help to get there, or someone to look after children, please tell ${o.facilitator.name}. They will be running the meeting. ${askText(o.facilitator)}`,
    '',
    'The calendar file with this email adds the meeting to your calendar.',
    '',
    `From ${o.facilitator.name}`,
  ].join('\n');
}
