import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { applyTemplateOn } from '../modules/frameworks/apply-template.js';
import {
  localities,
  organisations,
  partnerships,
  people,
  teamMembers,
  teams,
  type OrganisationKind,
  type Role,
  type TrainingLayer,
} from '../platform/tenancy/tables.js';
import { seedConference } from '../modules/meetings/conference-seed.js';
import { seedFgc } from '../modules/meetings/fgc-seed.js';
import { seedTraining } from '../modules/training/seed.js';

export const DEMO_SLUG = 'demo-city';
export const DEMO_PASSWORD = 'restorative-demo-2026';

const ORGANISATIONS: [string, OrganisationKind][] = [
  ['Demo City Council', 'council'],
  ['Demo City NHS Trust', 'nhs'],
  ['Families Together', 'charity'],
  ['Northfield Primary School', 'school'],
  ['Southside Academy', 'school'],
  ['Demo City Police', 'police'],
];
const LOCALITIES = ['North', 'Central', 'South'];

const ACCOUNTS: {
  role: Role;
  name: string;
  layer: TrainingLayer;
  org: number;
  locality?: number;
}[] = [
  { role: 'admin', name: 'Alex Admin', layer: 'leader', org: 0 },
  { role: 'leader', name: 'Lee Leader', layer: 'leader', org: 0 },
  { role: 'manager', name: 'Morgan Manager', layer: 'manager', org: 0, locality: 0 },
  { role: 'practitioner', name: 'Priya Practitioner', layer: 'frontline', org: 0, locality: 0 },
  { role: 'facilitator', name: 'Femi Facilitator', layer: 'facilitator', org: 2, locality: 0 },
  { role: 'trainer', name: 'Taylor Trainer', layer: 'trainer', org: 1 },
];

export const demoEmail = (role: Role) => `${role}@demo-city.example`;

export interface DemoSummary {
  partnershipId: string;
  partnershipName: string;
  accounts: { role: Role; email: string }[];
}

/**
 * The demo partnership, loaded on the first start (and never again: a partnership that exists
 * is left exactly as its users left it).
 */
export async function seedDemo(db: Db): Promise<DemoSummary> {
  const accounts = ACCOUNTS.map((a) => ({ role: a.role, email: demoEmail(a.role) }));
  const [existing] = await db.select().from(partnerships).where(eq(partnerships.slug, DEMO_SLUG));
  if (existing) return { partnershipId: existing.id, partnershipName: existing.name, accounts };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [partnership] = await tx
      .insert(partnerships)
      .values({ slug: DEMO_SLUG, name: "Demo City Children's Partnership" })
      .returning();
    const partnershipId = partnership!.id;
    const orgs = await tx
      .insert(organisations)
      .values(ORGANISATIONS.map(([name, kind]) => ({ partnershipId, name, kind })))
      .returning();
    const places = await tx
      .insert(localities)
      .values(LOCALITIES.map((name) => ({ partnershipId, name })))
      .returning();
    const mats = await tx
      .insert(teams)
      .values(
        places.map((l) => ({
          partnershipId,
          name: `${l.name} multi-agency team`,
          multiAgency: true,
          localityId: l.id,
        })),
      )
      .returning();
    await tx.insert(teams).values({
      partnershipId,
      name: 'Restorative practice training team',
      organisationId: orgs[0]!.id,
    });

    for (const a of ACCOUNTS) {
      const [person] = await tx
        .insert(people)
        .values({
          partnershipId,
          name: a.name,
          email: demoEmail(a.role),
          organisationId: orgs[a.org]!.id,
          roles: [a.role],
          trainingLayer: a.layer,
          passwordHash,
        })
        .returning();
      if (a.locality !== undefined) {
        await tx
          .insert(teamMembers)
          .values({ partnershipId, teamId: mats[a.locality]!.id, personId: person!.id });
      }
    }
    await seedTraining(tx, partnershipId);
    // One family group conference part-way through, so a new user sees the stages.
    await seedFgc(
      tx,
      partnershipId,
      { practitioner: demoEmail('practitioner'), coordinator: demoEmail('facilitator') },
      new Date(),
    );
    // One restorative conference being followed up: an item done, one open, one overdue.
    await seedConference(
      tx,
      partnershipId,
      { practitioner: demoEmail('practitioner'), facilitator: demoEmail('facilitator') },
      new Date(),
    );
    // The demo partnership starts with the Portsmouth-style practice framework.
    await applyTemplateOn(tx, partnershipId, 'portsmouth', 'add', new Date());
    return { partnershipId, partnershipName: partnership!.name, accounts };
  });
}
