import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A cookie-keeping client over app.inject(): it signs in, follows the form pattern (fetches a
 * page, takes its CSRF token, posts) and keeps every cookie the app sets, as a browser would.
 */
export class Agent {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrfToken = token;
    return res;
  }

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookie(name: string) {
    return this.cookies.has(name);
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { cookie: this.cookieHeader, ...headers },
      }),
    );
  }

  /** Posts a form. Takes a CSRF token from `from` (or the last page seen) unless one is given. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { from?: string; csrf?: boolean } = {},
  ) {
    if (opts.from) await this.get(opts.from);
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', this.csrfToken);
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  async signIn(email: string, password: string) {
    const res = await this.post('/sign-in', { email, password }, { from: '/sign-in' });
    if (res.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${res.statusCode}`);
    return res;
  }
}
