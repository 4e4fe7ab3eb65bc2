import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import type { Actor } from '../access/actor.js';
import { people } from '../tenancy/tables.js';
import { audit } from './index.js';
import { auditEvents } from './tables.js';
import { APP_ROLE, type RawQuery } from '../db/index.js';

describe('the audit log is append-only', () => {
  let t: TestApp;
  let actor: Actor;
  let seq: number;
  before(async () => {
    t = await startTestApp();
    const { partnership } = await makePartnership(t.database.db);
    const person = await makePerson(t.database.db, partnership.id, { roles: ['admin'] });
    actor = {
      kind: 'person',
      id: person.id,
      partnershipId: partnership.id,
      name: person.name,
      roles: ['admin'],
      organisationId: null,
      teamIds: [],
    };
    await audit(t.database.db, { actor }, { action: 'test.written', recordType: 'test' });
    seq = (
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.written'))
    )[0]!.seq;
  });
  after(() => t.close());

  /** The database's own words, however drizzle and the drivers wrap the error. */
  const refused = async (attempt: Promise<unknown>, words: RegExp) =>
    assert.rejects(attempt, (e: Error) => {
      const text = `${e.message} ${String((e as { cause?: Error }).cause?.message ?? '')}`;
      assert.match(text, words);
      return true;
    });
  // On a server the app's role has no right to change audit rows at all (ADR 0006); the
  // append-only triggers refuse everyone else, the tables' owner included.
  const server = () => t.database.kind === 'server';
  const appRefusal = () => (server() ? /permission denied for table audit_events/ : /append-only/);

  it('refuses UPDATE', async () => {
    const update = `UPDATE audit_events SET action = 'test.rewritten' WHERE seq = ${seq}`;
    await refused(t.database.query(update), appRefusal());
    await refused(
      t.database.db.update(auditEvents).set({ outcome: 'denied' }).where(eq(auditEvents.seq, seq)),
      appRefusal(),
    );
    await refused(t.database.ownerQuery(update), /append-only/);
  });

  it('refuses DELETE and TRUNCATE', async () => {
    for (const sql of [
      `DELETE FROM audit_events WHERE seq = ${seq}`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
    ]) {
      await refused(t.database.query(sql), appRefusal());
      await refused(t.database.ownerQuery(sql), /append-only/);
    }
  });

  it("runs the app's queries on a server as a role that owns nothing, so it cannot turn the triggers off", async () => {
    const role = async (query: RawQuery) =>
      (await query<{ role: string }>('select current_user as role')).rows[0]?.role;
    if (!server()) {
      // PGlite has one user, who owns everything: its file is the boundary (ADR 0006).
      assert.equal(await role(t.database.query), await role(t.database.ownerQuery));
      return;
    }
    assert.equal(await role(t.database.query), APP_ROLE);
    assert.notEqual(await role(t.database.ownerQuery), APP_ROLE);
    await refused(
      t.database.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update'),
      /must be owner of table audit_events/,
    );
    await refused(
      t.database.query('ALTER TABLE audit_events DISABLE TRIGGER ALL'),
      /must be owner of table audit_events/,
    );
    // Writing rows and reading them, and every other table, work as before.
    await audit(t.database.db, { actor }, { action: 'test.as-app', recordType: 'test' });
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'test.as-app'));
    assert.equal(rows.length, 1);
  });

  it('still holds the row exactly as written', async () => {
    const [row] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
    assert.equal(row!.action, 'test.written');
    assert.equal(row!.outcome, 'allowed');
  });

  it('writes its row in the same transaction as the change: a failed change leaves no row', async () => {
    const before = await t.database.db.select().from(people).where(eq(people.id, actor.id!));
    await assert.rejects(
      t.database.db.transaction(async (tx) => {
        await tx.update(people).set({ name: 'Changed' }).where(eq(people.id, actor.id!));
        await audit(tx, { actor }, { action: 'test.doomed', recordType: 'person' });
        // A rule the database enforces fails after the audit row was written: both roll back.
        await tx.insert(people).values({
          partnershipId: actor.partnershipId!,
          name: 'Duplicate',
          email: before[0]!.email,
        });
      }),
    );
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'test.doomed'));
    assert.equal(rows.length, 0);
    const [after] = await t.database.db.select().from(people).where(eq(people.id, actor.id!));
    assert.equal(after!.name, before[0]!.name);

    await t.database.db.transaction(async (tx) => {
      await tx.update(people).set({ name: 'Changed' }).where(eq(people.id, actor.id!));
      await audit(tx, { actor }, { action: 'test.kept', recordType: 'person' });
    });
    const kept = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'test.kept'));
    assert.equal(kept.length, 1);
  });
});
