import type { FastifyRequest } from 'fastify';

// Logs carry no personal data: query strings (search terms are often names) are dropped, and
// the secrets in emailed links are masked. Cookies and authorization headers are never logged.
const SECRET_IN_PATH = /^\/(reset-password|invitation)\/[^/?]+/;

export function safeUrl(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.replace(SECRET_IN_PATH, '/$1/:token');
}

export const logSerializers = {
  req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
};
