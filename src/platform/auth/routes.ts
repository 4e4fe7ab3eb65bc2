import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../http/pipeline.js';
import { fieldError, validateForm } from '../http/forms.js';
import { HttpError, tooManyAttempts } from '../http/errors.js';
import { decodeResume, isLocalPath } from '../http/resume.js';
import { touchSession } from './sessions.js';
import {
  findLink,
  normaliseEmail,
  requestPasswordReset,
  setPasswordWithLink,
  signInWithPassword,
  signOut,
} from './service.js';
import type { TokenPurpose } from './tables.js';

const SIGN_IN_FAILED =
  'Enter a correct email address and password. After 6 wrong attempts an account is locked for 30 minutes.';

// The 7th attempt in a minute most often comes after six wrong ones, which lock the account for
// 30 minutes: "wait a minute", right for other limits, could send people back to a refusal.
const SIGN_IN_LIMITED =
  'There have been too many attempts to sign in with this email address. If 6 of them had the wrong password, the account is locked for 30 minutes: wait 30 minutes, or reset your password to sign in straight away.';

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
});

const emailSchema = z.object({
  email: z
    .string('Enter your email address')
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
});

const newPasswordSchema = z
  .object({
    password: z.string().min(1, 'Enter a new password'),
    confirm: z.string().min(1, 'Enter the password again'),
  })
  .refine((v) => v.password === v.confirm, {
    path: ['confirm'],
    message: 'The passwords do not match',
  });

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : '';
};

export interface AuthRouteOptions {
  secureCookies: boolean;
  absoluteMs: number;
  /** Where a sign-in button for the partnership's identity provider starts, if one is set up. */
  ssoEnabled: () => Promise<boolean>;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  opts: { secure: boolean; maxAgeMs: number },
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    maxAge: Math.floor(opts.maxAgeMs / 1000),
  });
}

