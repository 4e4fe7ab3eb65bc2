import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './app.js';

/** A free port on 127.0.0.1, to give the app its address (BASE_URL) before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The test app listening on a real port, for journeys that leave it and come back. */
export async function startListeningTestApp(
  env: Record<string, string> = {},
): Promise<TestApp & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ BASE_URL: baseUrl, ...env });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, baseUrl };
}
