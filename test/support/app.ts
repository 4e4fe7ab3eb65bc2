import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/platform/db/index.js';
import { createMailer, type Mailer } from '../../src/platform/mail/index.js';
import { testDatabase } from './database.js';

/** A clock the test moves by hand (session timeouts, lockouts, link expiry). */
export class TestClock {
  constructor(private current = new Date('2026-11-21T10:00:00Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  mail: Mailer;
  clock: TestClock;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh copy of the migrated database: nothing is mocked. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env });
  const clock = new TestClock();
  const mail = createMailer({ db: database.db, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  const app = await buildApp({ config, database, mail, clock: clock.now });
  await app.ready();
  return {
    app,
    database,
    mail,
    clock,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
