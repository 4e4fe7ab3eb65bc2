import type { Database } from '../src/platform/db/index.js';
import { ADMIN_EMAIL } from './city.js';
import { CASEHOLDERS } from './city-families.js';

// Who the bench signs in as for the caseload and training pages, and what it asks for. Found
// in the database, so a kept city (BENCH_REUSE) gives the same answer as a new one. Each gets
// the admin's password hash (hashed once when the city was built), so sign-in stays the real
// form post of sign-in.ts without hashing again.

export interface CaseloadSample {
  /** A practitioner with a caseload: not an admin, so the family rules and audit run for real. */
  practitionerEmail: string;
  /** A manager in the practitioner's team, for the team view. */
  managerEmail: string;
  teamId: string;
  /** The families allocated to the practitioner, open ones only. */
  familyIds: string[];
  /** Words each page must show for the first family: a member, a network member, an open plan. */
  expect: { family: string; network: string; plans: string };
}

export async function hasRows(database: Database, table: string, partnershipId: string) {
  const { rows } = await database.query<{ found: boolean }>(
    `select exists (select 1 from ${table} where partnership_id = $1) as found`,
    [partnershipId],
  );
  return rows[0]!.found;
}

export async function caseloadSample(
  database: Database,
  partnershipId: string,
): Promise<CaseloadSample> {
  const q = database.query;
  // The first practitioner (by email) holding cases whose team has a manager.
  const { rows } = await q<{ id: string; email: string; team_id: string; manager: string }>(
    `with ${CASEHOLDERS}
     select ph.id, ph.email, ph.team_id, m.email as manager
       from ph
       join lateral (select p.email from people p join team_members tm on tm.person_id = p.id
                      where tm.team_id = ph.team_id and 'manager' = any(p.roles)
                        and p.deactivated_at is null order by p.email limit 1) m on true
      where exists (select 1 from family_workers w where w.person_id = ph.id and w.ended_at is null)
      order by ph.n limit 1`,
    [partnershipId, 2_147_483_647],
  );
  const chosen = rows[0];
  if (!chosen) throw new Error('No practitioner with a caseload in a team with a manager');
  const { rows: families } = await q<{ id: string }>(
    `select f.id from family_workers w join families f on f.id = w.family_id
      where w.person_id = $1 and w.ended_at is null and f.retired_at is null
      order by f.name, f.id`,
    [chosen.id],
  );
  const first = families[0]!.id;
  const one = async (sql: string) => (await q<{ text: string }>(sql, [first])).rows[0]?.text ?? '';
  const expect = {
    family: await one(
      `select name as text from family_members where family_id = $1 and retired_at is null
        order by created_at limit 1`,
    ),
    network: await one(
      `select name as text from family_network_members where family_id = $1 and retired_at is null
        order by created_at limit 1`,
    ),
    plans: await one(
      `select title as text from plans where family_id = $1 and retired_at is null
        order by created_at desc limit 1`,
    ),
  };
  await givePassword(database, [chosen.email, chosen.manager]);
  return {
    practitionerEmail: chosen.email,
    managerEmail: chosen.manager,
    teamId: chosen.team_id,
    familyIds: families.map((f) => f.id),
    expect,
  };
}

/** A leader who is not an admin, for the coverage dashboard. */
export async function leaderEmail(database: Database, partnershipId: string) {
  const { rows } = await database.query<{ email: string }>(
    `select email from people
      where partnership_id = $1 and 'leader' = any(roles) and not 'admin' = any(roles)
        and deactivated_at is null
      order by email limit 1`,
    [partnershipId],
  );
  if (!rows[0]) throw new Error('The city has no leader');
  await givePassword(database, [rows[0].email]);
  return rows[0].email;
}

async function givePassword(database: Database, emails: string[]) {
  await database.query(
    `update people set password_hash = (select password_hash from people where email = $1)
      where email = any($2::text[])`,
    [ADMIN_EMAIL, emails],
  );
}
