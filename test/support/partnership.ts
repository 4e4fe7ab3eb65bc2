import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/platform/db/index.js';
import type { ServiceContext } from '../../src/platform/http/context.js';
import type { Mailer } from '../../src/platform/mail/index.js';
import { outbox } from '../../src/platform/mail/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import type { people } from '../../src/platform/tenancy/tables.js';
import { Agent } from './agent.js';
import type { TestApp } from './app.js';
import { makePartnership, makePerson, PASSWORD } from './factories.js';

/** A partnership with a signed-in admin, for the partnership admin pages' tests. */
export async function adminOfNewPartnership(t: TestApp) {
  const made = await makePartnership(t.database.db);
  const admin = await makePerson(t.database.db, made.partnership.id, {
    roles: ['admin'],
    name: 'Ada Admin',
  });
  const agent = new Agent(t.app);
  await agent.signIn(admin.email, PASSWORD);
  return { ...made, admin, agent };
}

/** What a service needs to act as this person, without HTTP. */
export function contextFor(
  db: Db,
  mail: Mailer,
  person: typeof people.$inferSelect,
  now = new Date('2026-11-21T10:00:00Z'),
): ServiceContext {
  return {
    db,
    mail,
    now,
    requestId: 'test',
    baseUrl: 'http://localhost:3000',
    actor: {
      kind: 'person',
      id: person.id,
      partnershipId: person.partnershipId,
      name: person.name,
      roles: person.roles,
      organisationId: person.organisationId,
      teamIds: [],
    },
  };
}

/** The newest email to an address, and the invitation link's path in it. */
export async function latestMailTo(db: Db, to: string) {
  const [mail] = await db
    .select()
    .from(outbox)
    .where(eq(outbox.to, to))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  const invitation = mail ? /\/invitation\/[\w-]+/.exec(mail.text)?.[0] : undefined;
  return { mail, invitation };
}

export async function auditRowsFor(db: Db, action: string, recordId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.recordId, recordId)));
}
