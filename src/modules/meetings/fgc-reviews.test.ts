import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { advanceTo, fgcWorld, referFgc, type FgcWorld } from '../../../test/support/fgc.js';
import { auditRows } from '../../../test/support/meetings.js';
import * as reviews from './fgc-reviews.js';
import { durationText } from './fgc-stages.js';
import * as fgc from './fgc.js';
import { fgcConferences } from './tables-fgc.js';
import { meetings } from './tables.js';

// Reviews of the family's plan, and what a conference's page says is overdue.

const consentOn = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return { consent: 'given', 'consentOn-day': d!, 'consentOn-month': m!, 'consentOn-year': y! };
};

describe('family group conference reviews and overdue stages', () => {
  let t: TestApp;
  let w: FgcWorld;
  const pat = () => w.ctx.practitioner();
  const overdueOf = async (id: string) =>
    (await fgc.viewFgc(pat(), id)).overdue.map((o) => `${o.stage}: ${o.text}`);

  before(async () => {
    t = await startTestApp();
    w = await fgcWorld(t);
  });
  after(() => t.close());

  it('says when the family’s consent is late: 10 days after the referral', async () => {
    const late = await referFgc(pat(), w.family.id, w.practitioner.id, {
      'referred-day': '1',
      'referred-month': '11',
    });
    assert.deepEqual(await overdueOf(late), [
      'referral: The family’s consent has not been recorded, 20 days after the referral',
    ]);
    const recent = await referFgc(pat(), w.family.id, w.practitioner.id, {
      'referred-day': '15',
      'referred-month': '11',
    });
    assert.deepEqual(await overdueOf(recent), []);
  });

  it('says when no coordinator has been found 5 days after the family agreed', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id, {
      'referred-day': '1',
      'referred-month': '11',
      ...consentOn('2026-11-10'),
    });
    assert.deepEqual(await overdueOf(id), [
      'coordinator: No coordinator has been assigned, 11 days after the family gave consent',
    ]);
    await advanceTo(t, w, id, 'preparation');
    assert.deepEqual(await overdueOf(id), []);
  });

  it('says when preparation was not finished by the conference’s date, unless it is cancelled', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id, {
      'date-day': '21',
      'date-month': '11',
      time: '9:00',
    });
    assert.deepEqual(await overdueOf(id), [
      'preparation: Preparation was not finished before the date of the conference',
    ]);
    await t.database.db.update(meetings).set({ status: 'cancelled' }).where(eq(meetings.id, id));
    assert.deepEqual(await overdueOf(id), []);
  });

  it('books a review meeting and a review conference linked to the first, once the plan is agreed', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'review');
    const past = await reviews.scheduleReview(pat(), id, { kind: 'meeting', dueOn: '2026-11-20' });
    assert.ok(!past.ok && /today or later/.test(past.errors.due ?? ''));

    const meeting = await reviews.scheduleReview(pat(), id, {
      kind: 'meeting',
      dueOn: '2027-01-15',
    });
    assert.ok(meeting.ok);
    assert.equal((await auditRows(t, 'fgc.review_scheduled', meeting.id)).length, 1);
    let view = await fgc.viewFgc(pat(), id);
    assert.equal(view.progress, 'done');
    const [row] = await t.database.db
      .select()
      .from(fgcConferences)
      .where(eq(fgcConferences.meetingId, id));
    assert.equal(row!.stage, 'done');

    const conference = await reviews.scheduleReview(pat(), id, {
      kind: 'fgc',
      dueOn: '2027-03-01',
    });
    assert.ok(conference.ok);
    view = await fgc.viewFgc(pat(), id);
    const linked = view.reviews.find((r) => r.id === conference.id)!;
    assert.ok(linked.reviewMeetingId);
    const review = await fgc.viewFgc(pat(), linked.reviewMeetingId);
    assert.equal(review.meeting.title, 'Review: Family group conference');
    assert.equal(review.meeting.startsAt.toISOString(), '2027-03-01T10:00:00.000Z');
    assert.equal(review.meeting.facilitatorId, w.coordinator.id);
    assert.deepEqual(review.reviewOf, { id, title: 'Family group conference' });
    assert.equal(review.progress, 'referral', 'a review conference asks the family again');
    assert.equal(review.conference!.referrerPersonId, w.practitioner.id);
  });

  it('says a review is overdue once its date passes, until it is recorded as held', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'done');
    t.clock.advance(80 * 86_400_000); // past the review on 1 February 2027
    assert.deepEqual(await overdueOf(id), [
      'review: The review due on 1 February 2027 has not happened',
    ]);
    const view = await fgc.viewFgc(pat(), id);
    const reviewId = view.reviews[0]!.id;
    const future = await reviews.recordReviewHeld(pat(), id, reviewId, {
      heldOn: '2027-12-01',
      notes: null,
    });
    assert.ok(!future.ok && /must be today or in the past/.test(future.errors.held ?? ''));
    const held = await reviews.recordReviewHeld(pat(), id, reviewId, {
      heldOn: '2027-02-03',
      notes: 'Ben has been in school every day.',
    });
    assert.ok(held.ok);
    assert.deepEqual(await overdueOf(id), []);
    assert.equal((await auditRows(t, 'fgc.review_held', reviewId)).length, 1);
    const cancelHeld = await reviews.cancelReview(pat(), id, reviewId);
    assert.ok(!cancelHeld.ok && /has happened/.test(cancelHeld.errors.review ?? ''));
  });

  it('cancels a review by retiring it, with its review conference', async () => {
    const id = await referFgc(pat(), w.family.id, w.practitioner.id);
    await advanceTo(t, w, id, 'review');
    const booked = await reviews.scheduleReview(pat(), id, { kind: 'fgc', dueOn: '2027-06-01' });
    assert.ok(booked.ok);
    const cancelled = await reviews.cancelReview(pat(), id, booked.id);
    assert.ok(cancelled.ok);
    const view = await fgc.viewFgc(pat(), id);
    assert.ok(view.reviews[0]!.retiredAt, 'kept, retired');
    assert.equal(view.progress, 'review', 'no review is booked now');
    const [linked] = await t.database.db
      .select()
      .from(meetings)
      .where(eq(meetings.id, view.reviews[0]!.reviewMeetingId!));
    assert.equal(linked!.status, 'cancelled');
    assert.equal((await auditRows(t, 'fgc.review_cancelled', booked.id)).length, 1);
    await assert.rejects(reviews.cancelReview(pat(), id, booked.id), /Page not found/);
  });

  it('says how long private family time lasted in words', () => {
    assert.equal(durationText(20_000), 'less than a minute');
    assert.equal(durationText(45 * 60_000), '45 minutes');
    assert.equal(durationText(60 * 60_000), '1 hour');
    assert.equal(durationText(61 * 60_000), '1 hour 1 minute');
    assert.equal(durationText(125 * 60_000), '2 hours 5 minutes');
  });
});
