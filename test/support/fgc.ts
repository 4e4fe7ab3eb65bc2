import assert from 'node:assert/strict';
import type { ServiceContext } from '../../src/platform/http/context.js';
import { ukToday } from '../../src/platform/dates/uk-time.js';
import { teams } from '../../src/platform/tenancy/tables.js';
import { fgcStages, type FgcProgress } from '../../src/modules/meetings/tables-fgc.js';
import { newFgcSchema } from '../../src/modules/meetings/fgc-schemas.js';
import * as fgc from '../../src/modules/meetings/fgc.js';
import * as referral from '../../src/modules/meetings/fgc-referral.js';
import * as day from '../../src/modules/meetings/fgc-meeting.js';
import { scheduleReview } from '../../src/modules/meetings/fgc-reviews.js';
import { addParticipant, savePreparation } from '../../src/modules/meetings/service.js';
import type { TestApp } from './app.js';
import { makePerson } from './factories.js';
import { meetingContext, meetingDayComes, meetingWorld } from './meetings.js';

// Family group conferences for tests: the meeting world (a family of team A, with members and
// a network), plus Cora, a coordinator from a charity's FGC service: a team the family is not
// allocated to, as is usual, so she can open the family only once she coordinates one of its
// conferences. The helpers move a conference through its stages with the services, as people
// would.

export async function fgcWorld(t: TestApp) {
  const w = await meetingWorld(t);
  const db = t.database.db;
  const [fgcService] = await db
    .insert(teams)
    .values({ partnershipId: w.partnership.id, name: `FGC service ${w.teamA.name}` })
    .returning();
  const coordinator = await makePerson(db, w.partnership.id, {
    name: 'Cora Coordinator',
    roles: ['facilitator'],
    teamIds: [fgcService!.id],
  });
  return {
    ...w,
    fgcService: fgcService!,
    coordinator,
    ctx: { ...w.ctx, coordinator: () => meetingContext(t, coordinator, [fgcService!.id]) },
  };
}
export type FgcWorld = Awaited<ReturnType<typeof fgcWorld>>;

/** A YYYY-MM-DD date as typed in a form's three GOV.UK date boxes named after `prefix`. */
export const boxes = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: d!, [`${prefix}-month`]: m!, [`${prefix}-year`]: y! };
};

/** The form of a new conference, as typed, referred by a person of the partnership. */
export function newFgcForm(referrerId: string, over: Record<string, string> = {}) {
  return {
    title: 'Family group conference',
    referrerType: 'person',
    referrerPersonId: referrerId,
    reason: 'Ben has not been to school since September.',
    ...boxes('referred', '2026-11-20'),
    consent: 'not_asked',
    ...boxes('date', '2026-12-10'),
    time: '10:00',
    ...over,
  };
}

export async function referFgc(
  ctx: ServiceContext,
  familyId: string,
  referrerId: string,
  over: Record<string, string> = {},
) {
  const saved = await referral.createFgc(
    ctx,
    familyId,
    newFgcSchema(ukToday(ctx.now)).parse(newFgcForm(referrerId, over)),
  );
  assert.ok(saved.ok, JSON.stringify(saved));
  return saved.id;
}

const ok = (saved: { ok: boolean }, what: string) =>
  assert.ok(saved.ok, `${what}: ${JSON.stringify(saved)}`);

/**
 * Completes the stages before `until` (so the conference has reached it). Private family time
 * lasts 45 minutes on the test clock.
 */
export async function advanceTo(t: TestApp, w: FgcWorld, meetingId: string, until: FgcProgress) {
  const stop = until === 'done' ? fgcStages.length : fgcStages.indexOf(until);
  const pat = () => w.ctx.practitioner();
  const steps: (() => Promise<void>)[] = [
    async () => {
      const c = await fgc.viewFgc(pat(), meetingId);
      ok(
        await referral.saveReferral(pat(), meetingId, {
          referrerPersonId: c.conference!.referrerPersonId,
          referrerName: c.conference!.referrerName,
          referrerOrganisation: c.conference!.referrerOrganisation,
          referralReason: c.conference!.referralReason,
          referredOn: c.conference!.referredOn,
          consent: 'given',
          consentOn: '2026-11-20',
        }),
        'consent',
      );
    },
    async () =>
      ok(
        await fgc.assignCoordinator(pat(), meetingId, { coordinatorId: w.coordinator.id }),
        'coordinator',
      ),
    async () => {
      const who = [
        `member:${w.members[0]!.id}`,
        `network:${w.network[0]!.id}`,
        `person:${w.colleague.id}`,
      ];
      const present = (await fgc.viewFgc(pat(), meetingId)).participants;
      const there = (one: string) =>
        present.some((p) =>
          one.endsWith(p.familyMemberId ?? p.networkMemberId ?? p.personId ?? '-'),
        );
      for (const one of who.filter((o) => !there(o)))
        ok(
          await addParticipant(pat(), meetingId, {
            who: one,
            role: one.startsWith('person') ? 'professional' : 'family member',
          }),
          one,
        );
      const c = await fgc.viewFgc(pat(), meetingId);
      for (const p of c.invitees)
        ok(
          await savePreparation(pat(), meetingId, p.id, {
            contactedOn: '2026-11-20',
            preparedOn: '2026-11-21',
            needsInterpreter: false,
            needsAccess: false,
            needsChildcare: false,
            safetyConcerns: false,
            needsNotes: 'Met at home',
          }),
          'prepared',
        );
      ok(await fgc.confirmPreparation(pat(), meetingId), 'preparation');
    },
    async () => {
      const c = await fgc.viewFgc(pat(), meetingId);
      ok(
        await day.saveInformation(pat(), meetingId, c.professionals[0]!.id, {
          whatWeKnow: 'Ben has missed most of this term.',
          worries: 'He is falling behind.',
          resources: 'A school mentor, twice a week.',
          bottomLines: 'Ben must be in school every day.',
        }),
        'information',
      );
      await meetingDayComes(t, meetingId);
      ok(await day.recordFamilyTime(pat(), meetingId, 'start'), 'family time started');
    },
    async () => {
      t.clock.advance(45 * 60_000);
      ok(await day.recordFamilyTime(pat(), meetingId, 'end'), 'family time ended');
    },
    async () =>
      ok(await day.presentPlan(pat(), meetingId, { plan: 'Nan walks Ben to school.' }), 'plan'),
    async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
        t.clock.now(),
      );
      ok(
        await day.recordDecision(pat(), meetingId, {
          agreed: true,
          decidedOn: today,
          reason: null,
          nextSteps: null,
        }),
        'agreed',
      );
    },
    async () =>
      ok(
        await scheduleReview(pat(), meetingId, { kind: 'meeting', dueOn: '2027-02-01' }),
        'review',
      ),
  ];
  const { progress } = await fgc.viewFgc(pat(), meetingId);
  for (let i = progress === 'done' ? fgcStages.length : fgcStages.indexOf(progress); i < stop; i++)
    await steps[i]!();
}
