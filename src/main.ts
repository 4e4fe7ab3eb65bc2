import { createMailer } from './platform/mail/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './platform/db/index.js';
import { buildApp } from './app.js';
import { seedDemo, DEMO_PASSWORD } from './demo/seed.js';
import { startJobs } from './platform/jobs/index.js';
import { jobs } from './jobs.js';

// start: config -> database -> migrations -> demo data -> app -> listen; graceful stop.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
await database.migrate();
const demo = config.DEMO_DATA ? await seedDemo(database.db) : null;
const mail = createMailer({ db: database.db, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
const app = await buildApp({ config, database, mail });

// Background jobs (email delivery, reminders) run on pg-boss, in every app process.
// Started before listening, so that once "is running" is printed a stop signal is handled.
const runner = await startJobs(jobs, {
  database,
  mail,
  baseUrl: config.baseUrl,
  onError: (error) => app.log.error({ err: error }, 'background job failed'),
});

await app.listen({ port: config.PORT, host: config.HOST });

const where = config.DATABASE_URL
  ? 'the PostgreSQL server in DATABASE_URL'
  : `the embedded database in ${config.DATA_DIR}`;
console.log(`\nDoing With is running at ${config.baseUrl} on ${where}.`);
if (demo) {
  console.log(
    `\nSign in to "${demo.partnershipName}" with any of these demo accounts, password "${DEMO_PASSWORD}":`,
  );
  for (const account of demo.accounts) console.log(`  ${account.role.padEnd(22)} ${account.email}`);
}
console.log(
  config.SMTP_URL
    ? ''
    : '\nNo SMTP_URL is set: emails are kept in the outbox (Partnership > Outbox).\n',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing requests in flight');
    app
      .close()
      .then(() => runner.stop())
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error) => {
          app.log.error(error);
          process.exit(1);
        },
      );
  });
}