export async function authRoutes(app: FastifyInstance, opts: AuthRouteOptions) {
  const publicRoute = { policy: 'public' as const };
  const startSignedIn = (reply: FastifyReply, token: string) =>
    setSessionCookie(reply, token, { secure: opts.secureCookies, maxAgeMs: opts.absoluteMs });

  const signInPage = async (reply: FastifyReply, locals: Record<string, unknown>) =>
    reply.page('auth/views/sign-in.njk', { sso: await opts.ssoEnabled(), values: {}, ...locals });

  app.get('/sign-in', { config: publicRoute }, async (request, reply) => {
    const { returnTo, ended } = request.query as { returnTo?: string; ended?: string };
    if (request.actor.kind === 'person')
      return reply.redirect(isLocalPath(returnTo) ? returnTo : '/', 303);
    return signInPage(reply, {
      returnTo: isLocalPath(returnTo) ? returnTo : undefined,
      ended: ended !== undefined,
    });
  });

  // Password spraying tries a few passwords on many accounts, which the per-account limit and
  // the lockout never see; so one address gets a minute's allowance across all accounts too. It
  // is generous, as an office's staff may share one address.
  // (A limiter of its own: the plugin runs only one limit per request.)
  const fromAddress = app.createRateLimit({
    max: 60,
    timeWindow: 60_000,
    keyGenerator: (request) => `sign-in-from:${request.ip}`,
  });
  const perAddress = async (request: FastifyRequest) => {
    const counted = await fromAddress(request);
    if (!counted.isAllowed && counted.isExceeded) throw tooManyAttempts();
  };

  app.post(
    '/sign-in',
    {
      preHandler: perAddress,
      config: {
        ...publicRoute,
        // The 7th attempt on one account within a minute is refused, across every app process.
        rateLimit: {
          max: 6,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `sign-in:${normaliseEmail(emailOf(request.body))}`,
          // No address, no account to protect: the form says what is missing, and the limit
          // from one address still applies. (Otherwise every empty form shares one count.)
          allowList: (_request, key) => key === 'sign-in:',
          errorResponseBuilder: () => new HttpError(429, 'Too many attempts', SIGN_IN_LIMITED),
        },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const locals = {
        values: { email: body.email },
        returnTo: body.returnTo,
        resume: body.resume,
      };
      const form = validateForm(signInSchema, body);
      if (!form.ok) return signInPage(reply.status(400), { ...locals, ...form });
      const result = await signInWithPassword(request.ctx, form.data.email, form.data.password);
      if (!result.ok)
        return signInPage(reply.status(400), { ...locals, ...fieldError('email', SIGN_IN_FAILED) });
      startSignedIn(reply, result.sessionToken);
      const resume = decodeResume(body.resume);
      if (resume) {
        // Fresh CSRF token on a page of its own: what they typed goes back only when they say so.
        return reply.page('auth/views/resume.njk', { resume });
      }
      return reply.redirect(isLocalPath(body.returnTo) ? body.returnTo : '/', 303);
    },
  );

  app.post('/sign-out', { config: { policy: 'signedIn' } }, async (request, reply) => {
    if (request.sessionIdHash) await signOut(request.ctx, request.sessionIdHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: publicRoute }, async (_request, reply) =>
    reply.page('auth/views/signed-out.njk'),
  );

  // Called by the session warning's "Stay signed in" button.
  app.post('/session/keep-alive', { config: { policy: 'signedIn' } }, async (request, reply) => {
    if (request.sessionIdHash)
      await touchSession(request.ctx.db, request.sessionIdHash, request.ctx.now);
    return reply.status(204).send();
  });

  app.get('/forgot-password', { config: publicRoute }, async (_request, reply) =>
    reply.page('auth/views/forgot-password.njk', { values: {} }),
  );

  app.post(
    '/forgot-password',
    {
      config: {
        ...publicRoute,
        rateLimit: {
          max: 10,
          timeWindow: 60_000,
          keyGenerator: (request) => `forgot:${request.ip}`,
        },
      },
    },
    async (request, reply) => {
      const form = validateForm(emailSchema, request.body);
      if (!form.ok)
        return reply
          .status(400)
          .page('auth/views/forgot-password.njk', { values: request.body ?? {}, ...form });
      await requestPasswordReset(request.ctx, form.data.email);
      return reply.redirect('/forgot-password/sent', 303);
    },
  );

  app.get('/forgot-password/sent', { config: publicRoute }, async (_request, reply) =>
    reply.page('auth/views/reset-sent.njk'),
  );

  const linkPages: [string, TokenPurpose][] = [
    ['/reset-password/:token', 'reset'],
    ['/invitation/:token', 'invite'],
  ];
  for (const [path, purpose] of linkPages) {
    app.get(path, { config: publicRoute }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const link = await findLink(request.ctx.db, token, purpose, request.ctx.now);
      if (!link) return reply.status(410).page('auth/views/link-expired.njk', { purpose });
      return reply.page('auth/views/set-password.njk', { purpose, name: link.name });
    });

    app.post(
      path,
      {
        config: {
          ...publicRoute,
          rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (r) => `link:${r.ip}` },
        },
      },
      async (request, reply) => {
        const { token } = request.params as { token: string };
        const form = validateForm(newPasswordSchema, request.body);
        const rerender = async (errors: object) => {
          const link = await findLink(request.ctx.db, token, purpose, request.ctx.now);
          if (!link) return reply.status(410).page('auth/views/link-expired.njk', { purpose });
          return reply
            .status(400)
            .page('auth/views/set-password.njk', { purpose, name: link.name, ...errors });
        };
        if (!form.ok) return rerender(form);
        const result = await setPasswordWithLink(request.ctx, token, purpose, form.data.password);
        if (result.ok) {
          startSignedIn(reply, result.sessionToken);
          return reply.redirect('/', 303);
        }
        if ('expired' in result)
          return reply.status(410).page('auth/views/link-expired.njk', { purpose });
        return rerender(fieldError('password', result.error));
      },
    );
  }
}
