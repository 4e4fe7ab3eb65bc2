import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/platform/audit/tables.js';
import type { ServiceContext } from '../../src/platform/http/context.js';
import { teams, type people, type Role } from '../../src/platform/tenancy/tables.js';
import { Agent } from './agent.js';
import type { TestApp } from './app.js';
import { makePartnership, makePerson, PASSWORD } from './factories.js';

// A partnership with two teams, for the family tests: who may see a family and who may not.

type Person = typeof people.$inferSelect;

/** What a service needs to act as this person (with their teams), without HTTP. */
export function familyContext(t: TestApp, person: Person, teamIds: string[] = []): ServiceContext {
  return {
    db: t.database.db,
    mail: t.mail,
    now: t.clock.now(),
    requestId: 'test',
    baseUrl: 'http://localhost:3000',
    actor: {
      kind: 'person',
      id: person.id,
      partnershipId: person.partnershipId,
      name: person.name,
      roles: person.roles,
      organisationId: person.organisationId,
      teamIds,
    },
  };
}

export async function signedIn(t: TestApp, person: { email: string }) {
  const agent = new Agent(t.app);
  await agent.signIn(person.email, PASSWORD);
  return agent;
}

/**
 * Team A: a practitioner and their manager. Team B: another practitioner. A trainer in team A
 * (no family role), and a practitioner of another partnership.
 */
export async function familyWorld(t: TestApp) {
  const db = t.database.db;
  const made = await makePartnership(db);
  const pid = made.partnership.id;
  const teamA = made.team;
  const [teamB] = await db
    .insert(teams)
    .values({
      partnershipId: pid,
      name: `Team B ${teamA.name}`,
      multiAgency: true,
      localityId: made.locality.id,
    })
    .returning();
  const person = (name: string, roles: Role[], teamIds: string[]) =>
    makePerson(db, pid, { name, roles, teamIds });
  const practitioner = await person('Pat Practitioner', ['practitioner'], [teamA.id]);
  const manager = await person('Mo Manager', ['manager'], [teamA.id]);
  const otherPractitioner = await person('Oli Other', ['practitioner'], [teamB!.id]);
  const trainer = await person('Tam Trainer', ['trainer'], [teamA.id]);
  const elsewhere = await makePartnership(db);
  const stranger = await makePerson(db, elsewhere.partnership.id, {
    name: 'Sam Stranger',
    roles: ['practitioner', 'admin'],
    teamIds: [elsewhere.team.id],
  });
  return {
    ...made,
    teamA,
    teamB: teamB!,
    practitioner,
    manager,
    otherPractitioner,
    trainer,
    stranger,
    strangerTeam: elsewhere.team,
    ctx: {
      practitioner: () => familyContext(t, practitioner, [teamA.id]),
      manager: () => familyContext(t, manager, [teamA.id]),
      otherPractitioner: () => familyContext(t, otherPractitioner, [teamB!.id]),
      trainer: () => familyContext(t, trainer, [teamA.id]),
      stranger: () => familyContext(t, stranger, [elsewhere.team.id]),
    },
  };
}

export async function familyAudit(
  t: TestApp,
  action: string,
  familyId: string,
  outcome: 'allowed' | 'denied' = 'allowed',
) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.recordId, familyId),
        eq(auditEvents.outcome, outcome),
      ),
    );
}
