import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { askText, invitationAttachment, whenText, whereText } from './invitations.js';
import * as store from './store.js';
import { meetingInvitations, meetingParticipants, meetings, type Meeting } from './tables.js';

// When a planned meeting moves (its time, place, link or title) or is cancelled, the people
// invited to it hear about it. Those invited by email are sent the change with a calendar file
// for the same event (a higher SEQUENCE, so their calendar replaces its copy; METHOD:CANCEL
// takes it out). Those invited by letter can't be told by the app: the page that saved the
// change says how many there are, so the practitioner tells them.

export interface InviteesTold {
  emailed: number;
  byLetter: number;
}

const nobody: InviteesTold = { emailed: 0, byLetter: 0 };

/** What the invitees need to hear about, if anything, when a meeting goes from before to after. */
export function newsFor(before: Meeting, after: Meeting): 'changed' | 'cancelled' | null {
  if (before.status === 'planned' && after.status === 'cancelled') return 'cancelled';
  if (after.status !== 'planned') return null;
  const moved =
    before.status === 'cancelled' ||
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    (before.place ?? null) !== (after.place ?? null) ||
    (before.onlineLink ?? null) !== (after.onlineLink ?? null) ||
    before.title !== after.title;
  return moved ? 'changed' : null;
}

/**
 * How to reach each current participant: by email if they were ever emailed an invitation (the
 * meeting is in their calendar), at the latest address; else by the letter they were given.
 */
async function latestInvitations(tx: Db, meeting: Meeting) {
  return tx
    .selectDistinctOn([meetingInvitations.participantId], {
      id: meetingInvitations.id,
      participantId: meetingInvitations.participantId,
      method: meetingInvitations.method,
      email: meetingInvitations.email,
    })
    .from(meetingInvitations)
    .innerJoin(meetingParticipants, eq(meetingParticipants.id, meetingInvitations.participantId))
    .where(
      and(
        eq(meetingInvitations.partnershipId, meeting.partnershipId),
        eq(meetingInvitations.meetingId, meeting.id),
        isNull(meetingParticipants.retiredAt),
      ),
    )
    .orderBy(
      meetingInvitations.participantId,
      desc(sql`${meetingInvitations.method} = 'email'`),
      desc(meetingInvitations.sentAt),
    );
}

/**
 * Tells the meeting's invitees what changed between before and after, on the caller's
 * transaction (after the change is saved): one email each, audited, for those invited by email.
 */
export async function tellInvitees(
  tx: Db,
  ctx: ServiceContext,
  before: Meeting,
  after: Meeting,
): Promise<InviteesTold> {
  const news = newsFor(before, after);
  if (!news) return nobody;
  const invited = await latestInvitations(tx, after);
  const emailed = invited.filter((i) => i.method === 'email' && i.email);
  const told = { emailed: emailed.length, byLetter: invited.length - emailed.length };
  if (!emailed.length) return told;

  const [raised] = await tx
    .update(meetings)
    .set({ calendarSequence: sql`${meetings.calendarSequence} + 1` })
    .where(eq(meetings.id, after.id))
    .returning({ calendarSequence: meetings.calendarSequence });
  const meeting = { ...after, calendarSequence: raised!.calendarSequence };
  const facilitator = (await store.personName(tx, meeting.partnershipId, meeting.facilitatorId))!;
  const names = new Map(
    (await store.listParticipants(tx, meeting.partnershipId, meeting.id)).map((p) => [
      p.id,
      p.name,
    ]),
  );
  for (const i of emailed) {
    const name = names.get(i.participantId) ?? '';
    await ctx.mail.queue(tx, {
      partnershipId: meeting.partnershipId,
      to: i.email!,
      subject: `${news === 'cancelled' ? 'Cancelled' : 'Changed'}: ${meeting.title}`,
      text: newsText(news, { meeting, before, name, facilitator }),
      attachments: [
        invitationAttachment({
          meeting,
          organiser: { name: facilitator.name, email: facilitator.email },
          attendee: { name, email: i.email! },
          now: ctx.now,
          cancelled: news === 'cancelled',
        }),
      ],
    });
    await audit(tx, ctx, {
      action: news === 'cancelled' ? 'meeting.cancellation_sent' : 'meeting.change_sent',
      recordType: 'meeting_invitation',
      recordId: i.id,
    });
  }
  return told;
}

/** The email's words: what is different, in the same plain terms as the invitation. */
function newsText(
  news: 'changed' | 'cancelled',
  o: {
    meeting: Meeting;
    before: Meeting;
    name: string;
    facilitator: { name: string; email: string };
  },
) {
  const { meeting, before } = o;
  const body =
    news === 'cancelled'
      ? [
          `The meeting you were invited to, ${before.title}, on ${whenText(before.startsAt)}, will not happen now. It has been cancelled.`,
          '',
          'The calendar file with this email takes it out of your calendar.',
          '',
          `If you have questions, please ask ${o.facilitator.name}. ${askText(o.facilitator)}`,
        ]
      : [
          `The meeting you were invited to has changed. This is what it is now:`,
          '',
          `${meeting.title}.`,
          `When: ${whenText(meeting.startsAt)}. It may last up to two hours.`,
          `Where: ${whereText(meeting)}.`,
          '',
          'The calendar file with this email updates the meeting in your calendar.',
          '',
          `If you can no longer come, or need anything to be able to come, please tell ${o.facilitator.name}. ${askText(o.facilitator)}`,
        ];
  return [`Dear ${o.name},`, '', ...body, '', `From ${o.facilitator.name}`].join('\n');
}
