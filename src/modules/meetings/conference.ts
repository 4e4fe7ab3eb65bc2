import { ukToday } from '../../platform/dates/uk-time.js';
import { Refusal, refusable } from '../../platform/http/forms.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, HttpError, notFound } from '../../platform/http/errors.js';

import { allocatedPeople } from '../families/workers.js';
import { followUpOf, itemState } from './conference-follow-up.js';
import { nameRoles } from './conference-roles.js';
import {
  dueProblem,
  type AgreementItemInput,
  type ClosingInput,
  type CompletionInput,
} from './conference-schemas.js';
import * as conferenceStore from './conference-store.js';
import { kindLabels, openMeeting, partnershipOf, type Saved } from './service.js';
import * as store from './store.js';
import type { Meeting } from './tables.js';
import { isUuid } from '../../platform/http/ids.js';

// A restorative conference's agreement: apologies, repairs and actions, each owned by someone,
// due by a date, and followed up until it is completed or closed with a reason. Reached, like
// every meeting, through its family (openMeeting -> openFamilyOfMeeting, which also lets in the
// conference's facilitator): refused is a 404, audited.

/** Who did it, for columns that point at people: none for an API service account. */
const personOf = (ctx: ServiceContext) => (ctx.actor.kind === 'person' ? ctx.actor.id : null);

/** Opens a meeting that must be a conference: any other kind has no agreement items (404). */
async function openConference(tx: Db, ctx: ServiceContext, meetingId: string, action: string) {
  const opened = await openMeeting(tx, ctx, meetingId, action);
  if (opened.meeting.kind !== 'conference') throw notFound();
  return opened;
}

export interface Owner {
  /** "family:<id>", "network:<id>" or "professional:<id>": one value for the form's select. */
  key: string;
  name: string;
  detail: string;
}

/**
 * Who may own an item: the people taking part first (with their role, as the partnership names
 * it), then the family's other members and network, then the facilitator, the family's
 * allocated practitioners and whoever is recording.
 */
async function ownersOf(tx: Db, ctx: ServiceContext, meeting: Meeting): Promise<Owner[]> {
  const partnershipId = partnershipOf(ctx);
  const participants = await store
    .listParticipants(tx, partnershipId, meeting.id)
    .then((p) => nameRoles(tx, partnershipId, meeting.kind, p));
  const fam = await store.familyPeople(tx, partnershipId, meeting.familyId);
  const allocated = await allocatedPeople(tx, ctx, meeting.familyId);
  const owners = new Map<string, Owner>();
  const add = (key: string, name: string, detail: string) => {
    if (!owners.has(key)) owners.set(key, { key, name, detail });
  };
  for (const p of participants) {
    const key = p.familyMemberId
      ? `family:${p.familyMemberId}`
      : p.networkMemberId
        ? `network:${p.networkMemberId}`
        : `professional:${p.personId}`;
    add(key, p.name, `taking part: ${p.role}`);
  }
  for (const m of fam.members) add(`family:${m.id}`, m.name, `family: ${m.relationship}`);
  for (const m of fam.network) add(`network:${m.id}`, m.name, `network: ${m.relationship}`);
  const facilitator = await store.personName(tx, partnershipId, meeting.facilitatorId);
  if (facilitator) add(`professional:${meeting.facilitatorId}`, facilitator.name, 'facilitator');
  for (const p of allocated) add(`professional:${p.id}`, p.name, 'professional');
  const me = personOf(ctx);
  if (me) add(`professional:${me}`, ctx.actor.name, 'professional');
  return [...owners.values()];
}

const ownerParts = (key: string) => {
  const [kind, id] = key.split(':') as ['family' | 'network' | 'professional', string];
  return { ownerKind: kind, ownerId: id };
};

/** The conference's day in the UK: nothing is due, or done, before it. */
export const conferenceDay = (meeting: Pick<Meeting, 'startsAt'>) =>
  ukToday(new Date(meeting.startsAt));

function checkDue(meeting: Meeting, dueOn: string) {
  const early = dueProblem(dueOn, conferenceDay(meeting));
  if (early) throw new Refusal({ due: early });
}

/** The agreement page: every item with where it stands, the follow-up, and the add form's choices. */
export async function viewAgreement(ctx: ServiceContext, meetingId: string) {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const { meeting, family } = await openConference(
      tx,
      ctx,
      meetingId,
      'conference.agreement_viewed',
    );
    const today = ukToday(ctx.now);
    const rows = await conferenceStore.listItems(tx, partnershipId, meeting.id);
    const owners = await ownersOf(tx, ctx, meeting);
    return {
      meeting,
      family,
      kindLabel: kindLabels[meeting.kind],
      owners,
      items: rows.map((r) => ({
        ...r.item,
        ownerName: r.ownerName ?? 'Someone no longer listed',
        completedByName: r.completedByName,
        closedByName: r.closedByName,
        state: itemState(r.item, today),
      })),
      followUp: followUpOf(
        rows.map((r) => r.item),
        today,
      ),
    };
  });
}

export async function addItem(
  ctx: ServiceContext,
  meetingId: string,
  input: AgreementItemInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const { meeting } = await openConference(tx, ctx, meetingId, 'conference.item_added');
      if (meeting.status === 'cancelled')
        throw new HttpError(400, 'This conference was cancelled: nothing can be agreed at it');
      const owners = await ownersOf(tx, ctx, meeting);
      if (!owners.some((o) => o.key === input.owner))
        throw new Refusal({ owner: 'Choose who will do it from the list' });
      checkDue(meeting, input.dueOn);
      const id = await conferenceStore.insertItem(tx, {
        partnershipId,
        meetingId: meeting.id,
        kind: input.kind,
        what: input.what,
        ...ownerParts(input.owner),
        dueOn: input.dueOn,
        createdBy: personOf(ctx),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      await audit(tx, ctx, {
        action: 'conference.item_added',
        recordType: 'conference_agreement_item',
        recordId: id,
      });
      return { ok: true, id };
    }),
  );
}

