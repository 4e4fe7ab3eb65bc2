import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { Db } from '../db/index.js';
import { teams, type Role } from '../tenancy/tables.js';
import { apiTokens, apiTokenTeams } from './tables.js';
import { hashSecret, newSecret } from './tokens.js';

const PREFIX = 'dw_';

// "Last used" is shown to the minute; writing it on every API request would make each read a
// write, so it is written only when a minute or more old.
const TOUCH_AFTER_MS = 60_000;

/**
 * The service account behind a bearer token, or null if it is unknown or revoked. Its teams are
 * the ones its admin chose: they scope it to families as a person's teams scope them.
 */
export async function resolveApiToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  if (!token.startsWith(PREFIX)) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      partnershipId: apiTokens.partnershipId,
      name: apiTokens.name,
      roles: apiTokens.roles,
      lastUsedAt: apiTokens.lastUsedAt,
      // In the same query: one round trip per API request, as for a session.
      teamIds: sql<string[]>`array(select t.team_id from ${apiTokenTeams} t
        where t.token_id = ${apiTokens.id})`,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_AFTER_MS)
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return {
    kind: 'service',
    id: row.id,
    partnershipId: row.partnershipId,
    name: row.name,
    roles: row.roles as Role[],
    organisationId: null,
    teamIds: row.teamIds,
  };
}

/** The partnership's current teams a token may be given, or those of `ids` among them. */
export async function tokenTeamChoices(db: Db, partnershipId: string, ids?: string[]) {
  if (ids && !ids.length) return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(
      and(
        eq(teams.partnershipId, partnershipId),
        isNull(teams.retiredAt),
        ids ? inArray(teams.id, ids) : undefined,
      ),
    )
    .orderBy(asc(teams.name), asc(teams.id));
}

/**
 * Creates a token and returns its secret: the only time the secret is ever seen. `teamIds` must
 * be teams of the same partnership (the caller checks them with tokenTeamChoices).
 */
export async function createApiToken(
  db: Db,
  input: {
    partnershipId: string;
    name: string;
    roles: Role[];
    createdBy: string;
    teamIds?: readonly string[];
  },
): Promise<{ id: string; secret: string }> {
  const { teamIds = [], ...values } = input;
  const secret = PREFIX + newSecret();
  const [row] = await db
    .insert(apiTokens)
    .values({ ...values, tokenHash: hashSecret(secret) })
    .returning({ id: apiTokens.id });
  if (teamIds.length)
    await db.insert(apiTokenTeams).values(
      [...new Set(teamIds)].map((teamId) => ({
        partnershipId: input.partnershipId,
        tokenId: row!.id,
        teamId,
      })),
    );
  return { id: row!.id, secret };
}

/** The partnership's tokens, newest first, each with the names of its teams. */
export async function listApiTokens(db: Db, partnershipId: string) {
  const [tokens, tokenTeams] = await Promise.all([
    db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        roles: apiTokens.roles,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.partnershipId, partnershipId))
      .orderBy(desc(apiTokens.createdAt)),
    db
      .select({ tokenId: apiTokenTeams.tokenId, id: teams.id, name: teams.name })
      .from(apiTokenTeams)
      .innerJoin(teams, eq(teams.id, apiTokenTeams.teamId))
      .where(eq(apiTokenTeams.partnershipId, partnershipId))
      .orderBy(asc(teams.name)),
  ]);
  return tokens.map((t) => ({
    ...t,
    teams: tokenTeams.filter((tt) => tt.tokenId === t.id).map(({ id, name }) => ({ id, name })),
  }));
}

export async function revokeApiToken(
  db: Db,
  partnershipId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.id, id),
        eq(apiTokens.partnershipId, partnershipId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
