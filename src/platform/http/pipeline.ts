import type nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor } from '../access/actor.js';
import { anonymous } from '../access/actor.js';
import { allows, isPolicyName, type PolicyName } from '../access/policies.js';
import { audit } from '../audit/index.js';
import { resolveApiToken } from '../auth/api-tokens.js';
import { loadSession } from '../auth/sessions.js';
import type { Database, Db } from '../db/index.js';
import type { Mailer } from '../mail/index.js';
import { encodeResume } from './resume.js';
import { isApi, routeDenial, sendProblem } from './errors.js';
import { fittedToPage, linkedToFields, type FormErrors } from './forms.js';
import { renderView } from '../views/env.js';

export const SESSION_COOKIE = 'dw_session';

export interface NavItem {
  href: string;
  text: string;
  policy: PolicyName;
}

export interface PipelineOptions {
  db: Db;
  /** Prepares the session query that every signed-in request runs. */
  prepare: Database['prepare'];
  mail: Mailer;
  clock: () => Date;
  baseUrl: string;
  secureCookies: boolean;
  idleMs: number;
  absoluteMs: number;
  navigation: NavItem[];
  views: nunjucks.Environment;
}

interface RouteRecord {
  method: string;
  url: string;
  config: { policy?: unknown };
}

/** Every route the app registered, with the policy it declared (read by tests and start-up). */
export const registeredRoutes = new WeakMap<FastifyInstance, RouteRecord[]>();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerPipeline(app: FastifyInstance, opts: PipelineOptions) {
  const routes: RouteRecord[] = [];
  registeredRoutes.set(app, routes);
  const sessionStore = { db: opts.db, prepare: opts.prepare };

  app.addHook('onRoute', (route: RouteOptions) => {
    route.config ??= {};
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, config: route.config });
  });

  // Deny by default: the app refuses to start while any route has no valid policy.
  app.addHook('onReady', async () => {
    const missing = routes.filter((r) => !isPolicyName(r.config.policy));
    if (missing.length) {
      throw new Error(
        `Routes without a policy: ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
    }
  });

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('sessionExpiresAt', null);
  app.decorateRequest('sessionEndsAt', null);
  app.decorateRequest('partnershipName', null);
  app.decorateRequest('ctx', null as never);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.actor = anonymous;
    const now = opts.clock();
    const config = request.routeOptions.config as
      { policy?: PolicyName; static?: boolean } | undefined;
    if (!config?.static) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer && isApi(request)) {
        request.actor = (await resolveApiToken(opts.db, bearer, now)) ?? anonymous;
      } else if (!isApi(request)) {
        const token = request.cookies[SESSION_COOKIE];
        const session = token
          ? await loadSession(sessionStore, token, now, {
              idleMs: opts.idleMs,
              absoluteMs: opts.absoluteMs,
            })
          : null;
        if (session) {
          request.actor = session.actor;
          request.sessionIdHash = session.idHash;
          request.sessionExpiresAt = session.expiresAt;
          request.sessionEndsAt = session.endsAt;
          request.partnershipName = session.partnershipName;
        } else if (token) {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }
    request.ctx = {
      db: opts.db,
      actor: request.actor,
      requestId: request.id,
      now,
      mail: opts.mail,
      baseUrl: opts.baseUrl,
    };
  });

  // After the body is parsed and before it is validated: the CSRF token, then the policy. The
  // token comes first so that a signed-out post is only kept for after sign-in (refuse) when it
  // came from our own form: a cross-site post must not be turned into one by signing in.
  app.addHook('preValidation', async (request, reply) => {
    const policy = (request.routeOptions.config as { policy?: PolicyName }).policy;
    if (!policy) return; // the not-found handler
    // PostgreSQL refuses NUL in text: a %00 in a search would otherwise fail the page.
    request.body = withoutNul(request.body);
    if (request.url.includes('%00')) {
      request.query = withoutNul(request.query);
      request.params = withoutNul(request.params);
    }
    if (!SAFE_METHODS.has(request.method) && !isApi(request)) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())),
      );
    }
    if (!allows(policy, request.actor)) return refuse(request, reply, opts.db);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.actor.kind !== 'anonymous' || reply.getHeader('set-cookie')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  app.decorateReply('page', async function page(this: FastifyReply, template: string, locals = {}) {
    const request = this.request;
    const actor = request.actor ?? anonymous;
    const path = request.url.split('?')[0] ?? '/';
    const navigation = opts.navigation
      .filter((item) => allows(item.policy, actor))
      .map((item) => ({
        href: item.href,
        text: item.text,
        active: item.href === '/' ? path === '/' : path.startsWith(item.href),
      }));
    const shared = {
      actorName: actor.kind === 'person' ? actor.name : null,
      partnershipName: actor.kind === 'person' ? (request.partnershipName ?? null) : null,
      navigation: actor.kind === 'person' ? navigation : [],
      csrfToken: this.generateCsrf(),
      cspNonce: this.cspNonce,
      idleSeconds: Math.round(opts.idleMs / 1000),
      // The absolute timeout cannot be put off: the page warns before it as before the idle one.
      sessionEndsInSeconds: request.sessionEndsAt
        ? Math.max(0, Math.round((request.sessionEndsAt.getTime() - opts.clock().getTime()) / 1000))
        : null,
      absoluteHours: Math.round(opts.absoluteMs / 3_600_000),
      ...locals,
    };
    const errorList =
      'errorList' in locals && Array.isArray(locals.errorList)
        ? linkedToFields(locals.errorList as FormErrors['errorList'], request.body ?? request.query)
        : null;
    let html = await renderView(
      opts.views,
      template,
      errorList ? { ...shared, errorList } : shared,
    );
    // A second rendering when the summary does not fit the page (rare: see fittedToPage).
    const fitted = errorList?.length ? fittedToPage(errorList, html) : null;
    if (fitted) html = await renderView(opts.views, template, { ...shared, errorList: fitted });
    return this.type('text/html; charset=utf-8').send(html);
  });
}

async function refuse(request: FastifyRequest, reply: FastifyReply, db: Db) {
  if (request.actor.kind === 'anonymous') {
    if (isApi(request)) {
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(reply, 401, 'Send a valid API token as "Authorization: Bearer <token>"');
    }
    if (request.method === 'GET') {
      // A session cookie that signs no one in any more: their session ended (it timed out, or was
      // ended elsewhere). The sign-in page says so, rather than appearing out of nowhere.
      const ended = request.cookies[SESSION_COOKIE] ? '&ended' : '';
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}${ended}`, 303);
    }
    // A session that expired while someone was typing: keep what they sent, ask them to sign in.
    reply.status(401);
    return reply.page('auth/views/sign-in.njk', {
      resume: encodeResume(request.url, request.body),
      expired: true,
      values: {},
    });
  }
  await audit(db, request.ctx, routeDenial(request));
  if (isApi(request)) return sendProblem(reply, 403, 'This token is not allowed to do that');
  reply.status(403);
  return reply.page('errors/403.njk');
}

/**
 * NUL characters taken out of what was sent: no one types one, and PostgreSQL refuses them in
 * text, which would fail the whole change.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object' && isPlain(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]));
  return value;
}

/** A parsed form (fast-querystring's has a prototype of its own) or JSON object, not a buffer. */
function isPlain(value: object) {
  return !ArrayBuffer.isView(value) && !(value instanceof Date);
}
