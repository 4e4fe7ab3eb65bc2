/**
 * A browser in miniature over fetch: keeps cookies per host and path (like a browser, not per
 * port), follows redirects (and instant meta refreshes) across sites one hop at a time, and
 * fills in CSRF tokens. For journeys that leave the app, such as single sign-on.
 */
interface StoredCookie {
  host: string;
  path: string;
  name: string;
  value: string;
}

export interface Page {
  url: string;
  status: number;
  body: string;
  /** Every URL visited on the way, redirects included. */
  trail: string[];
}

export class FetchBrowser {
  private cookies: StoredCookie[] = [];
  csrfToken = '';

  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  private cookieHeader(url: URL) {
    return this.cookies
      .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private remember(url: URL, res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? url.pathname.replace(/\/[^/]*$/, '');
      const expires = attr('expires');
      const gone =
        value === '' ||
        attr('max-age') === '0' ||
        (expires !== undefined && new Date(expires).getTime() < Date.now());
      this.cookies = this.cookies.filter(
        (c) => !(c.host === url.hostname && c.name === name && c.path === (path || '/')),
      );
      if (!gone) this.cookies.push({ host: url.hostname, path: path || '/', name, value });
    }
  }

  /** One request, no redirects followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const target = new URL(url);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.remember(target, res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { res, text };
  }

  /** Goes to a URL (GET, or POST with a form) and follows redirects to the page they end on. */
  async visit(url: string, form?: Record<string, string>, maxHops = 20): Promise<Page> {
    const trail = [url];
    let { res, text } = await this.request(url, {
      form: form && { _csrf: this.csrfToken, ...form },
    });
    let current = url;
    for (let hop = 0; ; hop++) {
      const next =
        res.status >= 300 && res.status < 400 ? res.headers.get('location') : metaRefresh(text);
      if (!next) break;
      if (hop >= maxHops) throw new Error(`Too many redirects: ${trail.join(' -> ')}`);
      current = new URL(next, current).href;
      trail.push(current);
      ({ res, text } = await this.request(current));
    }
    return { url: current, status: res.status, body: text, trail };
  }
}

/** Where an instant `<meta http-equiv="refresh">` sends the browser, if the page has one. */
export function metaRefresh(html: string): string | null {
  const url = /<meta http-equiv="refresh" content="0; url=([^"]+)">/i.exec(html)?.[1];
  return url ? url.replaceAll('&amp;', '&') : null;
}

function pathMatches(requestPath: string, cookiePath: string) {
  return (
    requestPath === cookiePath ||
    requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`)
  );
}
