import type { JobDefinition } from '../jobs/index.js';

/** Sends what is waiting in the outbox; each message is claimed first, so none goes twice. */
export const deliverMail: JobDefinition = {
  name: 'mail-deliver',
  cron: '* * * * *',
  run: async ({ mail }) => {
    await mail.deliverPending();
  },
};
