import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { conferenceWorld, stillToCome } from '../../../test/support/conferences.js';
import { auditRows, meetingContext } from '../../../test/support/meetings.js';
import { HttpError } from '../../platform/http/errors.js';
import { outbox } from '../../platform/mail/tables.js';
import * as conference from './conference.js';
import { followUpOf, itemState } from './conference-follow-up.js';
import { DEFAULT_ROLE_NAMES, renameRoles, roleNames } from './conference-roles.js';
import { openGuide } from './guide.js';
import { invitationFor, sendInvitation } from './invitations.js';
import * as service from './service.js';
import { conferenceAgreementItems, conferenceRoleLabels } from './tables-conference.js';

// The rules of a restorative conference, without HTTP: roles kept as keys and named by the
// partnership everywhere they appear; agreement items owned, dated, completed or closed with
// a reason; the follow-up's state; who may see it all; and an audit row for every change.

const rejects404 = (e: unknown) => e instanceof HttpError && e.statusCode === 404;

describe('restorative conferences', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof conferenceWorld>>;
  const ctx = () => meetingContext(t, w.practitioner, [w.teamA.id]);
  const item = (over: Partial<Parameters<typeof conference.addItem>[2]> = {}) => ({
    kind: 'apology' as const,
    what: 'Ben will say sorry to Ada, face to face',
    owner: `family:${w.members[1]!.id}`,
    dueOn: '2026-11-30',
    ...over,
  });

  before(async () => {
    t = await startTestApp();
    w = await conferenceWorld(t);
  });
  after(() => t.close());

  it('keeps role keys in the data and shows the default names until renamed', async () => {
    const record = await service.viewMeeting(ctx(), w.meetingId);
    const byName = Object.fromEntries(record.participants.map((p) => [p.name, p]));
    assert.equal(byName['Ada Rivers']!.roleKey, 'harmed');
    assert.equal(byName['Ada Rivers']!.role, 'Person harmed');
    assert.equal(byName['Ben Rivers']!.role, 'Person responsible');
    assert.equal(byName['Nan Rivers']!.role, 'Supporter');
    assert.deepEqual(await roleNames(t.database.db, w.partnership.id), DEFAULT_ROLE_NAMES);
  });

  it('refuses a conference participant without one of the three roles; a circle takes any', async () => {
    const refused = await service.addParticipant(ctx(), w.meetingId, {
      who: `member:${w.members[2]!.id}`,
      role: 'victim',
    });
    assert.deepEqual(refused, {
      ok: false,
      errors: { role: 'Choose their role in the conference' },
    });
    const choices = await service.participantChoices(ctx(), w.meetingId);
    assert.deepEqual(
      choices.conferenceRoles?.map((r) => r.value),
      ['harmed', 'responsible', 'supporter'],
    );
  });

  it('lets only an admin rename the roles; two roles cannot share a name', async () => {
    await assert.rejects(
      renameRoles(ctx(), { harmed: 'A', responsible: 'B', supporter: 'C' }),
      (e: unknown) => e instanceof HttpError && e.statusCode === 403,
    );
    const same = await renameRoles(w.adminCtx(), {
      harmed: 'Parent',
      responsible: 'parent',
      supporter: 'Supporter',
    });
    assert.deepEqual(same, {
      ok: false,
      errors: { responsible: 'Give this role a different name from “Parent”' },
    });
    const saved = await renameRoles(w.adminCtx(), {
      harmed: 'Person affected',
      responsible: 'Parent or carer',
      supporter: 'Supporter',
    });
    assert.deepEqual(saved, { ok: true });
    // Two names changed: a row and an audit row for each; the unchanged supporter has neither.
    const rows = await t.database.db.select().from(conferenceRoleLabels);
    assert.deepEqual(rows.map((r) => r.role).sort(), ['harmed', 'responsible']);
    for (const row of rows)
      assert.equal((await auditRows(t, 'conference.role_renamed', row.id)).length, 1);
    const names = await roleNames(t.database.db, w.partnership.id);
    assert.equal(names.harmed, 'Person affected');
    assert.equal(names.responsible, 'Parent or carer');
  });

  it('shows the new names in lists, the guide, the letter, the email and the outcome', async () => {
    const record = await service.viewMeeting(ctx(), w.meetingId);
    const ada = record.participants.find((p) => p.name === 'Ada Rivers')!;
    assert.equal(ada.role, 'Person affected');
    assert.equal(ada.roleKey, 'harmed');
    const guide = await openGuide(ctx(), w.meetingId);
    assert.ok(guide.participants.some((p) => p.role === 'Parent or carer'));
    const letter = await invitationFor(ctx(), w.meetingId, w.participants.ben);
    assert.equal(letter.participant.role, 'Parent or carer');
    await stillToCome(t, w.meetingId, true);
    await sendInvitation(ctx(), w.meetingId, w.participants.ben, {
      method: 'email',
      email: 'ben@example.test',
    });
    await stillToCome(t, w.meetingId, false);
    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.to, 'ben@example.test'));
    assert.match(mail!.text, /You are invited as: Parent or carer\./);
    const outcome = await service.meetingOutcome(ctx(), w.meetingId);
    assert.ok(outcome.participants.some((p) => p.role === 'Person affected'));
  });

  it('adds agreement items with an owner from the list and a due date on or after the day', async () => {
    const bad = await conference.addItem(
      ctx(),
      w.meetingId,
      item({ owner: `family:${w.teamA.id}` }),
    );
    assert.deepEqual(bad, { ok: false, errors: { owner: 'Choose who will do it from the list' } });
    const early = await conference.addItem(ctx(), w.meetingId, item({ dueOn: '2026-11-09' }));
    assert.deepEqual(early, {
      ok: false,
      errors: { due: 'The date it is due by must be on or after the day of the conference' },
    });
    const added = await conference.addItem(ctx(), w.meetingId, item());
    assert.ok(added.ok);
    assert.equal((await auditRows(t, 'conference.item_added', added.id)).length, 1);
    const page = await conference.viewAgreement(ctx(), w.meetingId);
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0]!.ownerName, 'Ben Rivers');
    assert.equal(page.items[0]!.state, 'open');
    // The people taking part are offered first, with their role as the partnership names it.
    assert.equal(page.owners[0]!.detail, 'taking part: Person affected');
    assert.ok(page.owners.some((o) => o.key === `professional:${w.practitioner.id}`));
    assert.equal(page.followUp.finished, false);
  });

  it('marks an item overdue once its date has passed, and finishes when all are done or closed', async () => {
    const repair = await conference.addItem(
      ctx(),
      w.meetingId,
      item({ kind: 'repair', what: 'Nan and Ben repaint the fence', dueOn: '2026-11-20' }),
    );
    assert.ok(repair.ok);
    let page = await conference.viewAgreement(ctx(), w.meetingId);
    assert.deepEqual(
      page.items.map((i) => i.state),
      ['overdue', 'open'],
    );
    assert.equal(page.followUp.overdue, 1);
    assert.equal(page.followUp.open, 2);
    const apology = page.items.find((i) => i.kind === 'apology')!;

    const future = await conference.completeItem(ctx(), w.meetingId, apology.id, {
      doneOn: '2026-11-22',
      note: null,
    });
    assert.deepEqual(future, {
      ok: false,
      errors: { done: 'The date it was done must be today or in the past' },
    });
    const before = await conference.completeItem(ctx(), w.meetingId, apology.id, {
      doneOn: '2026-11-01',
      note: null,
    });
    assert.equal(before.ok, false);
    const done = await conference.completeItem(ctx(), w.meetingId, apology.id, {
      doneOn: '2026-11-21',
      note: 'Said in his own words at Nan’s house',
    });
    assert.ok(done.ok);
    assert.equal((await auditRows(t, 'conference.item_completed', apology.id)).length, 1);
    const again = await conference.completeItem(ctx(), w.meetingId, apology.id, {
      doneOn: '2026-11-21',
      note: null,
    });
    assert.deepEqual(again, {
      ok: false,
      errors: { done: 'This item has already been completed or closed, so it cannot be changed' },
    });
    const change = await conference.changeItem(ctx(), w.meetingId, apology.id, item());
    assert.equal(change.ok, false);
    const closed = await conference.closeItem(ctx(), w.meetingId, repair.id, {
      reason: 'The fence was replaced by the landlord',
    });
    assert.ok(closed.ok);
    assert.equal((await auditRows(t, 'conference.item_closed', repair.id)).length, 1);

    page = await conference.viewAgreement(ctx(), w.meetingId);
    assert.deepEqual(page.items.map((i) => i.state).sort(), ['closed', 'completed']);
    const [row] = page.items.filter((i) => i.state === 'completed');
    assert.equal(row!.completedOn, '2026-11-21');
    assert.equal(row!.completedBy, w.practitioner.id);
    assert.equal(row!.completedByName, 'Pat Practitioner');
    assert.equal(page.followUp.finished, true);
    assert.ok(page.followUp.finishedAt);
    const details = await service.viewMeeting(ctx(), w.meetingId);
    assert.equal(details.followUp?.finished, true);
    assert.equal(details.followUp?.openItems.length, 0);
  });

  it('changes an open item, and moves its due date', async () => {
    const added = await conference.addItem(
      ctx(),
      w.meetingId,
      item({ kind: 'action', what: 'Ben goes to the youth club', dueOn: '2026-12-01' }),
    );
    assert.ok(added.ok);
    const changed = await conference.changeItem(
      ctx(),
      w.meetingId,
      added.id,
      item({ kind: 'action', what: 'Ben goes to the youth club weekly', dueOn: '2027-01-15' }),
    );
    assert.ok(changed.ok);
    assert.equal((await auditRows(t, 'conference.item_changed', added.id)).length, 1);
    const details = await service.viewMeeting(ctx(), w.meetingId);
    assert.equal(details.followUp?.finished, false);
    assert.equal(details.followUp?.openItems[0]!.what, 'Ben goes to the youth club weekly');
    assert.equal(details.followUp?.openItems[0].dueOn, '2027-01-15');
  });

  it('counts the follow-up from the items alone', () => {
    const at = (iso: string) => new Date(iso);
    const open = { completedAt: null, closedAt: null, dueOn: '2026-11-30' };
    assert.equal(itemState(open, '2026-11-30'), 'open');
    assert.equal(itemState(open, '2026-12-01'), 'overdue');
    assert.deepEqual(followUpOf([], '2026-12-01'), {
      total: 0,
      open: 0,
      overdue: 0,
      completed: 0,
      closed: 0,
      finished: false,
      finishedAt: null,
    });
    const ended = followUpOf(
      [
        { ...open, completedAt: at('2026-11-22T10:00:00Z') },
        { ...open, closedAt: at('2026-11-25T10:00:00Z') },
      ],
      '2026-12-01',
    );
    assert.equal(ended.finished, true);
    assert.equal(ended.finishedAt?.toISOString(), '2026-11-25T10:00:00.000Z');
  });

  it('has no agreement on a circle, and refuses items on a cancelled conference', async () => {
    const circle = await service.createMeeting(ctx(), w.family.id, {
      kind: 'circle',
      title: 'A circle',
      startsAt: new Date('2026-11-10T10:00:00Z'),
      place: 'Home',
      onlineLink: null,
      facilitatorId: w.practitioner.id,
      status: 'held',
      purpose: 'proactive',
      talkingPiece: null,
      consentToRecord: null,
      consentGivenBy: null,
    });
    assert.ok(circle.ok);
    await assert.rejects(conference.viewAgreement(ctx(), circle.id), rejects404);
    await assert.rejects(conference.addItem(ctx(), circle.id, item()), rejects404);
    const record = await service.viewMeeting(ctx(), circle.id);
    assert.equal(record.followUp, null);

    const cancelled = await service.createMeeting(ctx(), w.family.id, {
      kind: 'conference',
      title: 'A conference that did not happen',
      startsAt: record.meeting.startsAt,
      place: 'Home',
      onlineLink: null,
      facilitatorId: w.practitioner.id,
      status: 'cancelled',
      purpose: null,
      talkingPiece: null,
      consentToRecord: null,
      consentGivenBy: null,
    });
    assert.ok(cancelled.ok);
    await assert.rejects(
      conference.addItem(ctx(), cancelled.id, item()),
      (e: unknown) => e instanceof HttpError && e.statusCode === 400,
    );
  });

  it('refuses a practitioner of another team: 404, audited, nothing changed', async () => {
    const page = await conference.viewAgreement(ctx(), w.meetingId);
    const open = page.items.find((i) => i.state === 'open')!;
    const other = w.ctx.other();
    await assert.rejects(conference.viewAgreement(other, w.meetingId), rejects404);
    await assert.rejects(
      conference.closeItem(other, w.meetingId, open.id, { reason: 'not theirs' }),
      rejects404,
    );
    // The refusal is audited by the error handler over HTTP; here, nothing was written.
    const [row] = await t.database.db
      .select()
      .from(conferenceAgreementItems)
      .where(eq(conferenceAgreementItems.id, open.id));
    assert.equal(row!.closedAt, null);
    // An item of this conference asked for under another meeting is not found either.
    await assert.rejects(
      conference.viewItem(ctx(), w.meetingId, '00000000-0000-4000-8000-000000000000'),
      rejects404,
    );
  });

  it('lists overdue items for the caseload, only for families the actor may see', async () => {
    const later = () => ({ ...ctx(), now: new Date('2027-01-20T10:00:00Z') });
    const mine = await conference.overdueAgreementItems(later(), [w.family.id]);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.meetingId, w.meetingId);
    assert.equal(mine[0]!.dueOn, '2027-01-15');
    const theirs = await conference.overdueAgreementItems(
      { ...w.ctx.other(), now: new Date('2027-01-20T10:00:00Z') },
      [w.family.id],
    );
    assert.equal(theirs.length, 0);
  });
});
