import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/platform/auth/api-tokens.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { registeredRoutes } from '../../src/platform/http/pipeline.js';
import type { Role } from '../../src/platform/tenancy/tables.js';
import type { TestApp } from './app.js';

// The JSON API as another system uses it: a service-account token with roles and teams, JSON
// in and out, problem+json for every refusal.

export interface ApiToken {
  id: string;
  secret: string;
}

/** A token as an admin makes one: roles, and the teams it works for. */
export async function tokenFor(
  t: TestApp,
  partnershipId: string,
  createdBy: string,
  opts: { roles?: Role[]; teamIds?: string[]; name?: string } = {},
): Promise<ApiToken> {
  return createApiToken(t.database.db, {
    partnershipId,
    name: opts.name ?? 'Case management system',
    roles: opts.roles ?? ['practitioner'],
    teamIds: opts.teamIds ?? [],
    createdBy,
  });
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Calls /api/v1 with the token (none: no Authorization header). */
export function callApi(t: TestApp, token: ApiToken | null) {
  return (method: Method, path: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${path}`,
      headers: token ? { authorization: `Bearer ${token.secret}` } : {},
      ...(payload ? { payload } : {}),
    });
}

/** A refusal in the API's one error shape, with the status expected. */
export function assertProblem(res: LightMyRequestResponse, status: number, what = '') {
  assert.equal(res.statusCode, status, `${what} ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what);
  assert.equal(res.json<{ status: number }>().status, status, what);
}

/** The paths of a 400's field errors. */
export const errorPaths = (res: LightMyRequestResponse) =>
  res.json<{ errors?: { path: string }[] }>().errors?.map((e) => e.path) ?? [];

/** The audit rows a token wrote for one action on one record. */
export async function tokenAudit(
  t: TestApp,
  token: ApiToken,
  action: string,
  recordId: string,
  outcome: 'allowed' | 'denied' = 'allowed',
) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorId, token.id),
        eq(auditEvents.action, action),
        eq(auditEvents.recordId, recordId),
        eq(auditEvents.outcome, outcome),
      ),
    );
}

/** Every audit row a token has written. */
export async function auditByToken(t: TestApp, token: ApiToken) {
  return t.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, token.id));
}

/** The /api/v1 routes registered under one of the paths ('/families': it and below it). */
export function apiRoutes(t: TestApp, ...under: string[]) {
  const within = (url: string, p: string) =>
    p === '/' || url === `/api/v1${p}` || url.startsWith(`/api/v1${p}/`);
  return registeredRoutes
    .get(t.app)!
    .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
    .filter((r) => under.some((p) => within(r.url, p)))
    .map((r) => ({ method: r.method, url: r.url, policy: r.config.policy }));
}
