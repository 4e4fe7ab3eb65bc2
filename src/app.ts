import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './platform/db/index.js';
import type { Mailer } from './platform/mail/index.js';
import { registerErrorHandling, tooManyAttempts } from './platform/http/errors.js';
import { type NavItem, registerPipeline } from './platform/http/pipeline.js';
import { pgRateLimitStore } from './platform/http/rate-limit-store.js';
import { staticAssets } from './platform/http/static.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { logSerializers } from './platform/http/logging.js';
import { openApi } from './platform/http/openapi.js';
import { createViewEnvironment } from './platform/views/env.js';
import { authRoutes } from './platform/auth/routes.js';
import { oidcRoutes } from './platform/auth/oidc-routes.js';
import { hasOidcProvider } from './platform/auth/oidc.js';
import { apiTokenRoutes } from './platform/auth/api-token-routes.js';
import { auditRoutes } from './platform/audit/routes.js';
import { outboxRoutes } from './platform/mail/routes.js';
import { systemRoutes } from './platform/http/system-routes.js';
import { homeRoutes } from './modules/home/routes.js';
import { trainingRoutes } from './modules/training/routes.js';
import { trainingApi } from './modules/training/api.js';
import { trainingCompletionRoutes } from './modules/training/completion-routes.js';
import { partnershipRoutes } from './modules/partnership/routes.js';
import { partnershipApi } from './modules/partnership/api.js';
import { frameworkRoutes } from './modules/frameworks/routes.js';
import { frameworkApi } from './modules/frameworks/api.js';
import { familyRoutes } from './modules/families/routes.js';
import { familyApi } from './modules/families/api.js';
import { planRoutes } from './modules/plans/index.js';
import { planApi } from './modules/plans/api.js';
import { plainLanguageRoutes } from './modules/plain-language/routes.js';
import { meetingRoutes } from './modules/meetings/routes.js';
import { meetingApi } from './modules/meetings/api.js';
import { practiceRoutes } from './modules/practice/routes.js';
import { practiceApi } from './modules/practice/api.js';
import { caseloadRoutes } from './modules/caseload/routes.js';
import { caseloadApi } from './modules/caseload/api.js';
import './platform/http/types.js';

export interface AppDeps {
  config: Config;
  database: Database;
  mail: Mailer;
  clock?: () => Date;
  logger?: FastifyServerOptions['logger'];
}

/** Service navigation: each item is shown to those its policy lets through. */
const navigation: NavItem[] = [
  { href: '/', text: 'Home', policy: 'signedIn' },
  { href: '/families', text: 'Families', policy: 'signedIn' },
  { href: '/practice', text: 'Everyday practice', policy: 'signedIn' },
  { href: '/team', text: 'My team', policy: 'manager' },
  { href: '/framework', text: 'Practice framework', policy: 'signedIn' },
  { href: '/training', text: 'Training', policy: 'signedIn' },
  { href: '/training/coverage', text: 'Coverage', policy: 'leader' },
  { href: '/admin', text: 'Partnership', policy: 'partnershipAdmin' },
  { href: '/admin/audit', text: 'Audit log', policy: 'partnershipAdmin' },
];

const REQUEST_ID = /^[\w.-]{1,64}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, mail } = deps;
  const clock = deps.clock ?? (() => new Date());
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;

  const app = Fastify({
    logger: deps.logger ?? { level: config.LOG_LEVEL, serializers: logSerializers },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 256 * 1024,
    // A number of proxies: believe that many hops of X-Forwarded-For, counted from our end.
    trustProxy:
      typeof config.TRUST_PROXY === 'number'
        ? (_address: string, hop: number) => hop < (config.TRUST_PROXY as number)
        : config.TRUST_PROXY,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerSecurityHeaders(app, { secureCookies: config.secureCookies });
  await app.register(cookie, { secret: config.SESSION_SECRET });
  await app.register(formbody);
  // Forms send urlencoded bodies and the API JSON; nothing takes plain text, so it is a 415
  // (Unsupported Media Type) rather than a string that every route would refuse as a 400.
  app.removeContentTypeParser('text/plain');
  await app.register(csrf, {
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: '/',
    },
  });
  await app.register(rateLimit, {
    global: false,
    store: pgRateLimitStore(database.query, clock),
    errorResponseBuilder: tooManyAttempts,
  });
  await openApi(app);

  registerErrorHandling(app);
  registerPipeline(app, {
    db: database.db,
    prepare: database.prepare,
    mail,
    clock,
    baseUrl: config.baseUrl,
    secureCookies: config.secureCookies,
    idleMs,
    absoluteMs,
    navigation,
    views: createViewEnvironment(),
  });

  // Platform pages
  await app.register(staticAssets);
  await app.register(systemRoutes, { database });
  await app.register(authRoutes, {
    secureCookies: config.secureCookies,
    absoluteMs,
    ssoEnabled: () => hasOidcProvider(database.db),
  });
  await app.register(oidcRoutes, {
    secureCookies: config.secureCookies,
    absoluteMs,
    baseUrl: config.baseUrl,
    loopbackHttpIssuers: config.NODE_ENV !== 'production',
  });
  await app.register(apiTokenRoutes);
  await app.register(auditRoutes);
  await app.register(outboxRoutes, { smtpConfigured: Boolean(config.SMTP_URL) });

  // Capabilities
  await app.register(homeRoutes);
  await app.register(partnershipRoutes);
  await app.register(frameworkRoutes);
  await app.register(trainingRoutes);
  await app.register(trainingCompletionRoutes);
  await app.register((await import('./modules/training/coverage-routes.js')).trainingCoverage);
  await app.register((await import('./modules/training/cascade-routes.js')).cascadeRoutes);
  await app.register(familyRoutes);
  await app.register(planRoutes);
  await app.register(plainLanguageRoutes);
  await app.register(practiceRoutes);
  await app.register(caseloadRoutes);
  await app.register(meetingRoutes);

  // The JSON API: the same services, bearer tokens, problem+json errors
  await app.register(partnershipApi, { prefix: '/api/v1' });
  await app.register(frameworkApi, { prefix: '/api/v1' });
  await app.register(trainingApi, { prefix: '/api/v1' });
  await app.register(familyApi, { prefix: '/api/v1' });
  await app.register(planApi, { prefix: '/api/v1' });
  await app.register(practiceApi, { prefix: '/api/v1' });
  await app.register(meetingApi, { prefix: '/api/v1' });
  await app.register(caseloadApi, { prefix: '/api/v1' });

  return app;
}
