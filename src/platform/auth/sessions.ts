import { eq } from 'drizzle-orm';
import type { Database, Db, PreparedRead } from '../db/index.js';
import type { Actor } from '../access/actor.js';
import type { Role } from '../tenancy/tables.js';
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
  /** When it ends unless used again: the idle timeout, or the absolute one if that is sooner. */
  expiresAt: Date;
  /** When it ends however active its person is (the absolute timeout). */
  endsAt: Date;
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

// The one query every signed-in request makes, with the person's teams in the same row. It is
// prepared once (see Database.prepare): no SQL is built, parsed or planned again per request.
const LOAD_SESSION = `select s.created_at as "createdAt", s.last_seen_at as "lastSeenAt",
    p.id as "personId", p.partnership_id as "partnershipId", pa.name as "partnershipName",
    p.name, p.roles, p.organisation_id as "organisationId",
    array(select tm.team_id from team_members tm where tm.person_id = p.id) as "teamIds"
  from sessions s
  join people p on p.id = s.person_id and p.deactivated_at is null
  join partnerships pa on pa.id = p.partnership_id
  where s.id_hash = $1`;

interface SessionRow {
  createdAt: Date;
  lastSeenAt: Date;
  personId: string;
  partnershipId: string;
  partnershipName: string;
  name: string;
  roles: Role[];
  organisationId: string | null;
  teamIds: string[];
}

const prepared = new WeakMap<Database['prepare'], PreparedRead>();

/** The session behind a cookie, if it is still within both timeouts and its person is active. */
export async function loadSession(
  database: Pick<Database, 'db' | 'prepare'>,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<LoadedSession | null> {
  const { db } = database;
  const idHash = hashSecret(token);
  let read = prepared.get(database.prepare);
  if (!read)
    prepared.set(database.prepare, (read = database.prepare('load_session', LOAD_SESSION)));
  const [row] = await read<SessionRow>([idHash]);
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
    endsAt: new Date(absoluteEnd),
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
