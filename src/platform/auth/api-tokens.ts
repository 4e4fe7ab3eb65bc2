import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { Db } from '../db/index.js';
import type { Role } from '../tenancy/tables.js';
import { apiTokens } from './tables.js';
import { hashSecret, newSecret } from './tokens.js';

const PREFIX = 'dw_';

/** The service account behind a bearer token, or null if it is unknown or revoked. */
export async function resolveApiToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  if (!token.startsWith(PREFIX)) return null;
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)))
    .returning();
  if (!row) return null;
  return {
    kind: 'service',
    id: row.id,
    partnershipId: row.partnershipId,
    name: row.name,
    roles: row.roles as Role[],
    organisationId: null,
    teamIds: [],
  };
}

/** Creates a token and returns its secret: the only time the secret is ever seen. */
export async function createApiToken(
  db: Db,
  input: { partnershipId: string; name: string; roles: Role[]; createdBy: string },
): Promise<{ id: string; secret: string }> {
  const secret = PREFIX + newSecret();
  const [row] = await db
    .insert(apiTokens)
    .values({ ...input, tokenHash: hashSecret(secret) })
    .returning({ id: apiTokens.id });
  return { id: row!.id, secret };
}

export async function listApiTokens(db: Db, partnershipId: string) {
  return db
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
    .orderBy(desc(apiTokens.createdAt));
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
