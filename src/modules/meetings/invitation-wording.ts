import type { MeetingKind } from './tables.js';

// What an invitation says a meeting will be like, in plain words, for each kind of meeting. The
// letter, the email and the emails about changes say the same. Meetings have no end time on
// the form, so calendars are given the length said here. A family group conference runs longer
// than a circle: the professionals share what they know, then the family talks on its own and
// makes its plan.

interface Wording {
  hours: number;
  whatHappens: string[];
}

const NOBODY_HAS_TO = 'Nobody has to say anything they do not want to.';

export const invitationWording: Record<MeetingKind, Wording> = {
  circle: {
    hours: 2,
    whatHappens: [
      `Everyone there will have a chance to speak and to be listened to. ${NOBODY_HAS_TO}`,
    ],
  },
  conference: {
    hours: 2,
    whatHappens: [
      'Everyone there will talk about what happened, who has been affected and what needs to happen to put things right.',
      `Everyone will have a chance to speak and to be listened to. ${NOBODY_HAS_TO}`,
    ],
  },
  fgc: {
    hours: 4,
    whatHappens: [
      'First, the professionals who know the family say what they know and what help they can offer.',
      'Then they leave the room. The family, and the people close to it, talk on their own and make their own plan.',
      'Then the professionals come back to hear the plan and say whether they can agree it.',
    ],
  },
};

/** "It may last up to 4 hours." */
export const lastsText = (kind: MeetingKind) =>
  `It may last up to ${invitationWording[kind].hours} hours.`;

/** How long a calendar shows the meeting for. */
export const lengthMs = (kind: MeetingKind) => invitationWording[kind].hours * 60 * 60 * 1000;
