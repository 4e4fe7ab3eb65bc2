import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { countedPage } from '../../platform/http/paging.js';
import { partnershipOf } from '../../platform/http/context.js';
import { refused, type Saved } from '../../platform/http/forms.js';
import type { ListQuery, LocalityInput, OrganisationInput, TeamInput } from './schemas.js';
import * as store from './structure-store.js';
import { structureTables, type StructureKind } from './structure-store.js';

// The rules for a partnership's organisations, localities and teams. Names are unique within
// the partnership (ignoring case); a record is retired rather than deleted, so history keeps it.

const nameTakenMessage: Record<StructureKind, string> = {
  organisation: 'An organisation with this name already exists',
  locality: 'A locality with this name already exists',
  team: 'A team with this name already exists',
};

/**
 * Creates or updates one named record in one transaction with its audit row. `write` returns
 * the record's id, or null when the record is not this partnership's.
 */
async function saveNamed(
  ctx: ServiceContext,
  kind: StructureKind,
  name: string,
  existingId: string | undefined,
  write: (tx: Db, partnershipId: string) => Promise<string | Record<string, string> | null>,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  const taken = refused({ name: nameTakenMessage[kind] });
  try {
    return await ctx.db.transaction(async (tx): Promise<Saved> => {
      const table = structureTables[kind];
      if (
        existingId &&
        !(await store.idsInPartnership(tx, table, partnershipId, [existingId])).size
      )
        throw notFound();
      if (await store.nameTaken(tx, table, partnershipId, name, existingId)) return taken;
      const result = await write(tx, partnershipId);
      if (result === null) throw notFound();
      if (typeof result !== 'string') return refused(result);
      await audit(tx, ctx, {
        action: `${kind}.${existingId ? 'updated' : 'created'}`,
        recordType: kind,
        recordId: result,
      });
      return { ok: true, id: result };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return taken;
    throw error;
  }
}

/** Retires a record (or brings it back); a record of another partnership is not found. */
export async function setRetired(
  ctx: ServiceContext,
  kind: StructureKind,
  id: string,
  retired: boolean,
) {
  const partnershipId = partnershipOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const ok = await store.setRetired(
      tx,
      structureTables[kind],
      partnershipId,
      id,
      retired ? ctx.now : null,
    );
    if (!ok) throw notFound();
    await audit(tx, ctx, {
      action: `${kind}.${retired ? 'retired' : 'restored'}`,
      recordType: kind,
      recordId: id,
    });
  });
}

const found = <T>(row: T | null): T => {
  if (!row) throw notFound();
  return row;
};

/** One page of a structure list; the total is counted only when the page does not show it. */
async function listed<T>(
  ctx: ServiceContext,
  kind: StructureKind,
  query: ListQuery,
  list: (db: Db, partnershipId: string, query: ListQuery) => Promise<T[]>,
) {
  const partnershipId = partnershipOf(ctx);
  return countedPage(await list(ctx.db, partnershipId, query), query.page, () =>
    store.countListed(ctx.db, kind, partnershipId, query),
  );
}

// Organisations

export async function listOrganisations(ctx: ServiceContext, query: ListQuery) {
  return listed(ctx, 'organisation', query, store.listOrganisations);
}

export async function getOrganisation(ctx: ServiceContext, id: string) {
  const partnershipId = partnershipOf(ctx);
  const organisation = found(await store.findOrganisation(ctx.db, partnershipId, id));
  return {
    organisation,
    teams: await store.teamsOf(ctx.db, partnershipId, { organisationId: id }),
  };
}

export function createOrganisation(ctx: ServiceContext, input: OrganisationInput) {
  return saveNamed(ctx, 'organisation', input.name, undefined, async (tx, partnershipId) => {
    return (await store.insertOrganisation(tx, { partnershipId, ...input })).id;
  });
}

export function updateOrganisation(ctx: ServiceContext, id: string, input: OrganisationInput) {
  return saveNamed(ctx, 'organisation', input.name, id, async (tx, partnershipId) => {
    return (await store.updateOrganisation(tx, partnershipId, id, input))?.id ?? null;
  });
}

// Localities

export async function listLocalities(ctx: ServiceContext, query: ListQuery) {
  return listed(ctx, 'locality', query, store.listLocalities);
}

export async function getLocality(ctx: ServiceContext, id: string) {
  const partnershipId = partnershipOf(ctx);
  const locality = found(await store.findLocality(ctx.db, partnershipId, id));
  return { locality, teams: await store.teamsOf(ctx.db, partnershipId, { localityId: id }) };
}

export function createLocality(ctx: ServiceContext, input: LocalityInput) {
  return saveNamed(ctx, 'locality', input.name, undefined, async (tx, partnershipId) => {
    return (await store.insertLocality(tx, { partnershipId, ...input })).id;
  });
}

export function updateLocality(ctx: ServiceContext, id: string, input: LocalityInput) {
  return saveNamed(ctx, 'locality', input.name, id, async (tx, partnershipId) => {
    return (await store.updateLocality(tx, partnershipId, id, input))?.id ?? null;
  });
}

// Teams: a single-agency team belongs to an organisation, a multi-agency team serves a locality.

export async function listTeams(ctx: ServiceContext, query: ListQuery) {
  return listed(ctx, 'team', query, store.listTeams);
}

export async function getTeam(ctx: ServiceContext, id: string) {
  const partnershipId = partnershipOf(ctx);
  const team = found(await store.findTeam(ctx.db, partnershipId, id));
  return { team, members: await store.teamMembersOf(ctx.db, partnershipId, id) };
}

async function teamValues(tx: Db, partnershipId: string, input: TeamInput) {
  const multiAgency = input.type === 'multi';
  const values = {
    name: input.name,
    multiAgency,
    organisationId: multiAgency ? null : (input.organisationId ?? null),
    localityId: multiAgency ? (input.localityId ?? null) : null,
  };
  const [table, id, field, message] = multiAgency
    ? [structureTables.locality, values.localityId, 'localityId', 'Choose a locality from the list']
    : [
        structureTables.organisation,
        values.organisationId,
        'organisationId',
        'Choose an organisation from the list',
      ];
  const known = await store.idsInPartnership(tx, table, partnershipId, id ? [id] : []);
  return id && known.has(id) ? { values } : { errors: { [field]: message } };
}

export function createTeam(ctx: ServiceContext, input: TeamInput) {
  return saveNamed(ctx, 'team', input.name, undefined, async (tx, partnershipId) => {
    const checked = await teamValues(tx, partnershipId, input);
    if (checked.errors) return checked.errors;
    return (await store.insertTeam(tx, { partnershipId, ...checked.values })).id;
  });
}

export function updateTeam(ctx: ServiceContext, id: string, input: TeamInput) {
  return saveNamed(ctx, 'team', input.name, id, async (tx, partnershipId) => {
    const checked = await teamValues(tx, partnershipId, input);
    if (checked.errors) return checked.errors;
    return (await store.updateTeam(tx, partnershipId, id, checked.values))?.id ?? null;
  });
}

/** Current organisations and localities, for the team form's selects. */
export async function teamFormChoices(ctx: ServiceContext, keep: string[] = []) {
  const partnershipId = partnershipOf(ctx);
  return {
    organisations: await store.choicesOf(ctx.db, 'organisation', partnershipId, keep),
    localities: await store.choicesOf(ctx.db, 'locality', partnershipId, keep),
  };
}
