import { createHash } from 'node:crypto';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import { z } from 'zod';
import { audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { ServiceContext } from '../http/context.js';
import { people } from '../tenancy/tables.js';
import { normaliseEmail, signInVerifiedPerson } from './service.js';
import { oidcProviders } from './tables.js';

// Sign-in with a partnership's own identity provider (OpenID Connect, authorization code + PKCE).

export type OidcProvider = typeof oidcProviders.$inferSelect;

export const CALLBACK_PATH = '/sign-in/sso/callback';
export const DEFAULT_BUTTON_LABEL = 'Sign in with your organisation’s account';
/** How long someone has to finish signing in at their provider. */
export const FLOW_LIFETIME_MS = 10 * 60_000;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https only; plain http too for a provider on this machine when `loopbackHttp` is set, as it is
 * in development and the tests, never in production.
 */
export function isAllowedIssuer(value: string, loopbackHttp: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  return (
    url.protocol === 'https:' ||
    (loopbackHttp && url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  );
}

export const providerSchema = (loopbackHttp: boolean) =>
  z.object({
    issuer: z
      .string()
      .trim()
      .min(1, 'Enter the issuer URL')
      .max(500, 'Issuer URL must be 500 characters or fewer')
      .refine(
        (issuer) => isAllowedIssuer(issuer, loopbackHttp),
        'Enter the issuer URL as a full web address starting with https://',
      ),
    clientId: z
      .string()
      .trim()
      .min(1, 'Enter the client ID')
      .max(500, 'Client ID must be 500 characters or fewer'),
    /** Blank keeps the secret already saved. */
    clientSecret: z.string().trim().max(2000, 'Client secret must be 2000 characters or fewer'),
    buttonLabel: z
      .string()
      .trim()
      .min(1, 'Enter the text for the sign-in button')
      .max(80, 'Sign-in button text must be 80 characters or fewer'),
  });
export type ProviderInput = z.infer<ReturnType<typeof providerSchema>>;

/** Whether any partnership on this installation has a provider: shows the button on sign-in. */
export async function hasOidcProvider(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(oidcProviders);
  return (row?.n ?? 0) > 0;
}

export async function findProvider(db: Db, partnershipId: string): Promise<OidcProvider | null> {
  const [row] = await db
    .select()
    .from(oidcProviders)
    .where(eq(oidcProviders.partnershipId, partnershipId));
  return row ?? null;
}

// Discovery documents change rarely; each app process keeps them for a few minutes.
const DISCOVERY_TTL_MS = 10 * 60_000;
const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

function discover(
  p: Pick<OidcProvider, 'issuer' | 'clientId' | 'clientSecret'>,
  loopbackHttp: boolean,
) {
  // Checked again here, not only when saved: a provider saved under other rules (or by hand)
  // must not make a production server send its requests over plain http.
  if (!isAllowedIssuer(p.issuer, loopbackHttp))
    return Promise.reject(new Error(`The issuer ${p.issuer} is not allowed here: use https`));
  const key = createHash('sha256')
    .update(JSON.stringify([p.issuer, p.clientId, p.clientSecret]))
    .digest('hex');
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const url = new URL(p.issuer);
  const config = client.discovery(url, p.clientId, p.clientSecret, undefined, {
    timeout: 10,
    // Plain http is accepted only for a provider on this machine (see isAllowedIssuer).
    execute: url.protocol === 'http:' ? [client.allowInsecureRequests] : [],
  });
  discovered.set(key, { at: Date.now(), config });
  config.catch(() => discovered.delete(key));
  return config;
}

/** Whether the issuer answers with a discovery document that names itself. */
export async function issuerReachable(
  issuer: string,
  clientId: string,
  loopbackHttp: boolean,
): Promise<boolean> {
  try {
    await discover({ issuer, clientId, clientSecret: '' }, loopbackHttp);
    return true;
  } catch {
    return false;
  }
}

/** Saves the admin's partnership's provider. A blank secret keeps the one already saved. */
export async function saveProvider(
  ctx: ServiceContext,
  input: ProviderInput & { clientSecret: string },
): Promise<void> {
  const partnershipId = ctx.actor.partnershipId!;
  await ctx.db.transaction(async (tx) => {
    const values = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      buttonLabel: input.buttonLabel,
      updatedAt: ctx.now,
    };
    await tx
      .insert(oidcProviders)
      .values({ partnershipId, ...values })
      .onConflictDoUpdate({ target: oidcProviders.partnershipId, set: values });
    await audit(tx, ctx, {
      action: 'auth.oidc-provider.saved',
      recordType: 'oidc_provider',
      recordId: partnershipId,
    });
  });
}

export async function removeProvider(ctx: ServiceContext): Promise<void> {
  const partnershipId = ctx.actor.partnershipId!;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(oidcProviders).where(eq(oidcProviders.partnershipId, partnershipId));
    await audit(tx, ctx, {
      action: 'auth.oidc-provider.removed',
      recordType: 'oidc_provider',
      recordId: partnershipId,
    });
  });
}

