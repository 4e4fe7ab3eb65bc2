import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { familyVisibleTo } from '../families/policy.js';
import { families, familyMembers, networkMembers } from '../families/tables.js';
import { conferenceAgreementItems as items } from './tables-conference.js';
import { meetings } from './tables.js';
import { anyOf } from '../../platform/db/any-of.js';

// The queries on a conference's agreement items. Each filters on the partnership; whether the
// actor may see the conference's family is checked first by the service (openMeeting), except
// for the caseload's overdue list, which filters on familyVisibleTo itself.

const completer = alias(people, 'completer');
const closer = alias(people, 'closer');
const owner = alias(people, 'owner_person');

const isOpen = and(isNull(items.completedAt), isNull(items.closedAt));

/** A conference's items, soonest due first, with the names of their owner and who ended them. */
export function listItems(db: Db, partnershipId: string, meetingId: string) {
  return db
    .select({
      item: items,
      ownerName: sql<
        string | null
      >`coalesce(${familyMembers.name}, ${networkMembers.name}, ${owner.name})`,
      completedByName: completer.name,
      closedByName: closer.name,
    })
    .from(items)
    .leftJoin(
      familyMembers,
      and(eq(items.ownerKind, 'family'), eq(familyMembers.id, items.ownerId)),
    )
    .leftJoin(
      networkMembers,
      and(eq(items.ownerKind, 'network'), eq(networkMembers.id, items.ownerId)),
    )
    .leftJoin(owner, and(eq(items.ownerKind, 'professional'), eq(owner.id, items.ownerId)))
    .leftJoin(completer, eq(completer.id, items.completedBy))
    .leftJoin(closer, eq(closer.id, items.closedBy))
    .where(and(eq(items.partnershipId, partnershipId), eq(items.meetingId, meetingId)))
    .orderBy(asc(items.dueOn), asc(items.createdAt), asc(items.id));
}
export type ItemRow = Awaited<ReturnType<typeof listItems>>[number];

export async function insertItem(db: Db, values: typeof items.$inferInsert) {
  const [row] = await db.insert(items).values(values).returning({ id: items.id });
  return row!.id;
}

/**
 * Changes an item only while it is open: a completed or closed item is the record of what
 * happened. Returns false when there was no open item to change (another user ended it first).
 */
/** New values for an agreement item. */
export type ItemPatch = Partial<typeof items.$inferInsert>;

export async function updateOpenItem(
  db: Db,
  partnershipId: string,
  meetingId: string,
  itemId: string,
  patch: ItemPatch,
) {
  const rows = await db
    .update(items)
    .set(patch)
    .where(
      and(
        eq(items.partnershipId, partnershipId),
        eq(items.meetingId, meetingId),
        eq(items.id, itemId),
        isOpen,
      ),
    )
    .returning({ id: items.id });
  return rows.length > 0;
}

/**
 * Open items due before `today` on conferences of the given families, for the caseload and the
 * team view: only families the actor may see (familyVisibleTo), oldest first.
 */
export function overdueItems(db: Db, actor: Actor, familyIds: string[], today: string) {
  return db
    .select({
      familyId: meetings.familyId,
      meetingId: meetings.id,
      id: items.id,
      dueOn: items.dueOn,
    })
    .from(items)
    .innerJoin(meetings, eq(meetings.id, items.meetingId))
    .innerJoin(families, eq(families.id, meetings.familyId))
    .where(
      and(
        eq(items.partnershipId, actor.partnershipId!),
        // The families' meetings first, then their items: left to itself the planner read every
        // overdue item of the partnership (2,906 in the bench city, 4 ms) for a page's 25 families.
        sql`${items.meetingId} = any(array(select ${meetings.id} from ${meetings} where ${and(
          eq(meetings.partnershipId, actor.partnershipId!),
          anyOf(meetings.familyId, familyIds),
        )}))`,
        familyVisibleTo(actor),
        isOpen,
        lt(items.dueOn, today),
      ),
    )
    .orderBy(asc(items.dueOn));
}
