import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../../src/platform/http/context.js';
import type { Role } from '../../src/platform/tenancy/tables.js';
import type { TestApp } from './app.js';

/** A service context acting as a person, for service tests without HTTP. */
export function frameworkContext(
  t: TestApp,
  person: { id: string; partnershipId: string; name: string; roles: Role[] },
): ServiceContext {
  return {
    db: t.database.db,
    actor: {
      kind: 'person',
      id: person.id,
      partnershipId: person.partnershipId,
      name: person.name,
      roles: person.roles,
      organisationId: null,
      teamIds: [],
    },
    requestId: randomUUID(),
    now: t.clock.now(),
    mail: t.mail,
    baseUrl: 'http://localhost',
  };
}
