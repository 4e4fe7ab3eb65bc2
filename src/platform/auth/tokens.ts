import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or an emailed link; only its hash is ever stored. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