export async function allProviders(db: Db): Promise<OidcProvider[]> {
  return db.select().from(oidcProviders).orderBy(asc(oidcProviders.partnershipId));
}

/**
 * The provider to send someone to, from the email they typed. Always a provider when any
 * exists, so the answer never says whether the email has an account: their account's
 * partnership; else the partnership most of their email domain belongs to; else one picked
 * from the email itself. The callback then refuses anyone without an account there.
 */
export async function providerForEmail(db: Db, email: string): Promise<OidcProvider | null> {
  const address = normaliseEmail(email);
  const [own] = await db
    .select({ provider: oidcProviders })
    .from(people)
    .innerJoin(oidcProviders, eq(oidcProviders.partnershipId, people.partnershipId))
    .where(eq(people.email, address));
  if (own) return own.provider;
  const domain = address.split('@').pop() ?? '';
  const [byDomain] = await db
    .select({ provider: oidcProviders, n: count() })
    .from(people)
    .innerJoin(oidcProviders, eq(oidcProviders.partnershipId, people.partnershipId))
    .where(and(sql`split_part(${people.email}, '@', 2) = ${domain}`, isNull(people.deactivatedAt)))
    .groupBy(oidcProviders.partnershipId)
    .orderBy(sql`count(*) desc`, asc(oidcProviders.partnershipId))
    .limit(1);
  if (byDomain) return byDomain.provider;
  const all = await allProviders(db);
  if (!all.length) return null;
  const pick = createHash('sha256').update(address).digest().readUInt32BE(0) % all.length;
  return all[pick]!;
}

/** What the browser carries (signed, httpOnly) between leaving for the provider and coming back. */
export const flowSchema = z.object({
  partnershipId: z.uuid(),
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  expiresAt: z.number(),
});
export type SignInFlow = z.infer<typeof flowSchema>;

/** The provider's authorization URL, and what must come back with the answer. */
export async function beginSignIn(
  ctx: ServiceContext,
  provider: OidcProvider,
  loopbackHttp: boolean,
): Promise<{ url: string; flow: SignInFlow }> {
  const config = await discover(provider, loopbackHttp);
  const verifier = client.randomPKCECodeVerifier();
  const flow: SignInFlow = {
    partnershipId: provider.partnershipId,
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    expiresAt: ctx.now.getTime() + FLOW_LIFETIME_MS,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${ctx.baseUrl}${CALLBACK_PATH}`,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url: url.href, flow };
}

/** A refused single sign-on, on the audit log of the partnership it was for. */
export async function auditRefusal(
  ctx: ServiceContext,
  partnershipId: string | null,
  personId?: string,
): Promise<void> {
  await audit(ctx.db, ctx, {
    action: 'auth.sign-in.oidc',
    recordType: 'person',
    recordId: personId ?? null,
    outcome: 'denied',
    partnershipId,
  });
}

export type SignInRefusal = 'failed' | 'unverified' | 'no-account' | 'deactivated';
export type FinishResult =
  { ok: true; sessionToken: string } | { ok: false; reason: SignInRefusal; error?: unknown };

/**
 * Exchanges the code (checking state, nonce and PKCE), then signs in the active person with
 * the provider's verified email, in the partnership the flow started for and no other.
 */
export async function finishSignIn(
  ctx: ServiceContext,
  flow: SignInFlow | null,
  callbackUrl: URL,
  loopbackHttp: boolean,
): Promise<FinishResult> {
  const refuse = async (reason: SignInRefusal, personId?: string, error?: unknown) => {
    await auditRefusal(ctx, flow?.partnershipId ?? null, personId);
    return { ok: false as const, reason, error };
  };
  if (!flow || flow.expiresAt < ctx.now.getTime()) return refuse('failed');
  const provider = await findProvider(ctx.db, flow.partnershipId);
  if (!provider) return refuse('failed');

  let email: unknown;
  let verified: unknown;
  try {
    const config = await discover(provider, loopbackHttp);
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    ({ email, email_verified: verified } = claims);
    // Many providers put email only in userinfo for the code flow.
    if (email === undefined) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      ({ email, email_verified: verified } = info);
    }
  } catch (error) {
    return refuse('failed', undefined, error);
  }
  if (typeof email !== 'string' || verified !== true) return refuse('unverified');

  const [person] = await ctx.db
    .select({ id: people.id, deactivatedAt: people.deactivatedAt })
    .from(people)
    .where(
      and(eq(people.partnershipId, flow.partnershipId), eq(people.email, normaliseEmail(email))),
    );
  if (!person) return refuse('no-account');
  if (person.deactivatedAt) return refuse('deactivated', person.id);
  return { ok: true, sessionToken: await signInVerifiedPerson(ctx, person.id, 'oidc') };
}
