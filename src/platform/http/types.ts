import type { Actor } from '../access/actor.js';
import type { PolicyName } from '../access/policies.js';
import type { ServiceContext } from './context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route. Required on every route: see src/platform/access/policies.ts. */
    policy?: PolicyName;
  }
  interface FastifyRequest {
    actor: Actor;
    sessionIdHash: string | null;
    sessionExpiresAt: Date | null;
    /** When the session ends however active its person is (the absolute timeout). */
    sessionEndsAt: Date | null;
    partnershipName: string | null;
    /** What a service needs: the database, who is acting, the request id, the time. */
    ctx: ServiceContext;
  }
  interface FastifyReply {
    /** Renders a page inside the layout with the shared locals (actor, navigation, CSRF token). */
    page(template: string, locals?: Record<string, unknown>): Promise<FastifyReply>;
  }
}
