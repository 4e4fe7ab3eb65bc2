import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { partnershipOf } from '../../platform/http/context.js';
import { type Saved } from '../../platform/http/forms.js';
import { openFamily, readFamily, readFamilyPart } from './policy.js';
import type { NetworkMemberInput } from './schemas.js';
import * as store from './store.js';
import { isUuid } from '../../platform/http/ids.js';

// The family's network: the people around it who can support it, professionals included.
// The source's question is whether a family is surrounded by professionals or by people from
// its own life, who can support it for longer: the page answers it with a count.

export interface NetworkCounts {
  own: number;
  professionals: number;
  /** The counts in words, e.g. "6 people from the family’s own network and 2 professionals". */
  sentence: string;
}

export function countNetwork(network: { kind: string }[]): NetworkCounts {
  const professionals = network.filter((n) => n.kind === 'professional').length;
  return describeNetwork(network.length - professionals, professionals);
}

/** The counts, and the sentence that says them (the network page and the family's page). */
export function describeNetwork(own: number, professionals: number): NetworkCounts {
  const sentence =
    `${own} ${own === 1 ? 'person' : 'people'} from the family’s own network and ` +
    `${professionals} ${professionals === 1 ? 'professional' : 'professionals'}`;
  return { own, professionals, sentence };
}

/** The network page: the family, its current connections, and the count. */
export async function viewNetwork(ctx: ServiceContext, familyId: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamily(ctx, familyId, 'family.network_viewed', async (db, family) => {
    const network = await store.listNetwork(db, partnershipId, family.id);
    return { family, network, counts: countNetwork(network) };
  });
}

export async function viewNetworkMember(ctx: ServiceContext, familyId: string, id: string) {
  const partnershipId = partnershipOf(ctx);
  return readFamilyPart(ctx, familyId, 'family.network_viewed', async (tx, family) => {
    const person = isUuid(id)
      ? await store.findNetworkMember(tx, partnershipId, family.id, id)
      : null;
    if (!person || person.retiredAt) throw notFound();
    return { family, person };
  });
}

export async function addNetworkMember(
  ctx: ServiceContext,
  familyId: string,
  input: NetworkMemberInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.network_added');
    const id = await store.insertNetworkMember(tx, partnershipId, family.id, input);
    return { ok: true, id };
  });
}

export async function updateNetworkMember(
  ctx: ServiceContext,
  familyId: string,
  id: string,
  input: NetworkMemberInput,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.network_updated');
    const ok =
      isUuid(id) && (await store.updateNetworkMember(tx, partnershipId, family.id, id, input));
    if (!ok) throw notFound();
    return { ok: true, id };
  });
}

/** Retiring keeps the connection's history; it leaves the ecomap and the count. */
export async function retireNetworkMember(
  ctx: ServiceContext,
  familyId: string,
  id: string,
): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const family = await openFamily(tx, ctx, familyId, 'family.network_retired');
    const ok =
      isUuid(id) &&
      (await store.updateNetworkMember(tx, partnershipId, family.id, id, { retiredAt: ctx.now }));
    if (!ok) throw notFound();
    return { ok: true, id };
  });
}
