import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { Actor } from '../access/actor.js';
import { partnerships, people, teamMembers } from '../tenancy/tables.js';
import { sessions } from './tables.js';
import { hashSecret, newSecret } from './tokens.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface LoadedSession {
  idHash: string;
  actor: Actor;
  partnershipName: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

// Writing last_seen_at on every request would turn each page view into a write.
const TOUCH_AFTER_MS = 60_000;

export async function startSession(
  db: Db,
  person: { id: string; partnershipId: string },
  now: Date,
): Promise<string> {
  const token = newSecret();
  await db.insert(sessions).values({
    idHash: hashSecret(token),
    personId: person.id,
    partnershipId: person.partnershipId,
    createdAt: now,
    lastSeenAt: now,
  });
  return token;
}

/** The session behind a cookie, if it is still within both timeouts and its person is active. */
export async function loadSession(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<LoadedSession | null> {
  const idHash = hashSecret(token);
  const [row] = await db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      personId: people.id,
      partnershipId: people.partnershipId,
      partnershipName: partnerships.name,
      name: people.name,
      roles: people.roles,
      organisationId: people.organisationId,
      teamIds: sql<string[]>`coalesce((select array_agg(${teamMembers.teamId}) from ${teamMembers}
        where ${teamMembers.personId} = ${people.id}), '{}')`,
    })
    .from(sessions)
    .innerJoin(people, and(eq(people.id, sessions.personId), isNull(people.deactivatedAt)))
    .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
    .where(eq(sessions.idHash, idHash));
  if (!row) return null;
  const idleEnd = row.lastSeenAt.getTime() + policy.idleMs;
  const absoluteEnd = row.createdAt.getTime() + policy.absoluteMs;
  if (now.getTime() >= Math.min(idleEnd, absoluteEnd)) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await touchSession(db, idHash, now);
    lastSeenAt = now;
  }
  return {
    idHash,
    lastSeenAt,
    partnershipName: row.partnershipName,
    expiresAt: new Date(Math.min(lastSeenAt.getTime() + policy.idleMs, absoluteEnd)),
    actor: {
      kind: 'person',
      id: row.personId,
      partnershipId: row.partnershipId,
      name: row.name,
      roles: row.roles,
      organisationId: row.organisationId,
      teamIds: row.teamIds,
    },
  };
}

export async function touchSession(db: Db, idHash: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
}

export async function endSession(db: Db, idHash: string) {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Ends every session a person has, on every device and every app process. */
export async function endAllSessions(db: Db, personId: string) {
  await db.delete(sessions).where(eq(sessions.personId, personId));
}
