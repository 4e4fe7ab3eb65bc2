import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { conferenceRoleLabels, conferenceRoles, type ConferenceRole } from './tables-conference.js';

// What a partnership calls the roles in a restorative conference. The data keeps stable keys
// (harmed, responsible, supporter); pages, the guide, letters and emails show the partnership's
// names. The defaults come from restorative justice; in child protection the harmed/harmer
// framing is often unhelpful (neglect is an omission, not an act), so admins can rename them.
// Imports nothing from service.ts, which uses it to name roles wherever participants are listed.

export type RoleNames = Record<ConferenceRole, string>;

export const DEFAULT_ROLE_NAMES: RoleNames = {
  harmed: 'Person harmed',
  responsible: 'Person responsible',
  supporter: 'Supporter',
};

export const isConferenceRole = (v: string): v is ConferenceRole =>
  (conferenceRoles as readonly string[]).includes(v);

/** The partnership's names for the roles, each falling back to its default. */
export async function roleNames(db: Db, partnershipId: string): Promise<RoleNames> {
  const rows = await db
    .select({ role: conferenceRoleLabels.role, label: conferenceRoleLabels.label })
    .from(conferenceRoleLabels)
    .where(eq(conferenceRoleLabels.partnershipId, partnershipId));
  const names = { ...DEFAULT_ROLE_NAMES };
  for (const r of rows) if (isConferenceRole(r.role)) names[r.role] = r.label;
  return names;
}

/** The roles as choices for a form, in order. */
export const roleChoices = (names: RoleNames) =>
  conferenceRoles.map((value) => ({ value, text: names[value] }));

/**
 * Participants with their role as the partnership names it (`role`), and the stored key
 * (`roleKey`). Only conferences use keys; other kinds keep the role as it was typed, and a
 * conference role that is not a key (typed before keys existed) is shown as stored.
 */
export async function nameRoles<P extends { role: string }>(
  db: Db,
  partnershipId: string,
  kind: string,
  participants: P[],
): Promise<(P & { roleKey: string })[]> {
  if (kind !== 'conference') return participants.map((p) => ({ ...p, roleKey: p.role }));
  const names = await roleNames(db, partnershipId);
  return participants.map((p) => ({
    ...p,
    roleKey: p.role,
    role: isConferenceRole(p.role) ? names[p.role] : p.role,
  }));
}

const adminOf = (ctx: ServiceContext) => {
  if (!ctx.actor.partnershipId || !ctx.actor.roles.includes('admin')) throw forbidden();
  return ctx.actor.partnershipId;
};

/** The settings page: each role's current name and its default. */
export async function roleSettings(ctx: ServiceContext) {
  const partnershipId = adminOf(ctx);
  const names = await roleNames(ctx.db, partnershipId);
  return conferenceRoles.map((role) => ({
    role,
    name: names[role],
    defaultName: DEFAULT_ROLE_NAMES[role],
  }));
}

/**
 * Renames the roles (all three at once, as the settings form sends them). Two roles cannot share
 * a name: people would not know which part they play. Audited once per name that changed.
 */
export async function renameRoles(
  ctx: ServiceContext,
  input: RoleNames,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const partnershipId = adminOf(ctx);
  const errors: Record<string, string> = {};
  const seen = new Map<string, ConferenceRole>();
  for (const role of conferenceRoles) {
    const key = input[role].toLowerCase();
    const first = seen.get(key);
    if (first) errors[role] = `Give this role a different name from “${input[first]}”`;
    else seen.set(key, role);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const updatedBy = ctx.actor.kind === 'person' ? ctx.actor.id : null;
  await ctx.db.transaction(async (tx) => {
    const before = await roleNames(tx, partnershipId);
    for (const role of conferenceRoles) {
      if (before[role] === input[role]) continue;
      const [row] = await tx
        .insert(conferenceRoleLabels)
        .values({
          partnershipId,
          role,
          label: input[role],
          updatedBy,
          updatedAt: ctx.now,
        })
        .onConflictDoUpdate({
          target: [conferenceRoleLabels.partnershipId, conferenceRoleLabels.role],
          set: { label: input[role], updatedBy, updatedAt: ctx.now },
        })
        .returning({ id: conferenceRoleLabels.id });
      await audit(tx, ctx, {
        action: 'conference.role_renamed',
        recordType: 'conference_role_label',
        recordId: row!.id,
      });
    }
  });
  return { ok: true };
}
