import { lastsText } from './invitation-wording.js';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { askText, invitationAttachment, whenText, whereText } from './invitations.js';
import * as store from './store.js';
import { meetingInvitations, meetingParticipants, meetings, type Meeting } from './tables.js';

// When a planned meeting moves (its time, place, link, title or who runs it), is cancelled, or
// goes ahead after all, the people invited to it hear about it. Those invited by email are
// sent the news with a calendar file for the same event (a higher SEQUENCE, so their calendar
// replaces its copy; METHOD:CANCEL takes it out). Those invited by letter can't be told by the
// app: the page that saved the change says how many there are, so the practitioner tells them.
// A meeting whose day had passed and still has is history being put right: no one is told.

export type News = 'changed' | 'back-on' | 'cancelled';

export interface InviteesTold {
  news?: News;
  emailed: number;
  byLetter: number;
}

const nobody: InviteesTold = { emailed: 0, byLetter: 0 };

/** What the invitees need to hear, if anything, when a meeting goes from before to after. */
export function newsFor(before: Meeting, after: Meeting, now: Date): News | null {
  const past = (m: Meeting) => m.startsAt.getTime() <= now.getTime();
  if (before.status === 'planned' && after.status === 'cancelled')
    return past(before) ? null : 'cancelled';
  if (after.status !== 'planned') return null;
  if (before.status === 'cancelled') return past(after) ? null : 'back-on';
  // Moved from a day to come to one passed, their calendars still hold the day to come.
  if (past(before) && past(after)) return null;
  return moved(before, after).length ? 'changed' : null;
}

/** What about the meeting changed that its invitees go by. */
const moved = (before: Meeting, after: Meeting) =>
  [
    before.startsAt.getTime() !== after.startsAt.getTime() && 'when',
    (before.place ?? null) !== (after.place ?? null) && 'where',
    (before.onlineLink ?? null) !== (after.onlineLink ?? null) && 'where',
    before.title !== after.title && 'title',
    before.facilitatorId !== after.facilitatorId && 'who',
  ].filter((x): x is string => Boolean(x));

/** Invited by email, to an address: the meeting is in their calendar. */
const byEmail = (i: { method: string; email: string | null }) => i.method === 'email' && !!i.email;

/**
 * How to reach each current participant (or `only` the one given): by email if they were ever
 * emailed an invitation (the meeting is in their calendar), at the latest address; else by the
 * letter they were given.
 */
