import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { familyAudit, familyWorld } from '../../../test/support/families.js';
import { pdfText } from '../../../test/support/pdf.js';
import { familyWithPlan } from '../../../test/support/plans.js';
import { HttpError } from '../../platform/http/errors.js';
import { addAction, updateStatus } from './actions.js';
import { renderPlanPdf } from './pdf.js';
import * as service from './service.js';
import { planChanges, planEntries } from './tables.js';

// The rules for plans, without HTTP: authorship, versions, conflicts and who may see a plan.

describe('family-led plans', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof familyWorld>>;
  let f: Awaited<ReturnType<typeof familyWithPlan>>;
  before(async () => {
    t = await startTestApp();
    w = await familyWorld(t);
    f = await familyWithPlan(w.ctx.practitioner());
  });
  after(() => t.close());

  const [worried, , needs] = [0, 1, 2];

  it('starts every partnership with the three default sections', () => {
    assert.deepEqual(
      f.sections.map((s) => s.title),
      ['What we are worried about', 'What is working well', 'What needs to happen'],
    );
    void worried;
    void needs;
  });

  it('keeps who wrote each entry, marks the family’s words as theirs, and never rewords them silently', async () => {
    const ctx = w.ctx.practitioner();
    const added = await service.addEntry(ctx, f.planId, {
      sectionId: f.sections[0]!.id,
      author: `family:${f.joId}`,
      text: 'I worry when the shouting starts at bedtime.',
    });
    assert.ok(added.ok);
    const entryId = (added as { id: string }).id;
    let view = await service.viewPlan(ctx, f.planId);
    const entry = view.sections[0]!.entries[0]!;
    assert.equal(entry.authorName, 'Jo');
    assert.equal(entry.authorKind, 'family');
    assert.equal(entry.familyWords, true);
    assert.equal(entry.recordedBy, w.practitioner.id);

    // Someone else's words: a note is needed, and nothing changes without one.
    const noNote = await service.editEntry(ctx, f.planId, entryId, {
      text: 'Bedtime is hard.',
      version: 1,
    });
    assert.deepEqual(noNote, {
      ok: false,
      errors: { note: 'Say why you are changing someone else’s words' },
    });
    const [still] = await t.database.db
      .select()
      .from(planEntries)
      .where(eq(planEntries.id, entryId));
    assert.equal(still!.text, 'I worry when the shouting starts at bedtime.');

    const edited = await service.editEntry(ctx, f.planId, entryId, {
      text: 'I worry when the shouting starts at bedtime, most nights.',
      note: 'Jo asked to add “most nights”',
      version: 1,
    });
    assert.ok(edited.ok);
    view = await service.viewPlan(ctx, f.planId);
    const changed = view.sections[0]!.entries[0]!;
    assert.equal(changed.version, 2);
    assert.equal(changed.authorName, 'Jo', 'the words are still Jo’s');
    assert.equal(changed.lastChange?.changedByName, 'Pat Practitioner');
    assert.equal(changed.lastChange?.note, 'Jo asked to add “most nights”');
    const history = await t.database.db
      .select()
      .from(planChanges)
      .where(eq(planChanges.recordId, entryId));
    const change = history.find((h) => h.change === 'entry_changed')!;
    assert.equal(change.before, 'I worry when the shouting starts at bedtime.');
    assert.equal(change.after, 'I worry when the shouting starts at bedtime, most nights.');
    assert.equal(change.changedBy, w.practitioner.id);
    assert.equal((await familyAudit(t, 'plan.entry_changed', f.familyId)).length, 1);

    // The same words again, with a reason, are no change: no new version, nothing in the
    // history, no audit row of a change.
    const same = await service.editEntry(ctx, f.planId, entryId, {
      text: 'I worry when the shouting starts at bedtime, most nights.',
      note: 'Checked with Jo',
      version: 2,
    });
    assert.deepEqual(same, { ok: true, id: entryId, unchanged: true });
    view = await service.viewPlan(ctx, f.planId);
    assert.equal(view.sections[0]!.entries[0]!.version, 2);
    const after = await t.database.db
      .select()
      .from(planChanges)
      .where(eq(planChanges.recordId, entryId));
    assert.equal(after.filter((h) => h.change === 'entry_changed').length, 1);
    assert.equal((await familyAudit(t, 'plan.entry_changed', f.familyId)).length, 1);
  });

  it('refuses an author who is not part of the family’s plan', async () => {
    const saved = await service.addEntry(w.ctx.practitioner(), f.planId, {
      sectionId: f.sections[0]!.id,
      author: `family:${w.manager.id}`,
      text: 'Words',
    });
    assert.deepEqual(saved, { ok: false, errors: { author: 'Choose whose words these are' } });
  });

  it('two people save the same words: the second gets both versions and nothing is lost', async () => {
    const pat = w.ctx.practitioner();
    const mo = w.ctx.manager();
    const added = (await service.addEntry(pat, f.planId, {
      sectionId: f.sections[1]!.id,
      author: `professional:${w.practitioner.id}`,
      text: 'School says attendance is up.',
    })) as { ok: true; id: string };
    // Both open the form at version 1.
    const first = await service.editEntry(pat, f.planId, added.id, {
      text: 'Attendance is up to 95%.',
      version: 1,
    });
    assert.ok(first.ok);
    const second = await service.editEntry(mo, f.planId, added.id, {
      text: 'Attendance is much better.',
      note: 'From the school',
      version: 1,
    });
    assert.equal(second.ok, false);
    assert.ok('conflict' in second);
    assert.equal(second.conflict.theirs.text, 'Attendance is up to 95%.');
    assert.equal(second.conflict.theirs.version, 2);
    assert.equal(second.conflict.theirs.changedBy, 'Pat Practitioner');
    assert.deepEqual(second.conflict.yours, {
      text: 'Attendance is much better.',
      note: 'From the school',
    });
    const [row] = await t.database.db
      .select()
      .from(planEntries)
      .where(eq(planEntries.id, added.id));
    assert.equal(row!.text, 'Attendance is up to 95%.', 'the first save is kept');
    // Re-applied at the version shown: saved, and both are in the history.
    const again = await service.editEntry(mo, f.planId, added.id, {
      text: 'Attendance is much better.',
      note: 'From the school',
      version: 2,
    });
    assert.ok(again.ok);
    const history = await t.database.db
      .select()
      .from(planChanges)
      .where(eq(planChanges.recordId, added.id));
    assert.deepEqual(
      history
        .filter((h) => h.change === 'entry_changed')
        .map((h) => h.after)
        .sort(),
      ['Attendance is much better.', 'Attendance is up to 95%.'],
    );
  });

  it('an action’s status is updated by whoever does it, with who and when; a stale update conflicts', async () => {
    const pat = w.ctx.practitioner();
    const added = (await addAction(pat, f.planId, {
      what: 'Nan does the school run on Mondays',
      owner: `network:${f.nanId}`,
      supportNeeded: 'A car seat',
      dueOn: '2026-12-01',
      howWeWillKnow: 'Mondays start calmly',
    })) as { ok: true; id: string };
    assert.ok(added.ok);
    const first = await updateStatus(w.ctx.manager(), added.id, {
      status: 'in_progress',
      version: 1,
    });
    assert.ok(first.ok);
    const stale = await updateStatus(pat, added.id, { status: 'stuck', version: 1 });
    assert.equal(stale.ok, false);
    assert.ok(
      !stale.ok &&
        stale.conflict.theirs.status === 'in_progress' &&
        stale.conflict.yours.status === 'stuck',
    );
    const view = await service.viewPlan(pat, f.planId);
    const action = view.actions.find((a) => a.id === added.id)!;
    assert.equal(action.status, 'in_progress');
    assert.equal(action.statusByName, 'Mo Manager');
    assert.equal(action.ownerName, 'Nan');

    // A manager who is not one of the family's workers takes an action on: everyone sees who.
    const mine = await addAction(w.ctx.manager(), f.planId, {
      what: 'Find a family support worker',
      owner: `professional:${w.manager.id}`,
    });
    assert.ok(mine.ok);
    const seen = await service.viewPlan(pat, f.planId);
    assert.equal(
      seen.actions.find((a) => a.what === 'Find a family support worker')?.ownerName,
      'Mo Manager',
    );
  });

  it('a practitioner of another team, or another partnership, gets not found and a denied audit row', async () => {
    for (const ctx of [w.ctx.otherPractitioner(), w.ctx.stranger()]) {
      await assert.rejects(
        service.viewPlan(ctx, f.planId),
        (e: unknown) => e instanceof HttpError && e.statusCode === 404,
      );
      await assert.rejects(
        addAction(ctx, f.planId, { what: 'x', owner: `family:${f.joId}` }),
        (e: unknown) => e instanceof HttpError && e.statusCode === 404,
      );
    }
    await assert.rejects(
      service.viewPlan(w.ctx.practitioner(), '00000000-0000-4000-8000-000000000000'),
      HttpError,
    );
  });

  it('writes a PDF for the family with their words marked as theirs, letter for letter', async () => {
    let view = await service.viewPlan(w.ctx.practitioner(), f.planId);
    let text = await pdfText(await renderPlanPdf(view));
    assert.match(text, /Our plan for a calmer home/);
    assert.match(text, /In Jo’s words:/);
    assert.match(text, /most nights/);
    assert.match(text, /Nan does the school run on Mondays/);
    assert.match(text, /How we will know it is better: Mondays start calmly/);
    assert.doesNotMatch(text, /cannot show/);

    // Names and words in Polish, Romanian, Greek and Ukrainian come out as they were written.
    const words = 'Łucja i Ștefan: „Dziękuję”. Σπύρος. Дякую, Олено.';
    assert.ok(
      (
        await service.addEntry(w.ctx.practitioner(), f.planId, {
          sectionId: f.sections[1]!.id,
          author: `family:${f.joId}`,
          text: words,
        })
      ).ok,
    );
    view = await service.viewPlan(w.ctx.practitioner(), f.planId);
    text = await pdfText(await renderPlanPdf(view));
    assert.ok(text.includes(words), text);
    assert.doesNotMatch(text, /cannot show/);

    // A script the PDF cannot lay out is said to be missing, not silently garbled.
    assert.ok(
      (
        await service.addEntry(w.ctx.practitioner(), f.planId, {
          sectionId: f.sections[1]!.id,
          author: `family:${f.joId}`,
          text: 'شكرا',
        })
      ).ok,
    );
    view = await service.viewPlan(w.ctx.practitioner(), f.planId);
    text = await pdfText(await renderPlanPdf(view));
    assert.match(text, /Some words in this plan are in a writing system this PDF cannot show/);
  });
});
