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
  /** Cancels the whole event, or takes this attendee alone off it (it goes ahead without them). */
  cancel?: 'event' | 'attendee';
}

export function calendarInvite(e: CalendarEvent): string {
  const calendar = ical({
    prodId: { company: 'Doing With', product: 'Doing With', language: 'EN' },
    method: e.cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
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
    // An attendee taken off an event that goes ahead is sent no STATUS (RFC 5546, 3.2.5).
    status:
      e.cancel === 'event'
        ? ICalEventStatus.CANCELLED
        : e.cancel === 'attendee'
          ? null
          : ICalEventStatus.CONFIRMED,
    organizer: e.organiser,
    attendees: [
      {
        name: e.attendee.name,
        email: e.attendee.email,
        // A reply is asked for an invitation, not for its cancellation.
        rsvp: !e.cancel,
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
  contentType: `text/calendar; method=${e.cancel ? 'CANCEL' : 'REQUEST'}`,
  content: calendarInvite(e),
});
