import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor.js';
import type { Db } from '../../platform/db/index.js';
import { PAGE_SIZE } from '../../platform/http/paging.js';
import { amongVisibleFamilies } from './policy.js';
import type { FamilyQuery, MemberInput, NetworkMemberInput } from './schemas.js';
import { families, familyMembers, networkMembers } from './tables.js';

// The queries on a family's tables. Each takes the partnership id (or the actor, for lists)
// and filters on it. Opening a family (and auditing that) is policy.ts's job, not this file's.

const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function familiesMatching(actor: Actor, query: FamilyQuery) {
  const where = [
    amongVisibleFamilies(actor),
    query.show === 'closed' ? isNotNull(families.retiredAt) : isNull(families.retiredAt),
  ];
  if (query.q) where.push(sql`${families.name} ilike ${containing(query.q)}`);
  return and(...where);
}

/** One page of the families the actor may see (counted apart, by countFamilies). */
export async function listFamilies(db: Db, actor: Actor, query: FamilyQuery) {
  return db
    .select({
      id: families.id,
      name: families.name,
      createdAt: families.createdAt,
      // The outer id spelt out: drizzle leaves a one-table select's columns unqualified, and a
      // bare "id" inside the subquery would be the member's own.
      memberCount: sql<number>`(select count(*) from ${familyMembers}
        where ${familyMembers.familyId} = ${families}.${sql.identifier(families.id.name)}
          and ${familyMembers.retiredAt} is null)::int`,
    })
    .from(families)
    .where(familiesMatching(actor, query))
    .orderBy(asc(families.name), asc(families.id))
    .limit(PAGE_SIZE)
    .offset(((query.page ?? 1) - 1) * PAGE_SIZE);
}

/** How many families the actor may see match the search. */
export async function countFamilies(db: Db, actor: Actor, query: FamilyQuery) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(families)
    .where(familiesMatching(actor, query));
  return row?.n ?? 0;
}

export async function insertFamily(db: Db, partnershipId: string, name: string, by: string | null) {
  const [row] = await db
    .insert(families)
    .values({ partnershipId, name, createdBy: by })
    .returning({ id: families.id });
  return row!.id;
}

// Members

const memberColumns = {
  id: familyMembers.id,
  name: familyMembers.name,
  relationship: familyMembers.relationship,
  dateOfBirth: familyMembers.dateOfBirth,
  pronouns: familyMembers.pronouns,
  preferredLanguage: familyMembers.preferredLanguage,
  interpreterNeeded: familyMembers.interpreterNeeded,
  contact: familyMembers.contact,
  createdAt: familyMembers.createdAt,
  retiredAt: familyMembers.retiredAt,
};

/** A family's current members, oldest first (those with no date of birth last). */
export async function listMembers(db: Db, partnershipId: string, familyId: string) {
  return db
    .select(memberColumns)
    .from(familyMembers)
    .where(
      and(
        eq(familyMembers.partnershipId, partnershipId),
        eq(familyMembers.familyId, familyId),
        isNull(familyMembers.retiredAt),
      ),
    )
    .orderBy(sql`${familyMembers.dateOfBirth} asc nulls last`, asc(familyMembers.createdAt));
}
export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMember(db: Db, partnershipId: string, familyId: string, id: string) {
  const [row] = await db
    .select(memberColumns)
    .from(familyMembers)
    .where(
      and(
        eq(familyMembers.partnershipId, partnershipId),
        eq(familyMembers.familyId, familyId),
        eq(familyMembers.id, id),
      ),
    );
  return row ?? null;
}

export async function insertMember(
  db: Db,
  partnershipId: string,
  familyId: string,
  input: MemberInput,
) {
  const [row] = await db
    .insert(familyMembers)
    .values({ partnershipId, familyId, ...input })
    .returning({ id: familyMembers.id });
  return row!.id;
}

export async function updateMember(
  db: Db,
  partnershipId: string,
  familyId: string,
  id: string,
  values: Partial<MemberInput> & { retiredAt?: Date },
) {
  const rows = await db
    .update(familyMembers)
    .set(values)
    .where(
      and(
        eq(familyMembers.partnershipId, partnershipId),
        eq(familyMembers.familyId, familyId),
        eq(familyMembers.id, id),
        isNull(familyMembers.retiredAt),
      ),
    )
    .returning({ id: familyMembers.id });
  return rows.length > 0;
}

// The network

const networkColumns = {
  id: networkMembers.id,
  name: networkMembers.name,
  kind: networkMembers.kind,
  relationship: networkMembers.relationship,
  organisation: networkMembers.organisation,
  supportOffered: networkMembers.supportOffered,
  strength: networkMembers.strength,
  contact: networkMembers.contact,
  createdAt: networkMembers.createdAt,
  retiredAt: networkMembers.retiredAt,
};

/** The family's current network: its own people first, then professionals. */
export async function listNetwork(db: Db, partnershipId: string, familyId: string) {
  return db
    .select(networkColumns)
    .from(networkMembers)
    .where(
      and(
        eq(networkMembers.partnershipId, partnershipId),
        eq(networkMembers.familyId, familyId),
        isNull(networkMembers.retiredAt),
      ),
    )
    .orderBy(
      sql`(${networkMembers.kind} = 'professional') asc`,
      asc(networkMembers.name),
      asc(networkMembers.id),
    );
}
export type NetworkRow = Awaited<ReturnType<typeof listNetwork>>[number];

/** How many of the family's current network are its own people, and how many professionals. */
export async function countNetworkKinds(db: Db, partnershipId: string, familyId: string) {
  const [row] = await db
    .select({
      own: sql<number>`(count(*) filter (where ${networkMembers.kind} <> 'professional'))::int`,
      professionals: sql<number>`(count(*) filter (where ${networkMembers.kind} = 'professional'))::int`,
    })
    .from(networkMembers)
    .where(
      and(
        eq(networkMembers.partnershipId, partnershipId),
        eq(networkMembers.familyId, familyId),
        isNull(networkMembers.retiredAt),
      ),
    );
  return { own: row?.own ?? 0, professionals: row?.professionals ?? 0 };
}

export async function findNetworkMember(
  db: Db,
  partnershipId: string,
  familyId: string,
  id: string,
) {
  const [row] = await db
    .select(networkColumns)
    .from(networkMembers)
    .where(
      and(
        eq(networkMembers.partnershipId, partnershipId),
        eq(networkMembers.familyId, familyId),
        eq(networkMembers.id, id),
      ),
    );
  return row ?? null;
}

export async function insertNetworkMember(
  db: Db,
  partnershipId: string,
  familyId: string,
  input: NetworkMemberInput,
) {
  const [row] = await db
    .insert(networkMembers)
    .values({ partnershipId, familyId, ...input })
    .returning({ id: networkMembers.id });
  return row!.id;
}

export async function updateNetworkMember(
  db: Db,
  partnershipId: string,
  familyId: string,
  id: string,
  values: Partial<NetworkMemberInput> & { retiredAt?: Date },
) {
  const rows = await db
    .update(networkMembers)
    .set(values)
    .where(
      and(
        eq(networkMembers.partnershipId, partnershipId),
        eq(networkMembers.familyId, familyId),
        eq(networkMembers.id, id),
        isNull(networkMembers.retiredAt),
      ),
    )
    .returning({ id: networkMembers.id });
  return rows.length > 0;
}

// Who is working with the family: its own file, the same queries.
export * from './worker-store.js';
