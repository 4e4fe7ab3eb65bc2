import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { ServiceContext } from '../http/context.js';
import { people } from '../tenancy/tables.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { endAllSessions, endSession, startSession } from './sessions.js';
import { signInTokens, type TokenPurpose } from './tables.js';
import { hashSecret, newSecret } from './tokens.js';

export const LOCK_AFTER_FAILURES = 6;
export const LOCK_MINUTES = 30;
const LINK_LIFETIME_MS: Record<TokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  invite: 7 * 24 * 60 * 60 * 1000,
};

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type SignInResult = { ok: true; sessionToken: string } | { ok: false };

/**
 * One answer for every failure (unknown email, wrong password, locked, deactivated), so the
 * page never reveals whether an account exists. Six failures lock the account for 30 minutes.
 */
export async function signInWithPassword(
  ctx: ServiceContext,
  email: string,
  password: string,
): Promise<SignInResult> {
  const [found] = await ctx.db
    .select()
    .from(people)
    .where(eq(people.email, normaliseEmail(email)));
  // The slow hash check happens before the row is locked, so that attempts wait for each other
  // only for the few writes below.
  const verified = await verifyPassword(found?.passwordHash ?? null, password);
  return ctx.db.transaction(async (tx) => {
    // Read again under a row lock: attempts arriving together (in any number of processes) count
    // one after another, and none undoes a lock another has just set.
    const [person] = found
      ? await tx.select().from(people).where(eq(people.id, found.id)).for('update')
      : [];
    // A password changed since it was checked is not the one that was checked.
    const passwordOk = verified && person?.passwordHash === found?.passwordHash;
    if (!person || person.deactivatedAt) {
      await audit(tx, ctx, {
        action: 'auth.sign-in',
        recordType: 'person',
        outcome: 'denied',
        partnershipId: person?.partnershipId,
      });
      return { ok: false };
    }
    const locked = person.lockedUntil !== null && person.lockedUntil > ctx.now;
    const subject = {
      recordType: 'person',
      recordId: person.id,
      partnershipId: person.partnershipId,
    };
    if (locked || !passwordOk) {
      if (!locked) {
        const failures = person.failedSignIns + 1;
        const lock = failures >= LOCK_AFTER_FAILURES;
        await tx
          .update(people)
          .set({
            failedSignIns: lock ? 0 : failures,
            lockedUntil: lock
              ? new Date(ctx.now.getTime() + LOCK_MINUTES * 60_000)
              : person.lockedUntil,
          })
          .where(eq(people.id, person.id));
        if (lock) await audit(tx, ctx, { ...subject, action: 'auth.locked', outcome: 'denied' });
      }
      await audit(tx, ctx, { ...subject, action: 'auth.sign-in', outcome: 'denied' });
      return { ok: false };
    }
    await tx
      .update(people)
      .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: ctx.now })
      .where(eq(people.id, person.id));
    const sessionToken = await startSession(tx, person, ctx.now);
    await audit(tx, { ...ctx, actor: actorOf(person) }, { ...subject, action: 'auth.sign-in' });
    return { ok: true, sessionToken };
  });
}

/** Signs in someone already proven by their organisation's identity provider. */
export async function signInVerifiedPerson(
  ctx: ServiceContext,
  personId: string,
  method: string,
): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const [person] = await tx
      .update(people)
      .set({ lastSignInAt: ctx.now })
      .where(eq(people.id, personId))
      .returning();
    const sessionToken = await startSession(tx, person!, ctx.now);
    await audit(
      tx,
      { ...ctx, actor: actorOf(person!) },
      {
        action: `auth.sign-in.${method}`,
        recordType: 'person',
        recordId: personId,
      },
    );
    return sessionToken;
  });
}

const actorOf = (p: typeof people.$inferSelect) => ({
  kind: 'person' as const,
  id: p.id,
  partnershipId: p.partnershipId,
  name: p.name,
  roles: p.roles,
  organisationId: p.organisationId,
  teamIds: [],
});

/**
 * Ends every link of a person's that has not been used. Once one link is used, or the person's
 * email or standing changes, an older email must not open the account: it may sit in an inbox
 * that is no longer theirs.
 */
export async function retireLinks(tx: Db, personId: string, now: Date) {
  await tx
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.personId, personId), isNull(signInTokens.usedAt)));
}

/**
 * Creates a single-use link and emails it, on the caller's transaction. A new invitation
 * replaces any earlier link; reset links live side by side until one is used.
 */
