import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partnerships, people, teams } from '../tenancy/tables.js';

/** Sessions live in the database so they survive restarts and are shared by every app process. */
export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie's token: a stolen database copy cannot be replayed as a cookie. */
    idHash: text('id_hash').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

export const tokenPurposes = ['reset', 'invite'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/** Single-use links sent by email: password reset and invitation. */
export const signInTokens = pgTable('sign_in_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id),
  purpose: text('purpose').$type<TokenPurpose>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Service-account tokens for the API: shown once, stored hashed, revocable. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnershipId: uuid('partnership_id')
    .notNull()
    .references(() => partnerships.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  roles: text('roles').array().notNull(),
  createdBy: uuid('created_by').references(() => people.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * The teams a service account works for, chosen by the admin who created it. Like a person's
 * team membership, this is what opens a team's families to the token; a token with no teams
 * sees no family.
 */
export const apiTokenTeams = pgTable(
  'api_token_teams',
  {
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => apiTokens.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.teamId] }),
    index('api_token_teams_team_idx').on(t.teamId),
  ],
);

/** One OpenID Connect provider per partnership, set by a partnership admin. */
export const oidcProviders = pgTable('oidc_providers', {
  partnershipId: uuid('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecret: text('client_secret').notNull(),
  buttonLabel: text('button_label').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Fixed-window counters shared by every app process (sign-in rate limits). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});
