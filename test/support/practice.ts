import { eq } from 'drizzle-orm';
import type { TestApp } from './app.js';
import type { familyWorld } from './families.js';
import * as families from '../../src/modules/families/service.js';
import { practiceLogs } from '../../src/modules/practice/tables.js';

// Families for the everyday practice and caseload tests: one for team A, one for team B.

type World = Awaited<ReturnType<typeof familyWorld>>;

export async function practiceFamilies(w: World) {
  const a = await families.createFamily(w.ctx.practitioner(), {
    name: 'The Rivers family',
    firstMemberName: 'Rosa',
    firstMemberRelationship: 'mum',
  });
  const b = await families.createFamily(w.ctx.otherPractitioner(), { name: 'The Hills family' });
  if (!a.ok || !b.ok) throw new Error('families not made');
  return { teamAFamily: a.id, teamBFamily: b.id };
}

export async function logsOf(t: TestApp, practitionerId: string) {
  return t.database.db
    .select()
    .from(practiceLogs)
    .where(eq(practiceLogs.practitionerId, practitionerId));
}
