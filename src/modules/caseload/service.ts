import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { listCaseload } from '../families/service.js';
import { overdueAgreementItems } from '../meetings/conference.js';
import { kindLabels } from '../meetings/service.js';
import { meetingKinds, meetingStatuses } from '../meetings/tables.js';
import { stageLabels } from '../meetings/fgc-stages.js';
import { fgcProgress } from '../meetings/tables-fgc.js';
import { overdueForFamilies } from '../plans/overdue.js';
import { countableTeams, teamCounts } from '../practice/service.js';
import * as store from './store.js';
import { windowedPage } from '../../platform/http/paging.js';
import { withCustomPlans } from '../../platform/db/named-statements.js';

// A practitioner's caseload and a manager's team view: the families, each with what is coming
// up and what is overdue. Lists, not reads of one family's record: the family page (opened
// through openFamily, audited) is one click away.

export interface Query {
  q?: string;
  page?: number;
  team?: string;
}

/** The next planned meeting and how many more, and overdue actions and reviews, per family. */
async function detailsFor(ctx: ServiceContext, familyIds: string[]) {
  const partnershipId = ctx.actor.partnershipId!;
  const [meetings, overdue, agreements] = await Promise.all([
    store.upcomingMeetings(ctx.db, partnershipId, familyIds, ctx.now),
    overdueForFamilies(ctx, familyIds),
    overdueAgreementItems(ctx, familyIds),
  ]);
  return (familyId: string) => {
    const upcoming = meetings.filter((m) => m.familyId === familyId);
    const late = overdue.filter((o) => o.familyId === familyId);
    const lateAgreed = agreements.filter((a) => a.familyId === familyId);
    return {
      nextMeeting: upcoming[0] ? { ...upcoming[0], kindLabel: kindLabels[upcoming[0].kind] } : null,
      upcomingCount: upcoming.length,
      overdueActions: late.filter((o) => o.kind === 'action').length,
      overdueReviews: late.filter((o) => o.kind === 'review').length,
      oldestOverdue: late[0]?.dueOn ?? null,
      /** Restorative conferences' agreement items past their date; linked to the oldest's conference. */
      overdueAgreements: lateAgreed.length,
      overdueAgreementMeeting: lateAgreed[0]?.meetingId ?? null,
    };
  };
}

const person = (ctx: ServiceContext) => {
  if (ctx.actor.kind !== 'person' || !ctx.actor.partnershipId) throw forbidden();
};
/** A team's view is open to a service account (API token) of the team, as to its manager. */
const member = (ctx: ServiceContext) => {
  if (ctx.actor.kind === 'anonymous' || !ctx.actor.partnershipId) throw forbidden();
};

/** The families the actor may see (the families module's caseload), with the extras. */
export async function caseload(ctx: ServiceContext, query: Query) {
  person(ctx);
  const page = await listCaseload(ctx, { q: query.q, page: query.page });
  const details = await detailsFor(
    ctx,
    page.items.map((f) => f.id),
  );
  return { ...page, items: page.items.map((f) => ({ ...f, ...details(f.id) })) };
}

/**
 * A manager's team view: the families of their teams (allocated to the team, or to one of its
 * members), with practitioners, upcoming meetings, overdue actions and reviews; meetings by kind
 * and status, and family group conferences by stage; and each member's everyday practice counts.
 */
export async function teamView(ctx: ServiceContext, query: Query) {
  member(ctx);
  const teams = await countableTeams(ctx);
  const chosen = teams.find((t) => t.id === query.team);
  const teamIds = chosen ? [chosen.id] : teams.map((t) => t.id);
  if (!teamIds.length)
    return { teams, chosen: null, page: null, meetingCounts: null, practice: [] };
  // A query a generic plan gets badly wrong (named-statements.ts).
  const listed = await windowedPage(
    (n) =>
      withCustomPlans(ctx.db, (tx) =>
        store.teamFamilies(tx, ctx.actor, teamIds, { ...query, page: n }),
      ),
    query.page,
  );
  const ids = listed.items.map((r) => r.id);
  const [details, practitioners, counts] = await Promise.all([
    detailsFor(ctx, ids),
    store.practitionersOf(ctx.db, ctx.actor.partnershipId!, ids),
    store.meetingCounts(ctx.db, ctx.actor, teamIds),
  ]);
  const page = {
    ...listed,
    items: listed.items.map((f) => ({
      ...f,
      practitioners: practitioners.filter((p) => p.familyId === f.id).map((p) => p.name),
      ...details(f.id),
    })),
  };
  const sum = (which: (c: (typeof counts)[number]) => boolean) =>
    counts.filter(which).reduce((n, c) => n + c.count, 0);
  const meetingCounts = meetingKinds.map((kind) => {
    const byStatus = Object.fromEntries(
      meetingStatuses.map((s) => [s, sum((c) => c.kind === kind && c.status === s)]),
    ) as Record<(typeof meetingStatuses)[number], number>;
    return {
      kind,
      label: kindLabels[kind],
      ...byStatus,
      total: meetingStatuses.reduce((n, s) => n + byStatus[s], 0),
    };
  });
  const practice = await Promise.all((chosen ? [chosen] : teams).map((t) => teamCounts(ctx, t.id)));
  // Family group conferences by the stage they have reached (one with no referral yet is at
  // the referral); cancelled ones on their own row.
  const fgcStageCounts = [
    ...fgcProgress.map((stage) => ({
      label: stageLabels[stage],
      count: sum(
        (c) => c.kind === 'fgc' && c.status !== 'cancelled' && (c.stage ?? 'referral') === stage,
      ),
    })),
    { label: 'Cancelled', count: sum((c) => c.kind === 'fgc' && c.status === 'cancelled') },
  ];
  return { teams, chosen: chosen ?? null, page, meetingCounts, fgcStageCounts, practice };
}
