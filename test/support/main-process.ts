import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export interface MainProcess {
  port: number;
  baseUrl: string;
  /** Everything it has printed so far, stdout and stderr together. */
  output(): string;
  /** Sends SIGTERM and waits for the exit (rejecting after 10 s). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it and everything it started, if it is still running. */
  kill(): void;
}

/**
 * `npm start` as an operator runs it: the real src/main.ts in its own process, on a free port,
 * with no SMTP server, resolved once it has printed everything it prints at start. `env` is added
 * to this process's environment; undefined removes a variable (DATABASE_URL: the embedded database).
 */
export async function startMain(env: Record<string, string | undefined>): Promise<MainProcess> {
  const port = await freePort();
  const merged: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SMTP_URL: undefined,
    ...env,
  };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  // The app itself, as `npm start` runs it (tsx), but in one process that gets the signal: npm
  // exec dies on SIGTERM without passing it on, and tsx's CLI, which does pass it on, exits 143
  // instead of the app's own code when the app is slow to answer it (a loaded machine), even
  // though the app stops cleanly. Its own process group, so a failed test can still stop it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 120_000);
      const look = (d: Buffer) => {
        output += d.toString();
        // The last thing printed at start (with no SMTP_URL): where email goes instead.
        if (/is running[\s\S]*No SMTP_URL is set.*\n/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      void exited.then(() => reject(new Error(`exited before starting:\n${output}`)));
    });
  } catch (error) {
    kill();
    throw error;
  }
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`still running 10 s after SIGTERM:\n${output}`)), 10_000),
      );
      return Promise.race([exited, timeout]);
    },
    kill,
  };
}
