import { Refusal, refusable, type Saved } from '../../platform/http/forms.js';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, forbidden } from '../../platform/http/errors.js';
import { openFamily, readFamily } from '../families/policy.js';
import type { ListQuery, PracticeLogInput } from './schemas.js';
import * as store from './store.js';
import type { PracticeLog } from './tables.js';
import { windowedPage } from '../../platform/http/paging.js';
import { isUuid } from '../../platform/http/ids.js';

// Everyday restorative practice: the rules. A log with a family is reached only through that
// family (openFamily: 404 and an audited denial for anyone who may not see it). A log without
// a family is its practitioner's own. Every change and every read of one log is audited.

export type { Saved };

/** Logs are a person's practice: service accounts (API tokens) have none. */
export function partnershipOf(ctx: ServiceContext): string {
  const id = ctx.actor.partnershipId;
  if (!id || ctx.actor.kind !== 'person' || !ctx.actor.id) throw forbidden();
  return id;
}

/**
 * Reading a family's practice is a read of the family: anyone it is open to (openFamily), a
 * service account of one of its teams included.
 */
function memberPartnershipOf(ctx: ServiceContext): string {
  const id = ctx.actor.partnershipId;
  if (!id || ctx.actor.kind === 'anonymous') throw forbidden();
  return id;
}

/** A few minutes' grace for a phone clock a little ahead of the server's. */
const FUTURE_GRACE_MS = 5 * 60_000;

export async function createLog(ctx: ServiceContext, input: PracticeLogInput): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return refusable(() =>
    ctx.db.transaction(async (tx) => {
      const guessedLater = input.dayOnly && input.happenedAt && input.happenedAt > ctx.now;
      const happenedAt = (guessedLater ? null : input.happenedAt) ?? ctx.now;
      if (happenedAt.getTime() > ctx.now.getTime() + FUTURE_GRACE_MS)
        throw new Refusal({ date: 'The date and time must not be in the future' });
      let withWhom = input.withWhom;
      let familyId: string | null = null;
      if (input.familyId) {
        familyId = (await openFamily(tx, ctx, input.familyId, 'practice.logged')).id;
        if (input.familyMemberId) {
          const member = await store.familyMember(
            tx,
            partnershipId,
            familyId,
            input.familyMemberId,
          );
          if (!member)
            throw new Refusal({ familyMemberId: 'Choose a family member from the list' });
          withWhom ??= member.name;
        }
      } else if (input.familyMemberId) {
        throw new Refusal({ withWhom: 'Enter who it was with' });
      }
      const id = await store.insertLog(tx, {
        partnershipId,
        practitionerId: ctx.actor.id!,
        familyId,
        familyMemberId: familyId ? input.familyMemberId : null,
        withWhom: withWhom!,
        kind: input.kind,
        context: input.context,
        contextOther: input.contextOther,
        note: input.note,
        happenedAt,
      });
      await audit(tx, ctx, { action: 'practice.logged', recordType: 'practice_log', recordId: id });
      return { ok: true as const, id };
    }),
  );
}

/**
 * Opens one log on the caller's transaction, audited. Through its family when it has one;
 * otherwise only its practitioner may open it.
 */
export async function openLog(
  tx: Db,
  ctx: ServiceContext,
  logId: string,
  action: string,
): Promise<PracticeLog> {
  const partnershipId = partnershipOf(ctx);
  const log = isUuid(logId) ? await store.findLog(tx, partnershipId, logId) : undefined;
  const entry = { action, recordType: 'practice_log', recordId: isUuid(logId) ? logId : null };
  if (!log) throw deniedAsNotFound(entry);
  if (log.familyId) await openFamily(tx, ctx, log.familyId, action);
  else if (log.practitionerId !== ctx.actor.id) throw deniedAsNotFound(entry);
  await audit(tx, ctx, entry);
  return log;
}

/** The family and its members, for the log form on the family's page. */
export async function familyLogForm(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.viewed', async (db, family) => {
    return { family, members: await store.familyMemberChoices(db, partnershipId, family.id) };
  });
}

/** My recent logs. A list of my own work, not a read of a family's record. */
export async function listMine(ctx: ServiceContext, query: ListQuery) {
  partnershipOf(ctx);
  return windowedPage((n) => store.listMine(ctx.db, ctx.actor, { ...query, page: n }), query.page);
}

/** A family's everyday practice, by everyone working with it: a read of the family, audited. */
export async function familyPractice(ctx: ServiceContext, familyId: string, query: ListQuery) {
  const partnershipId = memberPartnershipOf(ctx);
  return readFamily(ctx, familyId, 'practice.listed', async (db, family) => {
    const page = await windowedPage(
      (n) => store.listForFamily(db, ctx.actor, family.id, { ...query, page: n }),
      query.page,
    );
    const members = await store.familyMemberChoices(db, partnershipId, family.id);
    return { family, members, page };
  });
}

/** Only the practitioner who logged it retires a log. */
export async function logForRetire(ctx: ServiceContext, logId: string) {
  return ctx.db.transaction(async (tx) => {
    const log = await openLog(tx, ctx, logId, 'practice.viewed');
    if (log.practitionerId !== ctx.actor.id)
      throw forbidden('Only the person who logged it can remove it');
    return log;
  });
}

export async function retireLog(ctx: ServiceContext, logId: string) {
  return ctx.db.transaction(async (tx) => {
    const log = await openLog(tx, ctx, logId, 'practice.retired');
    if (log.practitionerId !== ctx.actor.id)
      throw forbidden('Only the person who logged it can remove it');
    await store.retireLog(tx, log.id, ctx.now);
    return log;
  });
}

export { myCounts, teamCounts, countableTeams } from './counts.js';
export { escalationForm, escalate } from './escalation.js';
