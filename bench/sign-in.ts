// Signs in the way a browser does: fetch the form, keep its cookies and CSRF token, post it.
// Returns the Cookie header to send with every request under load.

export function remember(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at).trim();
    const value = pair!.slice(at + 1).trim();
    if (value) jar.set(name, value);
    else jar.delete(name);
  }
}

export const header = (jar: Map<string, string>) =>
  [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** The CSRF token of the first form on a page, as a browser would post it. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await fetch(`${origin}/sign-in`, { redirect: 'manual' });
  remember(jar, form);
  const csrf = csrfOf(await form.text());
  if (!csrf) throw new Error('The sign-in page has no CSRF token');

  const response = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  remember(jar, response);
  await response.arrayBuffer();
  if (response.status !== 303 || !jar.has('dw_session')) {
    throw new Error(`Signing in as ${email} failed: ${response.status}`);
  }
  return header(jar);
}
