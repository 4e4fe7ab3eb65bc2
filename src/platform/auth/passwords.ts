import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

const require = createRequire(import.meta.url);
const commonPasswords = require('fxa-common-password-list') as { test(p: string): boolean };

// OWASP's argon2id settings: 19 MiB, 2 passes, 1 lane. (@node-rs/argon2 uses argon2id by default.)
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string) => hash(password, options);

// Verifying against this when an email is unknown makes both answers take the same time.
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword('decoy password that matches nothing')));
  const ok = await verify(target, password).catch(() => false);
  return stored !== null && ok;
}

/** NCSC and NIST advice: length, no composition rules, and no commonly used passwords. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (commonPasswords.test(password.toLowerCase()) || commonPasswords.test(password))
    return 'This password is too commonly used. Choose a different one, for example three random words';
  return null;
}
