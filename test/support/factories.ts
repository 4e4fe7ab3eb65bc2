import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/platform/db/index.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import {
  localities,
  organisations,
  partnerships,
  people,
  teamMembers,
  teams,
  type Role,
  type TrainingLayer,
} from '../../src/platform/tenancy/tables.js';

export const PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));
const unique = () => randomUUID().slice(0, 8);

export async function makePartnership(db: Db, name = `Partnership ${unique()}`) {
  const [p] = await db
    .insert(partnerships)
    .values({ name, slug: `p-${unique()}` })
    .returning();
  const [org] = await db
    .insert(organisations)
    .values({ partnershipId: p!.id, name: `Council ${unique()}`, kind: 'council' })
    .returning();
  const [locality] = await db
    .insert(localities)
    .values({ partnershipId: p!.id, name: `Locality ${unique()}` })
    .returning();
  const [team] = await db
    .insert(teams)
    .values({
      partnershipId: p!.id,
      name: `Team ${unique()}`,
      multiAgency: true,
      localityId: locality!.id,
    })
    .returning();
  return { partnership: p!, organisation: org!, locality: locality!, team: team! };
}

export async function makePerson(
  db: Db,
  partnershipId: string,
  opts: {
    roles?: Role[];
    name?: string;
    email?: string;
    teamIds?: string[];
    organisationId?: string;
    trainingLayer?: TrainingLayer;
    password?: boolean;
  } = {},
) {
  const [person] = await db
    .insert(people)
    .values({
      partnershipId,
      name: opts.name ?? `Person ${unique()}`,
      email: (opts.email ?? `person-${unique()}@example.test`).toLowerCase(),
      roles: opts.roles ?? ['practitioner'],
      organisationId: opts.organisationId,
      trainingLayer: opts.trainingLayer,
      passwordHash: opts.password === false ? null : await passwordHash(),
    })
    .returning();
  for (const teamId of opts.teamIds ?? []) {
    await db.insert(teamMembers).values({ partnershipId, teamId, personId: person!.id });
  }
  return person!;
}
