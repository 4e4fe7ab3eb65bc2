import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { makePerson } from '../../../test/support/factories.js';
import { auditRows } from '../../../test/support/meetings.js';
import { HttpError } from '../../platform/http/errors.js';
import { FAMILY_TIME_REFUSAL } from './fgc-guard.js';
import * as day from './fgc-meeting.js';
import * as fgc from './fgc.js';
import * as referral from './fgc-referral.js';
import { saveAnswers } from './guide.js';
import { scheduleReview } from './fgc-reviews.js';
import { addParticipant, saveOutcome, type Saved } from './service.js';
import { fgcConferences } from './tables-fgc.js';
import { meetings } from './tables.js';

// The family group conference's rules, without HTTP: stages in order, an independent
// coordinator, preparation, private family time closing the record to professionals, the
// referrer's answer, and access through the family.

const refused = (saved: Saved, field: string, pattern: RegExp) => {
  assert.ok(!saved.ok, 'refused');
  const errors = saved.errors;
  assert.match(errors[field] ?? '', pattern, JSON.stringify(errors));
};

describe('family group conference rules', () => {
  let t: TestApp;
  let w: FgcWorld;
  const pat = () => w.ctx.practitioner();
  const stageOf = async (id: string) =>
    (
      await t.database.db
        .select({ stage: fgcConferences.stage })
        .from(fgcConferences)
        .where(eq(fgcConferences.meetingId, id))
    )[0]!.stage;

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
  });
  after(() => t.close());

  it('starts with the referral: the meeting, its referral, audit rows and its stage', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    const view = await fgc.viewFgc(pat(), id);
    assert.equal(view.meeting.kind, 'fgc');
    assert.equal(view.conference!.referralReason, 'Ben has not been to school since September.');
    assert.equal(view.conference!.referralRecordedBy, w.practitioner.id);
    assert.equal(view.conference!.consent, null);
    assert.equal(view.progress, 'referral');
    assert.deepEqual(
      view.statuses.map((s) => s.status),
      ['in_progress', ...Array<string>(7).fill('cannot_start')],
    );
    assert.equal(await stageOf(id), 'referral');
    assert.equal((await auditRows(t, 'meeting.created', id)).length, 1);
    assert.equal((await auditRows(t, 'fgc.referral_saved', id)).length, 1);
  });

  it('refuses every stage until the ones before it are complete', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: w.coordinator.id }),
      'coordinatorId',
      /Record the family’s consent first/,
    );
    refused(
      await fgc.confirmPreparation(pat(), id),
      'preparation',
      /Assign an independent coordinator first/,
    );
    const view = await fgc.viewFgc(pat(), id);
    refused(await day.recordFamilyTime(pat(), id, 'start'), 'step', /after preparation/);
    refused(await day.recordFamilyTime(pat(), id, 'end'), 'step', /has not started yet/);
    refused(
      await day.presentPlan(pat(), id, { plan: 'Too soon' }),
      'plan',
      /after private family time/,
    );
    refused(
      await day.recordDecision(pat(), id, {
        agreed: true,
        decidedOn: '2026-11-21',
        reason: null,
        nextSteps: null,
      }),
      'agreed',
      /once the family has presented its plan/,
    );
    refused(
      await scheduleReview(pat(), id, { kind: 'meeting', dueOn: '2027-01-10' }),
      'kind',
      /once the referrer has agreed/,
    );
    assert.equal(view.progress, 'referral');
    // Refused changes leave no "allowed" audit rows behind.
    assert.equal((await auditRows(t, 'fgc.coordinator_assigned', id)).length, 0);

    await advanceTo(t, w, id, 'preparation');
    await addParticipant(pat(), id, { who: `person:${w.colleague.id}`, role: 'professional' });
    const c = await fgc.viewFgc(pat(), id);
    refused(
      await day.saveInformation(pat(), id, c.professionals[0]!.id, {
        whatWeKnow: 'x',
        worries: 'x',
        resources: 'x',
      }),
      'whatWeKnow',
      /once the coordinator has finished preparing everyone/,
    );
  });

  it('stops at the family’s "no": no coordinator is assigned without consent', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id, {
      consent: 'not_given',
      'consentOn-day': '20',
      'consentOn-month': '11',
      'consentOn-year': '2026',
    });
    const view = await fgc.viewFgc(pat(), id);
    assert.equal(view.statuses[0]!.status, 'not_agreed');
    assert.equal(view.conference!.consentRecordedBy, w.practitioner.id);
    assert.equal((await auditRows(t, 'fgc.consent_recorded', id)).length, 1);
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: w.coordinator.id }),
      'coordinatorId',
      /has not agreed to a family group conference/,
    );
  });

  it('assigns only an independent coordinator: not the referrer, an allocated worker or their team', async () => {
    const id = await referFgc(pat(), w.family.id, w.colleague.id);
    await advanceTo(t, w, id, 'coordinator');
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: w.colleague.id }),
      'coordinatorId',
      /^Cal Colleague referred the family, so they cannot be its independent coordinator/,
    );
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: w.practitioner.id }),
      'coordinatorId',
      /^Pat Practitioner is allocated to work with The Rivers family, so they are not independent/,
    );
    // Nor anyone in a team working with the family, though not allocated themselves.
    const teammate = await makePerson(t.database.db, w.partnership.id, {
      name: 'Tam Teammate',
      roles: ['facilitator'],
      teamIds: [w.teamA.id, w.fgcService.id],
    });
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: teammate.id }),
      'coordinatorId',
      new RegExp(
        `^Tam Teammate is in ${w.teamA.name}, which works with The Rivers family, so they are not independent`,
      ),
    );
    refused(
      await fgc.assignCoordinator(pat(), id, { coordinatorId: randomUUID() }),
      'coordinatorId',
      /from the list/,
    );
    assert.ok((await fgc.assignCoordinator(pat(), id, { coordinatorId: w.coordinator.id })).ok);
    const [m] = await t.database.db.select().from(meetings).where(eq(meetings.id, id));
    assert.equal(m!.facilitatorId, w.coordinator.id, 'the coordinator runs the meeting');
    assert.equal((await auditRows(t, 'fgc.coordinator_assigned', id)).length, 1);
    assert.equal(await stageOf(id), 'preparation');
    // Nor can the coordinator then be named as the referrer.
    const c = (await fgc.viewFgc(pat(), id)).conference!;
    refused(
      await referral.saveReferral(pat(), id, {
        referrerPersonId: w.coordinator.id,
        referrerName: null,
        referrerOrganisation: null,
        referralReason: c.referralReason,
        referredOn: c.referredOn,
        consent: 'given',
        consentOn: c.consentOn,
      }),
      'referrerPersonId',
      /is the conference’s coordinator/,
    );
  });

  it('finishes preparation only when the coordinator has met everyone invited', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'preparation');
    refused(
      await fgc.confirmPreparation(pat(), id),
      'preparation',
      /Invite the family and its network first/,
    );
    await addParticipant(pat(), id, { who: `member:${w.members[1]!.id}`, role: 'family member' });
    await addParticipant(pat(), id, { who: `person:${w.coordinator.id}`, role: 'coordinator' });
    refused(await fgc.confirmPreparation(pat(), id), 'preparation', /has not met Ben Rivers yet/);
    await advanceTo(t, w, id, 'information');
    const view = await fgc.viewFgc(pat(), id);
    assert.ok(view.conference!.preparationDoneAt);
    assert.ok(
      !view.invitees.some((p) => p.personId === w.coordinator.id),
      'the coordinator is not an invitee',
    );
    assert.equal((await auditRows(t, 'fgc.preparation_done', id)).length, 1);
  });

  it('closes the record to professionals during private family time, and records how long it lasted', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'family_time');
    const view = await fgc.viewFgc(pat(), id);
    assert.equal(view.statuses[4]!.status, 'in_progress');
    const professional = view.professionals[0]!.id;
    const info = { whatWeKnow: 'More', worries: 'More', resources: 'More' };
    const blocked = await day.saveInformation(pat(), id, professional, info);
    refused(blocked, 'whatWeKnow', /^Private family time has started/);
    assert.equal(
      (blocked as { errors: Record<string, string> }).errors.whatWeKnow,
      FAMILY_TIME_REFUSAL,
    );
    await assert.rejects(
      saveAnswers(pat(), id, {
        position: 1,
        go: 'stay',
        answers: [{ participantId: professional, answer: 'x' }],
      }),
      (e: unknown) =>
        e instanceof HttpError && e.statusCode === 409 && e.message === FAMILY_TIME_REFUSAL,
    );
    await assert.rejects(
      saveOutcome(pat(), id, { outcome: 'Written by a professional' }),
      (e: unknown) =>
        e instanceof HttpError && e.statusCode === 409 && e.message === FAMILY_TIME_REFUSAL,
    );
    refused(
      await day.presentPlan(pat(), id, { plan: 'x' }),
      'plan',
      /^Private family time has started/,
    );
    refused(await day.recordFamilyTime(pat(), id, 'start'), 'step', /already started/);

    await advanceTo(t, w, id, 'plan');
    const after = await fgc.viewFgc(pat(), id);
    const c = after.conference!;
    assert.equal(c.familyTimeEndedAt!.getTime() - c.familyTimeStartedAt!.getTime(), 45 * 60_000);
    assert.equal(after.statuses[4]!.status, 'completed');
    refused(
      await day.saveInformation(pat(), id, professional, info),
      'whatWeKnow',
      /finished when private family time began/,
    );
    assert.equal((await auditRows(t, 'fgc.family_time_started', id)).length, 1);
    assert.equal((await auditRows(t, 'fgc.family_time_ended', id)).length, 1);
  });

  it('refuses a practitioner of another team: not found', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await assert.rejects(
      fgc.viewFgc(w.ctx.other(), id),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
    await assert.rejects(
      fgc.assignCoordinator(w.ctx.other(), id, { coordinatorId: w.coordinator.id }),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
    await assert.rejects(
      referral.createFgc(w.ctx.other(), w.family.id, {
        title: 'Not theirs',
        startsAt: new Date('2026-12-10T10:00:00Z'),
        referral: {
          referrerPersonId: w.other.id,
          referrerName: null,
          referrerOrganisation: null,
          referralReason: 'Not theirs to refer',
          referredOn: '2026-11-20',
          consent: null,
          consentOn: null,
        },
      }),
      (e: unknown) => e instanceof HttpError && e.statusCode === 404,
    );
  });
});