async function latestInvitations(tx: Db, meeting: Meeting, only?: string) {
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
        // One participant, current or just taken off; else everyone still taking part.
        only ? eq(meetingInvitations.participantId, only) : isNull(meetingParticipants.retiredAt),
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
  const news = newsFor(before, after, ctx.now);
  if (!news) return nobody;
  const invited = await latestInvitations(tx, after);
  const emailed = invited.filter(byEmail);
  const told = { news, emailed: emailed.length, byLetter: invited.length - emailed.length };
  if (!emailed.length) return told;

  const { meeting, facilitator, ask, organiser } = await newVersion(tx, ctx, after);
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
      subject:
        news === 'cancelled'
          ? `Cancelled: ${before.title}`
          : `${news === 'back-on' ? 'Going ahead' : 'Changed'}: ${meeting.title}`,
      text: newsText(news, { meeting, before, name, facilitator, ask }),
      attachments: [
        invitationAttachment({
          meeting,
          organiser,
          attendee: { name, email: i.email! },
          now: ctx.now,
          cancel: news === 'cancelled' ? 'event' : undefined,
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

type Contact = { name: string; email: string };

/**
 * The meeting as its next calendar update: a higher SEQUENCE (so a calendar replaces its copy),
 * the person running it, and who the email tells people to ask.
 */
async function newVersion(tx: Db, ctx: ServiceContext, after: Meeting) {
  const [raised] = await tx
    .update(meetings)
    .set({ calendarSequence: sql`${meetings.calendarSequence} + 1` })
    .where(and(eq(meetings.partnershipId, after.partnershipId), eq(meetings.id, after.id)))
    .returning({ calendarSequence: meetings.calendarSequence });
  const meeting = { ...after, calendarSequence: raised!.calendarSequence };
  const facilitator = (await store.personName(tx, meeting.partnershipId, meeting.facilitatorId))!;
  const ask = await whoToAsk(tx, ctx, meeting.partnershipId, facilitator);
  const organiser = ask ?? { name: facilitator.name, email: facilitator.email };
  return { meeting, facilitator, ask, organiser };
}

/** Their latest invitation to a planned meeting still to come, if any: how to reach them. */
async function invitationToCome(
  tx: Db,
  ctx: ServiceContext,
  meeting: Meeting,
  participantId: string,
) {
  if (meeting.status !== 'planned' || meeting.startsAt.getTime() <= ctx.now.getTime()) return null;
  const [latest] = await latestInvitations(tx, meeting, participantId);
  return latest ?? null;
}

/** How someone about to be taken off a meeting was invited, for the page that asks to confirm. */
export async function howInvited(
  tx: Db,
  ctx: ServiceContext,
  meeting: Meeting,
  participantId: string,
): Promise<'email' | 'letter' | null> {
  const invitation = await invitationToCome(tx, ctx, meeting, participantId);
  return invitation && (byEmail(invitation) ? 'email' : 'letter');
}

/** What the page says after a removal: emailed, or theirs to tell (by letter, or not emailed). */
export type RemovalTold = 'emailed' | 'letter' | 'unsent';

/**
 * Tells someone taken off a planned meeting still to come, if they were invited by email and
 * `email` is chosen, that they no longer need to come, with a calendar file that takes it out of
 * their calendar (a CANCEL sent to that attendee alone). Audited. The practitioner may choose
 * to tell them in person instead (safety concerns may make an email unwise); someone invited by
 * letter can't be told by the app. On the caller's transaction, after the removal.
 */
export async function tellRemoved(
  tx: Db,
  ctx: ServiceContext,
  before: Meeting,
  participant: { id: string; name: string },
  email: boolean,
): Promise<RemovalTold | null> {
  const invitation = await invitationToCome(tx, ctx, before, participant.id);
  if (!invitation) return null;
  if (!byEmail(invitation)) return 'letter';
  if (!email) return 'unsent';
  const { meeting, ask, organiser } = await newVersion(tx, ctx, before);
  const asking = ask
    ? [
        '',
        `If you have any questions, or think this is a mistake, please contact ${ask.name}. ${askText(ask)}`,
      ]
    : [];
  await ctx.mail.queue(tx, {
    partnershipId: meeting.partnershipId,
    to: invitation.email!,
    subject: `You don’t need to come: ${meeting.title}`,
    text: [
      `Dear ${participant.name},`,
      '',
      `You don’t need to come to ${meeting.title} on ${whenText(meeting.startsAt)} any more.`,
      '',
      'The calendar file with this email takes it out of your calendar.',
      ...asking,
      '',
      `From ${organiser.name}`,
    ].join('\n'),
    attachments: [
      invitationAttachment({
        meeting,
        organiser,
        attendee: { name: participant.name, email: invitation.email! },
        now: ctx.now,
        cancel: 'attendee',
      }),
    ],
  });
  await audit(tx, ctx, {
    action: 'meeting.removal_sent',
    recordType: 'meeting_invitation',
    recordId: invitation.id,
  });
  return 'emailed';
}

/**
 * Who the email tells people to ask: the person running the meeting, or if their account has
 * been closed, the person making the change (not a service account); else no one by name.
 */
async function whoToAsk(
  tx: Db,
  ctx: ServiceContext,
  partnershipId: string,
  facilitator: Contact & { active: boolean },
): Promise<Contact | null> {
  if (facilitator.active) return { name: facilitator.name, email: facilitator.email };
  const actorId = ctx.actor.kind === 'person' ? ctx.actor.id : null;
  const actor = actorId ? await store.personName(tx, partnershipId, actorId) : undefined;
  return actor?.active ? { name: actor.name, email: actor.email } : null;
}

/** The email's words: what is different, in the same plain terms as the invitation. */
function newsText(
  news: News,
  o: { meeting: Meeting; before: Meeting; name: string; facilitator: Contact; ask: Contact | null },
) {
  const { meeting, before, ask } = o;
  const asking = (what: string) =>
    ask ? [`${what}, please tell ${ask.name}. ${askText(ask)}`] : [];
  const now = [
    `${meeting.title}.`,
    `When: ${whenText(meeting.startsAt)}. ${lastsText(meeting.kind)}`,
    `Where: ${whereText(meeting)}.`,
  ];
  const changes = moved(before, meeting);
  const body =
    news === 'cancelled'
      ? [
          `The meeting you were invited to, ${before.title}, on ${whenText(before.startsAt)}, has been cancelled.`,
          '',
          'The calendar file with this email takes it out of your calendar.',
          '',
          ...asking('If you have questions'),
        ]
      : [
          news === 'back-on'
            ? 'The meeting you were invited to was cancelled, but it is going ahead after all.'
            : 'The meeting you were invited to has changed.',
          ...(changes.includes('when') ? [`It was on ${whenText(before.startsAt)}.`] : []),
          ...(changes.includes('where')
            ? [`It was at: ${whereText(before) || 'no place given'}.`]
            : []),
          ...(changes.includes('who') ? [`${o.facilitator.name} is running it now.`] : []),
          '',
          'This is the meeting now:',
          '',
          ...now,
          '',
          'The calendar file with this email updates the meeting in your calendar.',
          '',
          ...asking('If you can no longer come, or need anything to be able to come'),
        ];
  return [`Dear ${o.name},`, '', ...body, '', `From ${ask?.name ?? o.facilitator.name}`].join('\n');
}
