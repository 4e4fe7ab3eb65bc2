// When a session expires while someone is typing, what they sent travels with the sign-in form
// (never stored on the server) and is offered back to them, unsaved, once they are signed in.

export interface Resume {
  action: string;
  fields: [string, string][];
}

const NEVER_CARRIED = /^(_csrf|password.*|resume)$/;

export function encodeResume(action: string, body: unknown): string {
  const fields: [string, string][] = [];
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (NEVER_CARRIED.test(name)) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string') fields.push([name, v]);
      }
    }
  }
  return Buffer.from(JSON.stringify({ action, fields } satisfies Resume)).toString('base64url');
}

/** Only a path on this service is accepted as where to send the form back to. */
export function decodeResume(encoded: unknown): Resume | null {
  if (typeof encoded !== 'string' || !encoded) return null;
  try {
    const r = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Resume;
    if (typeof r.action !== 'string' || !isLocalPath(r.action) || !Array.isArray(r.fields))
      return null;
    const fields = r.fields.filter(
      (f): f is [string, string] =>
        Array.isArray(f) &&
        typeof f[0] === 'string' &&
        typeof f[1] === 'string' &&
        !NEVER_CARRIED.test(f[0]),
    );
    return { action: r.action, fields };
  } catch {
    return null;
  }
}

/**
 * A path on this site, never another host. Browsers read "//evil" and "/\\evil" as other hosts,
 * and drop tabs and newlines first ("/<tab>/evil"), so no backslash or control character passes.
 */
export const isLocalPath = (p: unknown): p is string =>
  typeof p === 'string' &&
  p.startsWith('/') &&
  !p.startsWith('//') &&
  ![...p].some((c) => c <= ' ' || c === '\\');
