import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import type { Actor } from '../access/actor.js';
import { people } from '../tenancy/tables.js';
import { audit } from './index.js';
import { auditEvents } from './tables.js';

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

  const refused = async (sql: string) =>
    assert.rejects(t.database.query(sql), (e: Error) => {
      // drizzle and the drivers wrap the error differently; the database's own words are kept
      const text = `${e.message} ${String((e as { cause?: Error }).cause?.message ?? '')}`;
      assert.match(text, /append-only/);
      return true;
    });

  it('refuses UPDATE', async () => {
    await refused(`UPDATE audit_events SET action = 'test.rewritten' WHERE seq = ${seq}`);
    await assert.rejects(
      t.database.db.update(auditEvents).set({ outcome: 'denied' }).where(eq(auditEvents.seq, seq)),
    );
  });

  it('refuses DELETE and TRUNCATE', async () => {
    await refused(`DELETE FROM audit_events WHERE seq = ${seq}`);
    await refused(`DELETE FROM audit_events`);
    await refused(`TRUNCATE audit_events`);
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
