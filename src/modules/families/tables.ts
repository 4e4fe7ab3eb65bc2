import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people, teams } from '../../platform/tenancy/tables.js';

// A family, the people in it, the network around it, and who is working with it.
// Every table carries partnership_id and every query filters on it. Nothing with history is
// deleted: people leave a family's record by being retired.

const id = () => uuid('id').primaryKey().defaultRandom();
const partnershipId = () =>
  uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const retiredAt = () => timestamp('retired_at', { withTimezone: true });

export const families = pgTable(
  'families',
  {
    id: id(),
    partnershipId: partnershipId(),
    /** The name the family chooses for itself. */
    name: text('name').notNull(),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [index('families_partnership_name_idx').on(t.partnershipId, t.name)],
);

export const familyMembers = pgTable(
  'family_members',
  {
    id: id(),
    partnershipId: partnershipId(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    name: text('name').notNull(),
    dateOfBirth: date('date_of_birth'),
    /** In the family's words: "mum", "eldest son", "nan". */
    relationship: text('relationship').notNull(),
    pronouns: text('pronouns'),
    preferredLanguage: text('preferred_language'),
    interpreterNeeded: boolean('interpreter_needed').notNull().default(false),
    /** How they would like to be contacted, in their words. */
    contact: text('contact'),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [index('family_members_family_idx').on(t.familyId)],
);

export const networkKinds = [
  'relative',
  'friend',
  'neighbour',
  'community',
  'professional',
] as const;
export type NetworkKind = (typeof networkKinds)[number];

export const connectionStrengths = ['strong', 'tenuous', 'stressful'] as const;
export type ConnectionStrength = (typeof connectionStrengths)[number];

/** The people around a family who can support it, professionals included. */
export const networkMembers = pgTable(
  'family_network_members',
  {
    id: id(),
    partnershipId: partnershipId(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    name: text('name').notNull(),
    kind: text('kind').$type<NetworkKind>().notNull(),
    relationship: text('relationship').notNull(),
    /** For professionals: the organisation or service they are from. */
    organisation: text('organisation'),
    supportOffered: text('support_offered'),
    strength: text('strength').$type<ConnectionStrength>().notNull(),
    contact: text('contact'),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [index('family_network_family_idx').on(t.familyId)],
);

export const workerRoles = ['allocated', 'coordinator'] as const;
/**
 * 'allocated': the practitioner or team the family is allocated to. 'coordinator': the
 * independent coordinator of one of the family's group conferences, working with the family
 * for the conference only. Being independent, they are never counted as allocated.
 */
export type WorkerRole = (typeof workerRoles)[number];

/**
 * Who is working with the family: an allocated practitioner or team, or a conference's
 * independent coordinator. This is what opens the record to someone (see policy.ts). A row ends;
 * it is never deleted.
 */
export const familyWorkers = pgTable(
  'family_workers',
  {
    id: id(),
    partnershipId: partnershipId(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    personId: uuid('person_id').references(() => people.id),
    teamId: uuid('team_id').references(() => teams.id),
    role: text('role').$type<WorkerRole>().notNull().default('allocated'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('family_workers_family_idx').on(t.familyId),
    index('family_workers_person_idx').on(t.personId),
    index('family_workers_team_idx').on(t.teamId),
    check(
      'family_workers_role_ck',
      sql.raw(`role in (${workerRoles.map((r) => `'${r}'`).join(', ')})`),
    ),
    // Only a person coordinates: a team is allocated, never independent.
    check(
      'family_workers_coordinator_ck',
      sql`${t.role} = 'allocated' or ${t.personId} is not null`,
    ),
  ],
);
