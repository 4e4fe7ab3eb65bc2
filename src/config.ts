import { z } from 'zod';

// The only reader of process.env. Every setting has a safe local default, except those a
// production deployment must choose for itself (checked at the bottom).
const DEV_SECRET = 'local-development-secret-not-for-production-use';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Doing With <no-reply@doingwith.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Which X-Forwarded-For entries to believe. "true" believes them all, so the client can choose
  // its own address (and escape per-address limits) unless the proxy overwrites the header: a
  // number of proxies in front, or their addresses, is safer.
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine(
      (v) => /^(true|false|\d+|[\da-fA-F:./]+(\s*,\s*[\da-fA-F:./]+)*)$/.test(v),
      'use false, true, the number of proxies in front of the app, or their addresses separated by commas',
    )
    .transform((v): boolean | number | string[] =>
      v === 'true' || v === 'false'
        ? v === 'true'
        : /^\d+$/.test(v)
          ? Number(v)
          : v.split(',').map((a) => a.trim()),
    ),
});

export type Config = z.infer<typeof schema> & { baseUrl: string; secureCookies: boolean };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && c.SESSION_SECRET === DEV_SECRET) {
    throw new ConfigError(
      'Configuration is not valid:\n  SESSION_SECRET: set a random secret of at least 32 characters in production',
    );
  }
  const baseUrl = c.BASE_URL ?? `http://localhost:${c.PORT}`;
  return { ...c, baseUrl, secureCookies: baseUrl.startsWith('https://') };
}
