import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.js';
import { ukToday } from '../../platform/dates/uk-time.js';
import { validateForm } from '../../platform/http/forms.js';
import { HttpError } from '../../platform/http/errors.js';
import { outbox } from '../../platform/mail/tables.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makePartnership, makePerson } from '../../../test/support/factories.js';
import { asPerson, courseInput } from '../../../test/support/training.js';
import {
  acceptRequest,
  declineRequest,
  getRequest,
  listRequests,
  myRequests,
  requestBespoke,
} from './bespoke.js';
import { bespokeRequestSchema } from './bespoke-schemas.js';
import { bookSession } from './bookings.js';
import { createCourse } from './courses.js';
import { BookingRefused, FormProblem } from './problems.js';
import type { SessionInput } from './schemas.js';
import { getSession, sessionsOfCourse, updateSession } from './sessions.js';
import { bookTeam } from './team-booking.js';

// Bespoke courses: a manager asks for one for their team; accepting schedules a closed session
// that only that team can book or see listed; declining needs a reason. Emails go either way.

type Person = Awaited<ReturnType<typeof makePerson>>;

describe('bespoke courses', () => {
  let t: TestApp;
  let partnershipId: string;
  let teamId: string;
  let teamName: string;
  let otherTeamId: string;
  let admin: Person;
  let trainer: Person;
  let boss: Person;
  let bespokeCourseId: string;
  const as = (p: Person) => asPerson(t, p);
  const ask = (over: Partial<Parameters<typeof requestBespoke>[1]> = {}) =>
    requestBespoke(as(boss), {
      teamId,
      peopleCount: 14,
      needs: 'We want to run restorative team meetings.',
      preferredDates: ['2027-01-14', '2027-02-11'],
      ...over,
    });
  const session = (over: Partial<SessionInput> = {}): SessionInput => ({
    startsAt: new Date('2027-01-14T10:00:00Z'),
    endsAt: new Date('2027-01-14T13:00:00Z'),
    places: 14,
    delivery: 'in_person',
    joiningLink: null,
    venue: 'The team’s own office',
    trainerIds: [trainer.id],
    ...over,
  });

  before(async () => {
    t = await startTestApp();
    const made = await makePartnership(t.database.db);
    partnershipId = made.partnership.id;
    teamId = made.team.id;
    teamName = made.team.name;
    otherTeamId = (await makePartnership(t.database.db)).team.id;
    admin = await makePerson(t.database.db, partnershipId, { roles: ['admin'] });
    trainer = await makePerson(t.database.db, partnershipId, { roles: ['trainer'] });
    boss = await makePerson(t.database.db, partnershipId, {
      roles: ['manager'],
      teamIds: [teamId],
      name: 'Bo Boss',
    });
    bespokeCourseId = await createCourse(
      as(admin),
      courseInput({
        title: 'Bespoke team course',
        kind: 'bespoke',
        frequency: 'on_request',
        durationMinutes: undefined,
      }),
    );
  });
  after(() => t.close());

  it('checks a request: at most 20 people, up to three real dates, one of the manager’s teams, dates ahead', async () => {
    const today = ukToday(t.clock.now());
    const form = validateForm(bespokeRequestSchema(today), {
      teamId,
      peopleCount: '21',
      needs: '',
      'date1-day': '31',
      'date1-month': '2',
      'date1-year': '2027',
      'date2-day': '3',
    });
    assert.equal(form.ok, false);
    assert.deepEqual(Object.keys(form.errors).sort(), ['date1', 'date2', 'needs', 'peopleCount']);
    assert.match(form.errors.peopleCount!, /20 or fewer/);
    const good = validateForm(bespokeRequestSchema(today), {
      teamId,
      peopleCount: '20',
      needs: 'Help',
      'date1-day': '14',
      'date1-month': '1',
      'date1-year': '2027',
      'date3-day': '4',
      'date3-month': '3',
      'date3-year': '2027',
    });
    assert.equal(good.ok, true);
    assert.deepEqual(good.data.preferredDates, ['2027-01-14', '2027-03-04']);
    // Today and before are refused by the form itself, with every other mistake.
    const past = validateForm(bespokeRequestSchema(today), {
      teamId,
      peopleCount: '50',
      needs: 'Help',
      'date1-day': '21',
      'date1-month': '11',
      'date1-year': '2026',
      'date3-day': '1',
      'date3-month': '1',
      'date3-year': '2026',
    });
    assert.equal(past.ok, false);
    assert.deepEqual(past.errors, {
      peopleCount: 'The number of people must be 20 or fewer',
      date1: 'The date that would suit you best must be in the future',
      date3: 'The third date must be in the future',
    });

    await assert.rejects(
      ask({ teamId: otherTeamId }),
      (e) => e instanceof FormProblem && /one of your teams/.test(e.message),
    );
    await assert.rejects(
      ask({ preferredDates: ['2027-01-14', '2026-11-21'] }),
      (e) => e instanceof FormProblem && 'date2' in e.form.errors,
    );
  });

  it('accepting schedules a closed session, emails the manager, and is audited', async () => {
    const id = await ask();
    assert.equal((await getRequest(as(boss), id)).status, 'requested');
    const sessionId = await acceptRequest(as(admin), id, bespokeCourseId, session());
    const request = await getRequest(as(boss), id);
    assert.equal(request.status, 'accepted');
    assert.equal(request.sessionId, sessionId);
    assert.equal(request.sessionStartsAt?.toISOString(), '2027-01-14T10:00:00.000Z');
    assert.equal((await getSession(as(admin), sessionId)).teamId, teamId);

    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.to, boss.email));
    assert.match(mail!.subject, new RegExp(`Bespoke course arranged for ${teamName}`));
    assert.match(mail!.text, /14 January 2027 at 10:00am/);
    assert.match(mail!.text, new RegExp(`/training/sessions/${sessionId}`));

    const actions = (
      await t.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.recordId, id))
    ).map((a) => a.action);
    assert.deepEqual(actions.sort(), ['training-bespoke.accepted', 'training-bespoke.requested']);

    // A request is decided once.
    await assert.rejects(
      declineRequest(as(admin), id, 'Too late'),
      (e) => e instanceof HttpError && e.statusCode === 409,
    );
  });

  it('only the team can book or see the closed session; others are told why', async () => {
    const sessionId = await acceptRequest(as(trainer), await ask(), bespokeCourseId, session());
    const member = await makePerson(t.database.db, partnershipId, {
      teamIds: [teamId],
      name: 'Mo Member',
    });
    const outsider = await makePerson(t.database.db, partnershipId);

    assert.equal(await bookSession(as(member), sessionId), 'booked');
    await assert.rejects(
      bookSession(as(outsider), sessionId),
      (e) =>
        e instanceof BookingRefused &&
        e.reason ===
          `This session is a bespoke course for ${teamName}, so only people in that team can book it.`,
    );
    // Listed for the team and for trainers, not for anyone else.
    const listed = async (p: Person) =>
      (await sessionsOfCourse(as(p), bespokeCourseId)).some((s) => s.id === sessionId);
    assert.equal(await listed(member), true);
    assert.equal(await listed(trainer), true);
    assert.equal(await listed(outsider), false);
    assert.deepEqual((await getSession(as(outsider), sessionId)).closed, {
      teamId,
      teamName,
      member: false,
    });

    // Changing the closed session keeps it within a bespoke course's 20 places.
    await assert.rejects(
      updateSession(as(trainer), sessionId, session({ places: 25 })),
      (e) => e instanceof FormProblem && /20 places or fewer/.test(e.message),
    );

    // A manager booking their team is held to the same rule for each person.
    const inBoth = await makePerson(t.database.db, partnershipId, { teamIds: [teamId] });
    const results = await bookTeam(as(boss), sessionId, [inBoth.id]);
    assert.equal(results[0]!.outcome, 'booked');
  });

  it('declining needs a reason, which the manager is emailed; managers see their own requests', async () => {
    const id = await ask({ needs: 'A whole-day course' });
    await declineRequest(as(admin), id, 'We only run half-day courses; try the Introduction.');
    const request = await getRequest(as(boss), id);
    assert.equal(request.status, 'declined');
    assert.equal(request.declineReason, 'We only run half-day courses; try the Introduction.');
    const mails = await t.database.db.select().from(outbox).where(eq(outbox.to, boss.email));
    assert.ok(mails.some((m) => /We only run half-day courses/.test(m.text)));

    const mine = await myRequests(as(boss));
    assert.ok(mine.items.every((r) => r.requestedBy === boss.id));
    assert.ok(mine.items.some((r) => r.id === id && r.status === 'declined'));
    const waiting = await listRequests(as(admin), 'requested');
    assert.ok(waiting.items.every((r) => r.status === 'requested'));
    const declined = await listRequests(as(admin), 'declined');
    assert.ok(declined.items.some((r) => r.id === id));

    // Another manager who did not ask cannot open it.
    const otherBoss = await makePerson(t.database.db, partnershipId, { roles: ['manager'] });
    await assert.rejects(
      getRequest(as(otherBoss), id),
      (e) => e instanceof HttpError && e.statusCode === 404,
    );
  });

  it('refuses more than 20 places, a date that has passed, or a course that is not bespoke', async () => {
    const id = await ask();
    await assert.rejects(
      acceptRequest(as(admin), id, bespokeCourseId, session({ places: 21 })),
      (e) => e instanceof FormProblem && /20 people or fewer/.test(e.form.errors.places ?? ''),
    );
    await assert.rejects(
      acceptRequest(
        as(admin),
        id,
        bespokeCourseId,
        session({ startsAt: new Date('2026-11-01T10:00:00Z') }),
      ),
      (e) => e instanceof FormProblem && 'start' in e.form.errors,
    );
    const standard = await createCourse(as(admin), courseInput());
    await assert.rejects(
      acceptRequest(as(admin), id, standard, session()),
      (e) => e instanceof FormProblem && 'courseId' in e.form.errors,
    );
    assert.equal((await getRequest(as(admin), id)).status, 'requested');
  });

  it('pages the list, 25 to a page', async () => {
    for (let i = 0; i < 26; i++) await ask();
    const first = await listRequests(as(admin), 'all', 1);
    const second = await listRequests(as(admin), 'all', 2);
    assert.equal(first.items.length, 25);
    assert.ok(second.items.length >= 1);
    assert.equal(first.total, second.total);
    assert.equal(first.pageCount, Math.ceil(first.total / 25));
  });
});
