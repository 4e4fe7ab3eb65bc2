import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { audit, type AuditEntry } from '../audit/index.js';
import { Refusal } from './forms.js';

/** Thrown by services and handlers for an expected refusal; never carries a stack to the user. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 409 | 413 | 422 | 429,
    message: string,
    readonly detail?: string,
    /** A refusal to record in the audit log once the failed transaction has rolled back. */
    readonly denial?: AuditEntry,
  ) {
    super(message);
  }
}

const PAGE_NOT_FOUND = 'Page not found';
/** The API's words for the same: it has no pages, and a record it may not see is not there. */
const API_NOT_FOUND = 'There is nothing at this address that you may see';

/**
 * Refuses access to a record as if it did not exist, and audits the refusal. Thrown inside a
 * service's transaction: that transaction rolls back, and the error handler writes the denial.
 */
export const deniedAsNotFound = (entry: Omit<AuditEntry, 'outcome'>) =>
  new HttpError(404, PAGE_NOT_FOUND, undefined, { ...entry, outcome: 'denied' });

/** A refusal of the route itself, for the audit log. */
export const routeDenial = (request: FastifyRequest): AuditEntry => ({
  action: 'access.denied',
  recordType: 'route',
  recordId: `${request.method} ${request.routeOptions.url}`,
  outcome: 'denied',
});

export const notFound = (what = PAGE_NOT_FOUND) => new HttpError(404, what);
export const forbidden = (why = 'You do not have permission to do that') => new HttpError(403, why);
export const tooManyAttempts = () =>
  new HttpError(429, 'There have been too many attempts. Wait a minute and try again.');

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
};

/**
 * Whether the request is for the API, by the route it matched: the raw URL would let
 * /%61pi/v1/... reach an API route as a page, with the session cookie.
 */
export const isApi = (request: FastifyRequest) =>
  (request.routeOptions.url ?? request.url).startsWith('/api/');

/** RFC 9457 problem details, the one error shape of the API. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail?: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: titles[status] ?? 'Error', status, detail, ...extra });
}

/** A rule the service checked (a field to fix): 400 with each field's message. */
export const refusedProblem = (reply: FastifyReply, errors: Record<string, string>) =>
  sendProblem(reply, 400, 'The request is not valid', {
    errors: Object.entries(errors).map(([path, message]) => ({ path, message })),
  });

async function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail?: string,
) {
  if (isApi(request))
    return sendProblem(
      reply,
      status,
      status === 404 && detail === PAGE_NOT_FOUND ? API_NOT_FOUND : detail,
    );
  const template = [403, 404, 413, 429].includes(status) ? status : status >= 500 ? 500 : 400;
  reply.status(status);
  return reply.page(`errors/${template}.njk`, {
    detail: status >= 500 ? undefined : detail,
  });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 404));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      // Every refusal is on record: a service's 403 as the route refused, like a policy's.
      const denial = error.denial ?? (error.statusCode === 403 ? routeDenial(request) : null);
      if (denial && request.ctx) await audit(request.ctx.db, request.ctx, denial);
      return sendErrorPage(request, reply, error.statusCode, error.detail ?? error.message);
    }
    // A service's refusal that its route did not turn into a form's errors: the API names the
    // fields, as for any other refusal; a page shows the messages.
    if (error instanceof Refusal) {
      if (isApi(request)) return refusedProblem(reply, error.errors);
      return sendErrorPage(request, reply, 400, Object.values(error.errors).join('. '));
    }
    if (error.validation && isApi(request)) {
      return sendProblem(reply, 400, 'The request is not valid', {
        errors: error.validation.map((v) => ({
          path: String(v.instancePath ?? '')
            .replace(/^\//, '')
            .replaceAll('/', '.'),
          message: v.message,
        })),
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendErrorPage(request, reply, 500);
    }
    // Framework refusals (bad CSRF token, body too large, bad content type): no internals shown.
    const detail =
      error.code?.startsWith('FST_CSRF') === true
        ? 'The form had expired or was not sent from this service. Go back, reload the page and try again.'
        : status === 413
          ? 'What you sent is too large.'
          : status === 429
            ? tooManyAttempts().message
            : 'The request could not be understood.';
    return sendErrorPage(request, reply, status, detail);
  });
}
