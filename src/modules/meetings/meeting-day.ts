import { ukToday } from '../../platform/dates/uk-time.js';
import type { Meeting } from './tables.js';

/**
 * Whether a meeting's day is still to come. What happens at a meeting (its outcome, a
 * conference's private family time) cannot be recorded before that day: it would mark the
 * meeting held before it was.
 */
export const beforeTheDay = (meeting: Pick<Meeting, 'startsAt'>, now: Date) =>
  ukToday(now) < ukToday(meeting.startsAt);
