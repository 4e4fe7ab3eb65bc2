import { ukToday } from '../../platform/dates/uk-time.js';
import type { Db } from '../../platform/db/index.js';
import * as store from './conference-store.js';
import type { AgreementItem } from './tables-conference.js';

// A conference is followed up until every agreement item is completed or closed with a reason.
// These rules are shared by the agreement page and the meeting's details page; they import
// nothing from service.ts, which calls them.

export type ItemState = 'completed' | 'closed' | 'overdue' | 'open';

/** Where one item stands on a UK day (YYYY-MM-DD): due before today and still open is overdue. */
export function itemState(
  item: Pick<AgreementItem, 'completedAt' | 'closedAt' | 'dueOn'>,
  today: string,
): ItemState {
  if (item.completedAt) return 'completed';
  if (item.closedAt) return 'closed';
  return item.dueOn < today ? 'overdue' : 'open';
}

export interface FollowUp {
  total: number;
  /** Still to do, the overdue ones included. */
  open: number;
  overdue: number;
  completed: number;
  closed: number;
  /** Every item completed or closed (and there is at least one). */
  finished: boolean;
  /** When the last item was completed or closed, once finished. */
  finishedAt: Date | null;
}

export function followUpOf(
  items: Pick<AgreementItem, 'completedAt' | 'closedAt' | 'dueOn'>[],
  today: string,
): FollowUp {
  const states = items.map((i) => itemState(i, today));
  const count = (...s: ItemState[]) => states.filter((x) => s.includes(x)).length;
  const finished = items.length > 0 && count('open', 'overdue') === 0;
  const ends = items.flatMap((i) => {
    const end = i.completedAt ?? i.closedAt;
    return end ? [end.getTime()] : [];
  });
  return {
    total: items.length,
    open: count('open', 'overdue'),
    overdue: count('overdue'),
    completed: count('completed'),
    closed: count('closed'),
    finished,
    finishedAt: finished ? new Date(Math.max(...ends)) : null,
  };
}

/**
 * A conference's follow-up and its open items (overdue first), for the meeting's details page.
 * The caller has opened the meeting (and so its family) on this transaction.
 */
export async function conferenceFollowUp(
  tx: Db,
  partnershipId: string,
  meetingId: string,
  now: Date,
) {
  const today = ukToday(now);
  const rows = await store.listItems(tx, partnershipId, meetingId);
  const open = rows
    .map((r) => ({ ...r.item, ownerName: r.ownerName, state: itemState(r.item, today) }))
    .filter((i) => i.state === 'open' || i.state === 'overdue')
    .sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue'));
  return {
    ...followUpOf(
      rows.map((r) => r.item),
      today,
    ),
    openItems: open,
  };
}
