import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

// One event as an iCalendar file that calendar programs accept: METHOD:REQUEST adds or updates
// it (same UID, higher SEQUENCE replaces the earlier copy), METHOD:CANCEL removes it: the whole
// event when cancelled, or, sent to one attendee without a STATUS, the attendee taken off it
// (RFC 5546, 3.2.5).

export interface CalendarEvent {
  /** Stable for the life of the event, so updates replace rather than duplicate it. */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  organiser: { name: string; email: string };
  attendee: { name: string; email: string };
  /** The whole event is cancelled. */
  cancelled?: boolean;
  /** This attendee alone is taken off the event, which goes ahead without them. */
  uninvited?: boolean;
}

const cancels = (e: CalendarEvent) => Boolean(e.cancelled || e.uninvited);

export function calendarInvite(e: CalendarEvent): string {
  const calendar = ical({
    prodId: { company: 'Doing With', product: 'Doing With', language: 'EN' },
    method: cancels(e) ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: e.uid,
    sequence: e.sequence,
    start: e.start,
    end: e.end,
    stamp: e.stamp,
    summary: e.summary,
    description: e.description ?? null,
    location: e.location ?? null,
    url: e.url ?? null,
    status: e.cancelled
      ? ICalEventStatus.CANCELLED
      : e.uninvited
        ? null
        : ICalEventStatus.CONFIRMED,
    organizer: e.organiser,
    attendees: [
      {
        name: e.attendee.name,
        email: e.attendee.email,
        // A reply is asked for an invitation, not for its cancellation.
        rsvp: !cancels(e),
        role: ICalAttendeeRole.REQ,
      },
    ],
  });
  // RFC 5545 ends every content line, the last one too, with CRLF; the library leaves it off.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** The attachment to give ctx.mail.queue. */
export const calendarAttachment = (e: CalendarEvent) => ({
  filename: 'invite.ics',
  contentType: `text/calendar; method=${cancels(e) ? 'CANCEL' : 'REQUEST'}`,
  content: calendarInvite(e),
});
