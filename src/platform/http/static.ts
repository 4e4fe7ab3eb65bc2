import { fileURLToPath } from 'node:url';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fastifyStatic from '@fastify/static';

const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const govukDist = dir('../../../node_modules/govuk-frontend/dist/govuk/');

// Our compiled CSS and small scripts, and GOV.UK Frontend's script and assets. Nothing else.
const PUBLIC_FILES = new Set([
  '/app.css',
  '/app.js',
  '/plain-language.js',
  '/favicon.svg',
  '/govuk-frontend.min.js',
]);

export async function staticAssets(app: FastifyInstance) {
  app.addHook('onRoute', (route: RouteOptions) => {
    // Mutated in place: the pipeline keeps a reference to each route's config.
    Object.assign((route.config ??= {}), { policy: 'public', static: true });
  });
  await app.register(fastifyStatic, {
    root: [dir('../../../public'), govukDist],
    prefix: '/public/',
    allowedPath: (pathname) => PUBLIC_FILES.has(pathname),
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: `${govukDist}assets`,
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
  });
}