export async function sendLink(
  tx: Db,
  ctx: ServiceContext,
  person: { id: string; email: string; name: string; partnershipId: string },
  purpose: TokenPurpose,
  partnershipName: string,
): Promise<void> {
  if (purpose === 'invite') await retireLinks(tx, person.id, ctx.now);
  const secret = newSecret();
  await tx.insert(signInTokens).values({
    tokenHash: hashSecret(secret),
    personId: person.id,
    purpose,
    expiresAt: new Date(ctx.now.getTime() + LINK_LIFETIME_MS[purpose]),
  });
  const link = `${ctx.baseUrl}/${purpose === 'reset' ? 'reset-password' : 'invitation'}/${secret}`;
  const text =
    purpose === 'reset'
      ? `Hello ${person.name},\n\nSomeone asked to reset the password for your Doing With account.\n\nTo choose a new password, open this link within 1 hour:\n${link}\n\nThe link works once. If you did not ask for this, you can ignore this email.\n`
      : `Hello ${person.name},\n\n${partnershipName} has invited you to Doing With.\n\nTo choose your password and sign in, open this link within 7 days:\n${link}\n\nThe link works once.\n`;
  await ctx.mail.queue(tx, {
    partnershipId: person.partnershipId,
    to: person.email,
    subject:
      purpose === 'reset' ? 'Reset your Doing With password' : `You are invited to Doing With`,
    text,
  });
  await audit(tx, ctx, {
    action: purpose === 'reset' ? 'auth.reset-link.sent' : 'auth.invitation.sent',
    recordType: 'person',
    recordId: person.id,
    partnershipId: person.partnershipId,
  });
}

/** Reset links alive at once for one person: more asks send nothing, so no inbox is flooded. */
const MAX_LIVE_RESET_LINKS = 3;

/** Always succeeds from the asker's point of view, whether or not the email has an account. */
export async function requestPasswordReset(ctx: ServiceContext, email: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        person: people,
        partnershipName: sql<string>`(select name from partnerships where id = ${people.partnershipId})`,
      })
      .from(people)
      .where(and(eq(people.email, normaliseEmail(email)), isNull(people.deactivatedAt)));
    if (!row) return;
    const [live] = await tx
      .select({ n: count() })
      .from(signInTokens)
      .where(
        and(
          eq(signInTokens.personId, row.person.id),
          eq(signInTokens.purpose, 'reset'),
          isNull(signInTokens.usedAt),
          gt(signInTokens.expiresAt, ctx.now),
        ),
      );
    if ((live?.n ?? 0) >= MAX_LIVE_RESET_LINKS) return;
    await sendLink(tx, ctx, row.person, 'reset', row.partnershipName);
  });
}

/** The person a link is for, if the link is unused, unexpired and for that purpose. */
export async function findLink(db: Db, secret: string, purpose: TokenPurpose, now: Date) {
  const [row] = await db
    .select({ personId: signInTokens.personId, name: people.name, email: people.email })
    .from(signInTokens)
    .innerJoin(people, and(eq(people.id, signInTokens.personId), isNull(people.deactivatedAt)))
    .where(
      and(
        eq(signInTokens.tokenHash, hashSecret(secret)),
        eq(signInTokens.purpose, purpose),
        isNull(signInTokens.usedAt),
        gt(signInTokens.expiresAt, now),
      ),
    );
  return row ?? null;
}

export type SetPasswordResult =
  { ok: true; sessionToken: string } | { ok: false; error: string } | { ok: false; expired: true };

/** Uses a reset or invitation link once: sets the password, unlocks, ends old sessions, signs in. */
export async function setPasswordWithLink(
  ctx: ServiceContext,
  secret: string,
  purpose: TokenPurpose,
  password: string,
): Promise<SetPasswordResult> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, error: problem };
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const used = await tx
      .update(signInTokens)
      .set({ usedAt: ctx.now })
      .where(
        and(
          eq(signInTokens.tokenHash, hashSecret(secret)),
          eq(signInTokens.purpose, purpose),
          isNull(signInTokens.usedAt),
          gt(signInTokens.expiresAt, ctx.now),
        ),
      )
      .returning({ personId: signInTokens.personId });
    const personId = used[0]?.personId;
    if (!personId) return { ok: false as const, expired: true as const };
    await retireLinks(tx, personId, ctx.now);
    await endAllSessions(tx, personId);
    const [person] = await tx
      .update(people)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null, lastSignInAt: ctx.now })
      .where(and(eq(people.id, personId), isNull(people.deactivatedAt)))
      .returning();
    if (!person) return { ok: false as const, expired: true as const };
    const sessionToken = await startSession(tx, person, ctx.now);
    await audit(
      tx,
      { ...ctx, actor: actorOf(person) },
      {
        action: purpose === 'reset' ? 'auth.password.reset' : 'auth.invitation.accepted',
        recordType: 'person',
        recordId: person.id,
      },
    );
    return { ok: true as const, sessionToken };
  });
}

export async function signOut(ctx: ServiceContext, sessionIdHash: string) {
  await ctx.db.transaction(async (tx) => {
    await endSession(tx, sessionIdHash);
    await audit(tx, ctx, { action: 'auth.sign-out', recordType: 'person', recordId: ctx.actor.id });
  });
}
