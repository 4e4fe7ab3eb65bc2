import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { iso, isoOrNull } from '../../platform/http/api.js';
import { sendProblem } from '../../platform/http/errors.js';
import type * as service from './service.js';
import { actionStatuses, authorKinds } from './tables.js';

// What the plans API answers with. Each entry says whose words it is (and whether they are the
// family's own); each action and entry carries its version, which a change must send back.

export const entryOut = z.object({
  id: z.uuid(),
  sectionId: z.uuid(),
  authorKind: z.enum(authorKinds),
  authorId: z.uuid(),
  authorName: z.string(),
  familyWords: z.boolean(),
  text: z.string(),
  version: z.number(),
  changeNote: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const actionOut = z.object({
  id: z.uuid(),
  what: z.string(),
  ownerKind: z.enum(authorKinds),
  ownerId: z.uuid(),
  ownerName: z.string(),
  supportNeeded: z.string().nullable(),
  dueOn: z.string().nullable(),
  howWeWillKnow: z.string().nullable(),
  status: z.enum(actionStatuses),
  statusBy: z.uuid().nullable(),
  statusByName: z.string().nullable(),
  statusAt: z.string().nullable(),
  version: z.number(),
});
export const reviewOut = z.object({
  id: z.uuid(),
  dueOn: z.string(),
  heldAt: z.string().nullable(),
});
const partyOut = z.object({
  key: z.string().meta({ description: 'What to send as an entry’s author or an action’s owner' }),
  kind: z.enum(authorKinds),
  id: z.uuid(),
  name: z.string(),
  detail: z.string(),
});
export const planOut = z.object({
  id: z.uuid(),
  familyId: z.uuid(),
  title: z.string(),
  meetingId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredAt: z.string().nullable(),
  sections: z.array(
    z.object({ id: z.uuid(), title: z.string(), retired: z.boolean(), entries: z.array(entryOut) }),
  ),
  actions: z.array(actionOut),
  reviews: z.array(reviewOut),
  parties: z.array(partyOut),
});

type Viewed = Awaited<ReturnType<typeof service.viewPlan>>;
type Entry = Viewed['sections'][number]['entries'][number];
type Action = Viewed['actions'][number];
type Review = Viewed['reviews'][number];

export const entryJson = (e: Entry): z.infer<typeof entryOut> => ({
  id: e.id,
  sectionId: e.sectionId,
  authorKind: e.authorKind,
  authorId: e.authorId,
  authorName: e.authorName,
  familyWords: e.familyWords,
  text: e.text,
  version: e.version,
  changeNote: e.changeNote,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

export const actionJson = (a: Action): z.infer<typeof actionOut> => ({
  id: a.id,
  what: a.what,
  ownerKind: a.ownerKind,
  ownerId: a.ownerId,
  ownerName: a.ownerName,
  supportNeeded: a.supportNeeded,
  dueOn: a.dueOn,
  howWeWillKnow: a.howWeWillKnow,
  status: a.status,
  statusBy: a.statusBy,
  statusByName: a.statusByName,
  statusAt: isoOrNull(a.statusAt),
  version: a.version,
});

export const reviewJson = (r: Review): z.infer<typeof reviewOut> => ({
  id: r.id,
  dueOn: r.dueOn,
  heldAt: isoOrNull(r.heldAt),
});

export const planJson = (v: Viewed): z.infer<typeof planOut> => ({
  id: v.plan.id,
  familyId: v.plan.familyId,
  title: v.plan.title,
  meetingId: v.plan.meetingId,
  createdAt: iso(v.plan.createdAt),
  updatedAt: iso(v.plan.updatedAt),
  retiredAt: isoOrNull(v.plan.retiredAt),
  sections: v.sections.map((s) => ({
    id: s.id,
    title: s.title,
    retired: s.retiredAt !== null,
    entries: s.entries.map(entryJson),
  })),
  actions: v.actions.map(actionJson),
  reviews: v.reviews.map(reviewJson),
  parties: v.parties.map((p) => ({
    key: p.key,
    kind: p.kind,
    id: p.id,
    name: p.name,
    detail: p.detail,
  })),
});

/** Someone saved first: nothing was saved, and both versions come back (409 problem+json). */
export const conflictProblem = (reply: FastifyReply, theirs: object, yours: object) =>
  sendProblem(
    reply,
    409,
    'This changed since you read it: nothing was saved. Both versions are here; send yours again with the current version to apply it.',
    { theirs, yours },
  );
