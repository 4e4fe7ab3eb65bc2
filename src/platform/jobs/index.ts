import PgBoss from 'pg-boss';
import type { Database, Db } from '../db/index.js';
import type { Mailer } from '../mail/index.js';

/** What a job gets: the database, the mailer and the time, as a request's service would. */
export interface JobContext {
  db: Db;
  mail: Mailer;
  now: Date;
  baseUrl: string;
}

/**
 * A background job. Jobs are written as sweeps over the database ("send every reminder now due"),
 * so running one twice, late or on two processes at once does no harm, and tests run them
 * directly with a fake clock. pg-boss runs them on their schedule and retries failures.
 */
export interface JobDefinition {
  name: string;
  /** Cron expression in UTC; pg-boss makes sure one process runs each tick. */
  cron: string;
  run(ctx: JobContext): Promise<void>;
}

export interface JobRunner {
  /** Asks for a job to run soon, outside its schedule (after a change that makes work for it). */
  trigger(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  database: Database;
  mail: Mailer;
  baseUrl: string;
  clock?: () => Date;
  onError: (error: unknown) => void;
}

export async function startJobs(
  definitions: JobDefinition[],
  opts: StartOptions,
): Promise<JobRunner> {
  const boss = new PgBoss({
    // pg-boss talks to either database through a raw query function, as the tables' owner: it
    // creates and alters its own schema (on a server the app's own role may not, ADR 0006).
    db: {
      executeSql: (text: string, values?: unknown[]) => opts.database.ownerQuery(text, values),
    },
    schema: 'pgboss',
  });
  boss.on('error', opts.onError);
  await boss.start();
  const clock = opts.clock ?? (() => new Date());
  for (const job of definitions) {
    await boss.createQueue(job.name, {
      name: job.name,
      policy: 'singleton',
      retryLimit: 5,
      retryBackoff: true,
    });
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, { pollingIntervalSeconds: 2 }, async () => {
      await job.run({ db: opts.database.db, mail: opts.mail, now: clock(), baseUrl: opts.baseUrl });
    });
  }
  return {
    trigger: async (name) => {
      await boss.send(name, {});
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
