import { z } from 'zod';
import { iso } from '../../platform/http/api.js';
import type { MemberRow, NetworkRow, WorkerRow } from './store.js';
import { connectionStrengths, networkKinds, workerRoles } from './tables.js';

// What the families API answers with: a family's members, network and workers as JSON.

export const memberOut = z.object({
  id: z.uuid(),
  name: z.string(),
  relationship: z.string(),
  dateOfBirth: z.string().nullable(),
  age: z.number().nullable(),
  pronouns: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  contact: z.string().nullable(),
});
export const memberJson = (m: MemberRow & { age: number | null }): z.infer<typeof memberOut> => ({
  id: m.id,
  name: m.name,
  relationship: m.relationship,
  dateOfBirth: m.dateOfBirth,
  age: m.age,
  pronouns: m.pronouns,
  preferredLanguage: m.preferredLanguage,
  interpreterNeeded: m.interpreterNeeded,
  contact: m.contact,
});

export const networkOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(networkKinds),
  relationship: z.string(),
  organisation: z.string().nullable(),
  supportOffered: z.string().nullable(),
  strength: z.enum(connectionStrengths),
  contact: z.string().nullable(),
});
export const networkJson = (n: NetworkRow): z.infer<typeof networkOut> => ({
  id: n.id,
  name: n.name,
  kind: n.kind,
  relationship: n.relationship,
  organisation: n.organisation,
  supportOffered: n.supportOffered,
  strength: n.strength,
  contact: n.contact,
});

export const workerOut = z.object({
  id: z.uuid(),
  personId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  name: z.string(),
  /** 'allocated', or 'coordinator': a family group conference's independent coordinator. */
  role: z.enum(workerRoles),
  startedAt: z.string(),
});
export const workerJson = (w: WorkerRow): z.infer<typeof workerOut> => ({
  id: w.id,
  personId: w.personId,
  teamId: w.teamId,
  name: w.personName ?? w.teamName ?? '',
  role: w.role,
  startedAt: iso(w.startedAt),
});

export const retiredOut = z.object({ id: z.uuid(), retiredAt: z.string() });
