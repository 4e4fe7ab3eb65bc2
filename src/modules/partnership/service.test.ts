import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { auditRowsFor, contextFor, latestMailTo } from '../../../test/support/partnership.js';
import { startSession } from '../../platform/auth/sessions.js';
import { sessions } from '../../platform/auth/tables.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { HttpError } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import * as service from './service.js';
import * as structure from './structure-service.js';

// The rules, without HTTP: the pages and the API are thin layers over these.

describe('partnership services', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let otherCtx: ServiceContext;
  let p: Awaited<ReturnType<typeof makePartnership>>;
  before(async () => {
    t = await startTestApp();
    p = await makePartnership(t.database.db);
    const admin = await makePerson(t.database.db, p.partnership.id, { roles: ['admin'] });
    ctx = contextFor(t.database.db, t.mail, admin);
    const other = await makePartnership(t.database.db);
    const otherAdmin = await makePerson(t.database.db, other.partnership.id, { roles: ['admin'] });
    otherCtx = contextFor(t.database.db, t.mail, otherAdmin);
  });
  after(() => t.close());

  const notFound = (e: unknown) => e instanceof HttpError && e.statusCode === 404;

  it('keeps organisation, locality and team names unique in a partnership, ignoring case', async () => {
    const first = await structure.createOrganisation(ctx, { name: 'Unique Trust', kind: 'nhs' });
    assert.ok(first.ok);
    assert.deepEqual(
      await structure.createOrganisation(ctx, { name: 'UNIQUE trust', kind: 'nhs' }),
      {
        ok: false,
        errors: { name: 'An organisation with this name already exists' },
      },
    );
    assert.ok(
      (await structure.createOrganisation(otherCtx, { name: 'Unique Trust', kind: 'nhs' })).ok,
    );
    const second = await structure.createOrganisation(ctx, { name: 'Second Trust', kind: 'nhs' });
    assert.ok(second.ok);
    const rename = await structure.updateOrganisation(ctx, second.id, {
      name: 'unique trust',
      kind: 'nhs',
    });
    assert.equal(rename.ok, false);
    assert.ok(
      (await structure.updateOrganisation(ctx, first.id, { name: 'Unique Trust', kind: 'other' }))
        .ok,
    );

    assert.ok((await structure.createLocality(ctx, { name: 'Dup Locality' })).ok);
    assert.equal((await structure.createLocality(ctx, { name: 'dup locality' })).ok, false);
  });

  it('retires and restores only its own partnership’s records', async () => {
    const made = await structure.createLocality(ctx, { name: 'Retiring' });
    assert.ok(made.ok);
    await assert.rejects(structure.setRetired(otherCtx, 'locality', made.id, true), notFound);
    await structure.setRetired(ctx, 'locality', made.id, true);
    const current = await structure.listLocalities(ctx, { q: 'Retiring' });
    assert.equal(current.total, 0);
    const retired = await structure.listLocalities(ctx, { q: 'Retiring', show: 'retired' });
    assert.equal(retired.total, 1);
    assert.equal((await auditRowsFor(t.database.db, 'locality.retired', made.id)).length, 1);
  });

  it('adds a person and queues their invitation in the same transaction', async () => {
    const saved = await service.addPerson(ctx, {
      name: 'Service Person',
      email: 'service.person@example.test',
      teamIds: [p.team.id],
      roles: ['practitioner'],
      organisationId: p.organisation.id,
      trainingLayer: 'frontline',
    });
    assert.ok(saved.ok);
    const { mail, invitation } = await latestMailTo(t.database.db, 'service.person@example.test');
    assert.equal(mail?.status, 'local');
    assert.match(mail?.text ?? '', /has invited you to Doing With/);
    assert.ok(invitation);
    assert.equal((await auditRowsFor(t.database.db, 'auth.invitation.sent', saved.id)).length, 1);

    // A refused add leaves neither a person nor an email behind.
    const again = await service.addPerson(ctx, {
      name: 'Copy',
      email: 'service.person@example.test',
      teamIds: [],
      roles: [],
    });
    assert.deepEqual(again, {
      ok: false,
      errors: { email: 'A person with this email address already exists' },
    });
    const foreignTeam = await service.addPerson(otherCtx, {
      name: 'Team Thief',
      email: 'thief@example.test',
      teamIds: [p.team.id],
      roles: [],
    });
    assert.equal(foreignTeam.ok, false);
    assert.equal(
      (await t.database.db.select().from(people).where(eq(people.email, 'thief@example.test')))
        .length,
      0,
    );
  });

  it('viewing a person writes an audit row; another partnership’s person is not found', async () => {
    const person = await makePerson(t.database.db, p.partnership.id);
    const seen = await service.viewPerson(ctx, person.id);
    assert.equal(seen.email, person.email);
    assert.equal((await auditRowsFor(t.database.db, 'person.viewed', person.id)).length, 1);
    await assert.rejects(service.viewPerson(otherCtx, person.id), notFound);
    // Not found is not a read: no row for it.
    assert.equal((await auditRowsFor(t.database.db, 'person.viewed', person.id)).length, 1);
    await assert.rejects(service.deactivatePerson(otherCtx, person.id), notFound);
    const theirs = await service.listPeople(otherCtx, { q: person.name });
    assert.equal(theirs.total, 0);
  });

  it('deactivating ends every session of the person and keeps them on record', async () => {
    const person = await makePerson(t.database.db, p.partnership.id);
    await startSession(t.database.db, person, ctx.now);
    await startSession(t.database.db, person, ctx.now);
    assert.ok((await service.deactivatePerson(ctx, person.id)).ok);
    assert.equal(
      (await t.database.db.select().from(sessions).where(eq(sessions.personId, person.id))).length,
      0,
    );
    const [kept] = await t.database.db.select().from(people).where(eq(people.id, person.id));
    assert.deepEqual(kept?.deactivatedAt, ctx.now);
    assert.ok((await service.reactivatePerson(ctx, person.id)).ok);
    assert.equal((await service.viewPerson(ctx, person.id)).status, 'active');
    assert.deepEqual(await service.deactivatePerson(ctx, ctx.actor.id!), {
      ok: false,
      errors: { form: 'You cannot deactivate your own account' },
    });
  });

  it('an admin cannot remove their own admin role', async () => {
    const me = await service.viewPerson(ctx, ctx.actor.id!);
    const result = await service.updatePerson(ctx, me.id, {
      ...service.inputOf(me),
      roles: ['leader'],
    });
    assert.equal(result.ok, false);
  });
});
