import type { Database } from '../src/platform/db/index.js';
import type { City } from './city.js';
import { caseloadSample, leaderEmail } from './city-sample.js';
import type { Route } from './measure.js';
import type { Part } from './settings.js';

// The routes measured, part by part, each signed in as the person who uses it: the admin for
// the foundation's pages, a practitioner with a caseload (not an admin: the family rules and
// the audit run for real) and their manager for the caseload, a leader for coverage.

export type SignInAs = (who: string, email: string) => Promise<string>;

export async function appRoutes(
  database: Database,
  city: City,
  origin: string,
  parts: Set<Part>,
  as: SignInAs,
): Promise<Route[]> {
  const routes: Route[] = [];
  if (parts.has('platform')) {
    const cookie = await as('the admin', city.adminEmail);
    routes.push(
      { name: 'home', origin, paths: ['/'], cookie },
      {
        name: 'people search',
        origin,
        paths: city.searchTerms.map((q) => `/admin/people?q=${encodeURIComponent(q)}`),
        cookie,
        sample: true,
      },
      {
        name: 'person page',
        origin,
        paths: city.personIds.map((id) => `/admin/people/${id}`),
        cookie,
        audited: true,
      },
    );
  }
  if (parts.has('families')) {
    const s = await caseloadSample(database, city.partnershipId);
    const cookie = await as(
      `a practitioner with ${s.familyIds.length} families`,
      s.practitionerEmail,
    );
    const manager = await as('their team’s manager', s.managerEmail);
    // The "family page, with its network and open plans" is three pages here.
    const family = (name: string, suffix: string, expect: string): Route => ({
      name,
      origin,
      paths: s.familyIds.map((id) => `/families/${id}${suffix}`),
      cookie,
      expect,
      audited: true,
    });
    const terms = ['smith', 'patel', 'okafor', 'hughes'];
    routes.push(
      family('family page', '', s.expect.family),
      family('family network', '/network', s.expect.network),
      family('family plans', '/plans', s.expect.plans),
      {
        name: 'caseload',
        origin,
        paths: ['/caseload', '/caseload?page=2', ...terms.map((q) => `/caseload?q=${q}`)],
        cookie,
        sample: true,
      },
      {
        name: 'team counts',
        origin,
        paths: [`/team?team=${s.teamId}`],
        cookie: manager,
        sample: true,
      },
    );
  }
  if (parts.has('training')) {
    const leader = await as('a leader', await leaderEmail(database, city.partnershipId));
    routes.push({
      name: 'coverage',
      origin,
      paths: ['organisation', 'team', 'locality', 'layer'].map(
        (by) => `/training/coverage?by=${by}`,
      ),
      cookie: leader,
      sample: true,
    });
  }
  return routes;
}
