import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** Who the test identity provider says is signing in. */
export interface IdpAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The next sign-in at the provider is this account (no login form: the test decides). */
  signInAs(account: IdpAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 and a random port, with one
 * confidential client. Its login and consent steps finish at once as the chosen account.
 */
export async function startTestIdp(opts: { redirectUri: string }): Promise<TestIdp> {
  const clientId = 'doing-with-test';
  const clientSecret = randomBytes(24).toString('hex');
  const accounts = new Map<string, IdpAccount>();
  let current: IdpAccount | null = null;

  const server = createServer((req, res) => {
    // Requests arrive only once `provider` below exists (it needs the port to name itself).
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    void interact(provider, req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function interact(p: Provider, req: IncomingMessage, res: ServerResponse) {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!current) throw new Error('Call signInAs() before starting a sign-in');
      accounts.set(current.sub, current);
      return p.interactionFinished(req, res, { login: { accountId: current.sub } });
    }
    const grant = new p.Grant({
      accountId: details.session!.accountId!,
      clientId: details.params.client_id,
    });
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    return p.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  }

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'test' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ ...account }) };
    },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (account) => {
      current = account;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
