import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Who is who in a partnership. Cross-cutting: access rules, sign-in and every module need it.
// Every table below carries partnership_id, and every query filters on it.

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const retiredAt = () => timestamp('retired_at', { withTimezone: true });

export const partnerships = pgTable('partnerships', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const organisationKinds = [
  'council',
  'nhs',
  'charity',
  'school',
  'police',
  'other',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex('organisations_name_uq').on(t.partnershipId, sql`lower(${t.name})`)],
);

export const localities = pgTable(
  'localities',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex('localities_name_uq').on(t.partnershipId, sql`lower(${t.name})`)],
);

export const teams = pgTable(
  'teams',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    /** Multi-agency teams serve a locality; single-agency teams belong to an organisation. */
    multiAgency: boolean('multi_agency').notNull().default(false),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    localityId: uuid('locality_id').references(() => localities.id),
    createdAt: createdAt(),
    retiredAt: retiredAt(),
  },
  (t) => [uniqueIndex('teams_name_uq').on(t.partnershipId, sql`lower(${t.name})`)],
);

export const roles = [
  'admin',
  'leader',
  'manager',
  'practitioner',
  'facilitator',
  'trainer',
] as const;
export type Role = (typeof roles)[number];

export const trainingLayers = [
  'leader',
  'manager',
  'trainer',
  'champion',
  'facilitator',
  'frontline',
] as const;
export type TrainingLayer = (typeof trainingLayers)[number];

export const people = pgTable(
  'people',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    /** Stored lower-case; unique across the installation so sign-in needs only an email. */
    email: text('email').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    roles: text('roles')
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    trainingLayer: text('training_layer').$type<TrainingLayer>(),
    passwordHash: text('password_hash'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: createdAt(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('people_email_uq').on(t.email),
    index('people_partnership_name_idx').on(t.partnershipId, t.name),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.personId] }),
    index('team_members_person_idx').on(t.personId),
  ],
);
