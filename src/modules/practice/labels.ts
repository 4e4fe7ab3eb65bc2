import { kindLabels } from '../meetings/service.js';
import { meetingKinds } from '../meetings/tables.js';
import { practiceKindLabels } from './schemas.js';
import { practiceContexts, practiceKinds } from './tables.js';

// What the pages call things, in one place.

const contextLabels: Record<(typeof practiceContexts)[number], string> = {
  'home visit': 'Home visit',
  school: 'School',
  'office or centre': 'Office or centre',
  'phone or video call': 'Phone or video call',
  'team or supervision': 'Team meeting or supervision',
  other: 'Somewhere else',
};

const kindHints: Record<(typeof practiceKinds)[number], string> = {
  statement: 'Saying how something made you feel, like “I was pleased when…”',
  question: 'Asking how someone was affected, like “How did that make you feel?”',
  conversation: 'A short restorative talk about something that happened',
};

export const choices = {
  kindLabels: practiceKindLabels,
  contextLabels,
  kindItems: practiceKinds.map((k) => ({
    value: k,
    text: practiceKindLabels[k],
    hint: kindHints[k],
  })),
  contextItems: practiceContexts.map((c) => ({ value: c, text: contextLabels[c] })),
  meetingKindItems: meetingKinds.map((k) => ({ value: k, text: kindLabels[k] })),
};