/** Opens one item of an opened conference; another conference's item, or none, is a 404. */
async function openItem(
  tx: Db,
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  action: string,
) {
  const opened = await openConference(tx, ctx, meetingId, action);
  const rows = isUuid(itemId)
    ? await conferenceStore.listItems(tx, partnershipOf(ctx), opened.meeting.id)
    : [];
  const row = rows.find((r) => r.item.id === itemId);
  if (!row)
    throw deniedAsNotFound({
      action,
      recordType: 'conference_agreement_item',
      recordId: isUuid(itemId) ? itemId : null,
    });
  const item = {
    ...row.item,
    ownerName: row.ownerName ?? 'Someone no longer listed',
    state: itemState(row.item, ukToday(ctx.now)),
  };
  return { ...opened, item };
}

/** One item, for its change, complete and close pages; with the owners to choose from. */
export async function viewItem(ctx: ServiceContext, meetingId: string, itemId: string) {
  return ctx.db.transaction(async (tx) => {
    const opened = await openItem(tx, ctx, meetingId, itemId, 'conference.item_viewed');
    const owners = await ownersOf(tx, ctx, opened.meeting);
    const key = `${opened.item.ownerKind}:${opened.item.ownerId}`;
    // An owner who has since left the family's lists stays choosable for the item they own.
    if (!owners.some((o) => o.key === key))
      owners.push({ key, name: opened.item.ownerName, detail: 'no longer listed' });
    return { ...opened, owners, kindLabel: kindLabels[opened.meeting.kind] };
  });
}

/** Thrown when an item was completed or closed (by someone else, maybe) before this change. */
const ended = (field: string) =>
  new Refusal({
    [field]: 'This item has already been completed or closed, so it cannot be changed',
  });

/**
 * One change to an open item, in its own audited transaction: `patch` checks the input against
 * the opened item (or refuses) and gives the new values. An item completed or closed meanwhile,
 * by someone else maybe, is refused on `field`.
 */
function changeOpenItem(
  ctx: ServiceContext,
  ids: { meetingId: string; itemId: string },
  action: string,
  field: string,
  patch: (
    tx: Db,
    opened: Awaited<ReturnType<typeof openItem>>,
  ) => Promise<conferenceStore.ItemPatch> | conferenceStore.ItemPatch,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const opened = await openItem(tx, ctx, ids.meetingId, ids.itemId, action);
      const { meeting, item } = opened;
      const values = { ...(await patch(tx, opened)), updatedAt: ctx.now };
      const changed = await conferenceStore.updateOpenItem(
        tx,
        partnershipId,
        meeting.id,
        item.id,
        values,
      );
      if (!changed) throw ended(field);
      await audit(tx, ctx, { action, recordType: 'conference_agreement_item', recordId: item.id });
      return { ok: true, id: item.id };
    }),
  );
}

/** Changes an open item: what, whose, and by when (a due date moved, say). */
export function changeItem(
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  input: AgreementItemInput,
): Promise<Saved> {
  return changeOpenItem(
    ctx,
    { meetingId, itemId },
    'conference.item_changed',
    'what',
    async (tx, { meeting, item }) => {
      const current = `${item.ownerKind}:${item.ownerId}`;
      const owners = await ownersOf(tx, ctx, meeting);
      if (input.owner !== current && !owners.some((o) => o.key === input.owner))
        throw new Refusal({ owner: 'Choose who will do it from the list' });
      checkDue(meeting, input.dueOn);
      return {
        kind: input.kind,
        what: input.what,
        ...ownerParts(input.owner),
        dueOn: input.dueOn,
      };
    },
  );
}

/** Marks an item done: on the day it was done (not before the conference, not in the future). */
export function completeItem(
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  input: CompletionInput,
): Promise<Saved> {
  return changeOpenItem(
    ctx,
    { meetingId, itemId },
    'conference.item_completed',
    'done',
    (_tx, { meeting }) => {
      if (input.doneOn > ukToday(ctx.now))
        throw new Refusal({ done: 'The date it was done must be today or in the past' });
      if (input.doneOn < conferenceDay(meeting))
        throw new Refusal({
          done: 'The date it was done must be on or after the day of the conference',
        });
      return {
        completedOn: input.doneOn,
        completedNote: input.note,
        completedBy: personOf(ctx),
        completedAt: ctx.now,
      };
    },
  );
}

/** Closes an item that will not be done, with the reason: it no longer counts as open. */
export function closeItem(
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  input: ClosingInput,
): Promise<Saved> {
  return changeOpenItem(ctx, { meetingId, itemId }, 'conference.item_closed', 'reason', () => ({
    closedReason: input.reason,
    closedBy: personOf(ctx),
    closedAt: ctx.now,
  }));
}

/**
 * How many open agreement items are overdue for each of the given families (only those the
 * actor may see), for the caseload and team view. A list, not a read of a record: not audited,
 * like the plans' overdue list beside it.
 */
export async function overdueAgreementItems(ctx: ServiceContext, familyIds: string[]) {
  if (!familyIds.length || ctx.actor.kind !== 'person' || !ctx.actor.partnershipId) return [];
  return conferenceStore.overdueItems(ctx.db, ctx.actor, familyIds, ukToday(ctx.now));
}
