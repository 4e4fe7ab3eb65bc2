import type { FastifyRequest } from 'fastify';

// Logs carry no personal data: query strings (search terms are often names) are dropped, and
// the secrets in emailed links are masked. Cookies and authorization headers are never logged.
const SECRET_IN_PATH = /^\/(reset-password|invitation)\/[^/?]+/;

export function safeUrl(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.replace(SECRET_IN_PATH, '/$1/:token');
}

/**
 * An error as logged. A failed query's error (drizzle's) carries the values it was sent, in its
 * params and after "params:" in its message: names, dates of birth, notes. Only the SQL and the
 * database's own error code and message are kept.
 */
export function safeError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error), stack: '' };
  if (!('params' in error))
    return {
      type: error.name,
      message: error.message,
      stack: error.stack ?? '',
      code: (error as { code?: unknown }).code,
    };
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const message = error.message.split('\nparams:')[0] ?? '';
  return {
    type: error.name,
    message,
    // The stack begins with the message, values and all: only the message without them is kept.
    stack: message,
    code: cause?.code,
    cause: typeof cause?.message === 'string' ? cause.message : undefined,
  };
}
interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export const logSerializers = {
  req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
  err: safeError,
};
