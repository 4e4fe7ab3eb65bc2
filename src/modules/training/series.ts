import type { Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { ukDate } from '../../platform/views/env.js';
import { FormProblem } from './problems.js';
import { describeRule, occurrences, type Occurrence } from './series-rule.js';
import type { SeriesInput } from './series-schemas.js';
import { checkTrainers, insertSession } from './sessions.js';
import * as store from './store.js';
import { formatTime } from '../../platform/dates/uk-time.js';

// A repeating series: the trainer gives a rule ("the second Tuesday of every month"), checks
// the dates it makes, then all of them are scheduled in one transaction. Each is then an
// ordinary session, changed or cancelled on its own; nothing ties them together afterwards.

export interface SeriesPlan {
  description: string;
  sessions: Occurrence[];
}

/**
 * The sessions a rule makes, refused (as a problem with the form) if any would start in the
 * past or at a time the clocks skip.
 */
export function planSeries(ctx: ServiceContext, input: SeriesInput): SeriesPlan {
  const sessions = occurrences(input.rule, input.start, input.end);
  const first = sessions[0]!;
  if (first.startsAt <= ctx.now) {
    throw new FormProblem({
      from: `The first session would be on ${ukDate(first.startsAt)}, which has passed. Choose a later month to start from.`,
    });
  }
  const skipped = sessions.find((s) => !s.timeExists);
  if (skipped) {
    throw new FormProblem({
      startTime: `The clocks go forward on ${ukDate(skipped.startsAt)}, so ${formatTime(input.start)} to ${formatTime(input.end)} does not exist on that day. Choose another time.`,
    });
  }
  return { description: describeRule(input.rule, input.start, input.end), sessions };
}

/** Schedules every session of the series together: all of them, or none. Returns their ids. */
export async function scheduleSeries(
  ctx: ServiceContext,
  courseId: string,
  input: SeriesInput,
): Promise<string[]> {
  const { partnershipId } = ctx.actor as Member;
  const plan = planSeries(ctx, input);
  return ctx.db.transaction(async (tx) => {
    const course = await store.findCourse(tx, partnershipId, courseId);
    if (!course || course.retiredAt) throw notFound();
    await checkTrainers(tx, partnershipId, input.trainerIds);
    const ids: string[] = [];
    for (const s of plan.sessions) {
      ids.push(
        await insertSession(tx, ctx, courseId, {
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          places: input.places,
          delivery: input.delivery,
          joiningLink: input.joiningLink,
          venue: input.venue,
          trainerIds: input.trainerIds,
        }),
      );
    }
    await audit(tx, ctx, {
      action: 'training-session.series-scheduled',
      recordType: 'training-course',
      recordId: courseId,
    });
    return ids;
  });
}
