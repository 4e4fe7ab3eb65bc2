import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso, mapPage, pageOut, problems } from '../../platform/http/api.js';
import { meetingKinds } from '../meetings/tables.js';
import { caseloadQuerySchema } from './routes.js';
import * as service from './service.js';

// The caseload and the team view in the JSON API, from the same services and query schema as
// the pages. Lists, not reads of one family's record (as on the pages, the family itself is one
// call away and audited there).
// - "My caseload" is a person's own ('signedIn'): a token is allocated to nothing, so it has
//   none, and is refused with 403 problem+json.
// - The team view is open, as the page is, to managers, leaders and admins ('manager'): a token
//   with one of those roles sees the teams it works for.

const details = {
  nextMeeting: z
    .object({ id: z.uuid(), kind: z.enum(meetingKinds), title: z.string(), startsAt: z.string() })
    .nullable(),
  upcomingCount: z.number(),
  overdueActions: z.number(),
  overdueReviews: z.number(),
  oldestOverdue: z.string().nullable(),
};
const caseloadOut = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  memberCount: z.number(),
  ...details,
});
const teamFamilyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  practitioners: z.array(z.string()),
  ...details,
});
const kindCounts = z.object({
  planned: z.number(),
  held: z.number(),
  cancelled: z.number(),
  total: z.number(),
});
const teamOut = z.object({
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  families: pageOut(teamFamilyOut).nullable(),
  meetingCounts: z
    .array(kindCounts.extend({ kind: z.enum(meetingKinds), label: z.string() }))
    .nullable(),
  practice: z.array(
    z.object({
      team: z.object({ id: z.uuid(), name: z.string() }),
      people: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          week: z.record(z.string(), z.number()),
          month: z.record(z.string(), z.number()),
        }),
      ),
    }),
  ),
});

interface Details {
  nextMeeting: {
    id: string;
    kind: (typeof meetingKinds)[number];
    title: string;
    startsAt: Date;
  } | null;
  upcomingCount: number;
  overdueActions: number;
  overdueReviews: number;
  oldestOverdue: string | null;
}
const detailsJson = (d: Details) => ({
  nextMeeting: d.nextMeeting && {
    id: d.nextMeeting.id,
    kind: d.nextMeeting.kind,
    title: d.nextMeeting.title,
    startsAt: iso(d.nextMeeting.startsAt),
  },
  upcomingCount: d.upcomingCount,
  overdueActions: d.overdueActions,
  overdueReviews: d.overdueReviews,
  oldestOverdue: d.oldestOverdue,
});

export async function caseloadApi(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/caseload',
    {
      config: { policy: 'signedIn' },
      schema: {
        summary: 'My caseload: my families, their next meetings and what is overdue (a person’s)',
        querystring: caseloadQuerySchema,
        response: { 200: pageOut(caseloadOut), ...problems },
      },
    },
    async (request) =>
      mapPage(await service.caseload(request.ctx, request.query), (f) => ({
        id: f.id,
        name: f.name,
        createdAt: iso(f.createdAt),
        memberCount: f.memberCount,
        ...detailsJson(f),
      })),
  );

  api.get(
    '/team',
    {
      config: { policy: 'manager' },
      schema: {
        summary:
          'A team view: the families of my teams (or team=), meetings by kind and status, practice counts',
        querystring: caseloadQuerySchema,
        response: { 200: teamOut, ...problems },
      },
    },
    async (request) => {
      const view = await service.teamView(request.ctx, request.query);
      return {
        teams: view.teams,
        team: view.chosen,
        families:
          view.page &&
          mapPage(view.page, (f) => ({
            id: f.id,
            name: f.name,
            practitioners: f.practitioners,
            ...detailsJson(f),
          })),
        meetingCounts:
          view.meetingCounts &&
          view.meetingCounts.map((c) => ({
            kind: c.kind,
            label: c.label,
            planned: c.planned,
            held: c.held,
            cancelled: c.cancelled,
            total: c.total,
          })),
        practice: view.practice.map((p) => ({
          team: p.team,
          people: p.members.map((m) => ({ id: m.id, name: m.name, week: m.week, month: m.month })),
        })),
      };
    },
  );
}
