import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorsFor, validateForm } from '../http/forms.js';
import { notFound } from '../http/errors.js';
import {
  allProviders,
  auditRefusal,
  beginSignIn,
  CALLBACK_PATH,
  DEFAULT_BUTTON_LABEL,
  findProvider,
  finishSignIn,
  flowSchema,
  FLOW_LIFETIME_MS,
  issuerReachable,
  type OidcProvider,
  providerForEmail,
  providerSchema,
  removeProvider,
  saveProvider,
  type SignInFlow,
} from './oidc.js';
import { setSessionCookie } from './routes.js';

export interface OidcRouteOptions {
  secureCookies: boolean;
  absoluteMs: number;
  baseUrl: string;
  /** Whether a provider on this machine may be plain http (not in production: see oidc.ts). */
  loopbackHttpIssuers: boolean;
}

/** Carries state, nonce and the PKCE verifier to the callback; signed so it cannot be forged. */
const FLOW_COOKIE = 'dw_sso';
const SETTINGS = '/admin/sign-in-settings';
const FIELDS = ['issuer', 'clientId', 'clientSecret', 'buttonLabel'];

const emailSchema = z.object({
  email: z
    .email('Enter your work email address in the correct format, like name@example.com')
    .max(320, 'Email address must be 320 characters or fewer'),
});

const UNREACHABLE =
  'We could not reach a sign-in service at this issuer URL. Check the address with whoever runs your identity provider, then try again.';

export async function oidcRoutes(app: FastifyInstance, opts: OidcRouteOptions) {
  const redirectUri = `${opts.baseUrl}${CALLBACK_PATH}`;
  const settingsSchema = providerSchema(opts.loopbackHttpIssuers);

  // ---- Settings, for a partnership admin ----

  const settingsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    locals: Record<string, unknown> = {},
  ) => {
    const provider = await findProvider(request.ctx.db, request.actor.partnershipId!);
    const { saved, removed } = request.query as { saved?: string; removed?: string };
    return reply.page('auth/views/sso-settings.njk', {
      provider,
      redirectUri,
      saved: saved !== undefined,
      removed: removed !== undefined,
      values: provider
        ? {
            issuer: provider.issuer,
            clientId: provider.clientId,
            buttonLabel: provider.buttonLabel,
          }
        : { buttonLabel: DEFAULT_BUTTON_LABEL },
      ...locals,
    });
  };

  const admin = { config: { policy: 'partnershipAdmin' as const } };

  app.get(SETTINGS, admin, async (request, reply) => settingsPage(request, reply));

  app.post(SETTINGS, admin, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // The secret is never sent back to the browser, even when the form has errors.
    const values = { ...body, clientSecret: '' };
    const form = validateForm(settingsSchema, body);
    const existing = await findProvider(request.ctx.db, request.actor.partnershipId!);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    // Asked for with the other fields' mistakes, not only once they are put right.
    const typedSecret = typeof body.clientSecret === 'string' ? body.clientSecret.trim() : '';
    const secret = form.ok ? form.data.clientSecret || existing?.clientSecret : undefined;
    if (!errors.clientSecret && !typedSecret && !existing?.clientSecret)
      errors.clientSecret = 'Enter the client secret';
    if (form.ok && !errors.clientSecret) {
      if (!(await issuerReachable(form.data.issuer, form.data.clientId, opts.loopbackHttpIssuers)))
        errors.issuer = UNREACHABLE;
    }
    if (!form.ok || Object.keys(errors).length) {
      const ordered = Object.fromEntries(
        FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]!]),
      );
      return settingsPage(request, reply.status(400), { values, ...errorsFor(ordered) });
    }
    await saveProvider(request.ctx, { ...form.data, clientSecret: secret! });
    return reply.redirect(`${SETTINGS}?saved`, 303);
  });

  app.get(`${SETTINGS}/remove`, admin, async (request, reply) => {
    const provider = await findProvider(request.ctx.db, request.actor.partnershipId!);
    if (!provider) throw notFound();
    return reply.page('auth/views/sso-remove.njk', { provider });
  });

  app.post(`${SETTINGS}/remove`, admin, async (request, reply) => {
    await removeProvider(request.ctx);
    return reply.redirect(`${SETTINGS}?removed`, 303);
  });

  // ---- Signing in, for anyone ----

  const publicRoute = { policy: 'public' as const };

  const refused = (reply: FastifyReply, reason: string, status = 403) => {
    reply.clearCookie(FLOW_COOKIE, { path: '/sign-in/sso' });
    return reply.status(status).page('auth/views/sso-failed.njk', { reason });
  };

  /**
   * Off to the provider, with what the callback will need in a short-lived signed cookie.
   * After a form, by a page that moves on by itself (see sso-continue.njk); else a redirect.
   */
  const goTo = async (
    request: FastifyRequest,
    reply: FastifyReply,
    provider: OidcProvider,
    afterForm = false,
  ) => {
    let started: { url: string; flow: SignInFlow };
    try {
      started = await beginSignIn(request.ctx, provider, opts.loopbackHttpIssuers);
    } catch (err) {
      request.log.warn({ err }, 'identity provider could not be reached');
      await auditRefusal(request.ctx, provider.partnershipId);
      return refused(reply, 'unavailable', 503);
    }
    reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(started.flow)).toString('base64url'), {
      signed: true,
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET from another site.
      sameSite: 'lax',
      secure: opts.secureCookies,
      path: '/sign-in/sso',
      maxAge: FLOW_LIFETIME_MS / 1000,
    });
    if (afterForm)
      return reply.page('auth/views/sso-continue.njk', {
        providerUrl: started.url,
        buttonLabel: provider.buttonLabel,
      });
    return reply.redirect(started.url, 303);
  };

  app.get('/sign-in/sso', { config: publicRoute }, async (request, reply) => {
    if (request.actor.kind === 'person') return reply.redirect('/', 303);
    const providers = await allProviders(request.ctx.db);
    if (!providers.length) throw notFound();
    if (providers.length === 1) return goTo(request, reply, providers[0]!);
    return reply.page('auth/views/sso-email.njk', { values: {} });
  });

  app.post(
    '/sign-in/sso',
    {
      config: {
        ...publicRoute,
        rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (r) => `sso:${r.ip}` },
      },
    },
    async (request, reply) => {
      const form = validateForm(emailSchema, request.body);
      if (!form.ok)
        return reply
          .status(400)
          .page('auth/views/sso-email.njk', { values: request.body ?? {}, ...form });
      const provider = await providerForEmail(request.ctx.db, form.data.email);
      if (!provider) throw notFound();
      return goTo(request, reply, provider, true);
    },
  );

  app.get(CALLBACK_PATH, { config: publicRoute }, async (request, reply) => {
    const flow = readFlow(request);
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const result = await finishSignIn(
      request.ctx,
      flow,
      new URL(`${redirectUri}${search}`),
      opts.loopbackHttpIssuers,
    );
    if (!result.ok) {
      if (result.error)
        request.log.warn({ err: result.error }, 'single sign-on failed at the provider');
      return refused(reply, result.reason, result.reason === 'failed' ? 400 : 403);
    }
    reply.clearCookie(FLOW_COOKIE, { path: '/sign-in/sso' });
    setSessionCookie(reply, result.sessionToken, {
      secure: opts.secureCookies,
      maxAgeMs: opts.absoluteMs,
    });
    return reply.redirect('/', 303);
  });
}

function readFlow(request: FastifyRequest): SignInFlow | null {
  const raw = request.cookies[FLOW_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const parsed = flowSchema.safeParse(
      JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
