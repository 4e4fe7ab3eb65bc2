import { audit, auditedRead } from '../../platform/audit/index.js';
import { retireLinks, sendLink } from '../../platform/auth/service.js';
import { endAllSessions } from '../../platform/auth/sessions.js';
import type { Db } from '../../platform/db/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { notFound } from '../../platform/http/errors.js';
import { releaseBookingsOf } from '../training/release.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { countedPage } from '../../platform/http/paging.js';
import { partnershipOf } from '../../platform/http/context.js';
import { refused, type Saved } from '../../platform/http/forms.js';
import type { PeopleQuery, PersonInput, PersonPatch } from './schemas.js';
import * as store from './store.js';
import { choicesOf, idsInPartnership, structureTables } from './structure-store.js';

// The rules for a partnership's people. Email addresses are unique across the installation,
// so signing in needs only an email. Deactivating keeps a person's history and ends their
// sessions at once; every read of a person's record and every change is audited.

const EMAIL_TAKEN = 'A person with this email address already exists';
const LAST_ADMIN =
  'The partnership must keep at least one partnership admin. Make someone else an admin first.';

export async function listPeople(ctx: ServiceContext, query: PeopleQuery) {
  const partnershipId = partnershipOf(ctx);
  return countedPage(await store.listPeople(ctx.db, partnershipId, query), query.page, () =>
    store.countPeople(ctx.db, partnershipId, query),
  );
}

/** Reads a person's record and writes its 'person.viewed' audit row in the same statement. */
export async function viewPerson(ctx: ServiceContext, id: string) {
  const partnershipId = partnershipOf(ctx);
  const viewed = { action: 'person.viewed', recordType: 'person', recordId: id };
  const audited = auditedRead(ctx.db, ctx, viewed, store.personFound(partnershipId, id));
  const person = await store.findPerson(ctx.db, partnershipId, id, audited);
  if (!person) throw notFound();
  return person;
}

/** The form's choices: current organisations and teams, plus any the person already has. */
export async function personFormChoices(ctx: ServiceContext, keep: string[] = []) {
  const partnershipId = partnershipOf(ctx);
  return {
    organisations: await choicesOf(ctx.db, 'organisation', partnershipId, keep),
    teams: await choicesOf(ctx.db, 'team', partnershipId, keep),
  };
}

/** Current teams, for the people list's filter. */
export const teamChoices = (ctx: ServiceContext) => choicesOf(ctx.db, 'team', partnershipOf(ctx));

/** The form's values for a person already on record (for editing, or merging an API patch). */
export const inputOf = (person: store.PersonRecord): PersonInput => ({
  name: person.name,
  email: person.email,
  organisationId: person.organisationId ?? undefined,
  teamIds: person.teams.map((t) => t.id),
  roles: [...person.roles],
  trainingLayer: person.trainingLayer ?? undefined,
});

/** Field errors for an email in use or an organisation or team of another partnership. */
async function problemsWith(tx: Db, partnershipId: string, input: PersonInput, id?: string) {
  const errors: Record<string, string> = {};
  if (await store.emailTaken(tx, input.email, id)) errors.email = EMAIL_TAKEN;
  if (input.organisationId) {
    const known = await idsInPartnership(tx, structureTables.organisation, partnershipId, [
      input.organisationId,
    ]);
    if (!known.size) errors.organisationId = 'Choose their organisation from the list';
  }
  const teams = await idsInPartnership(tx, structureTables.team, partnershipId, input.teamIds);
  if (input.teamIds.some((t) => !teams.has(t))) errors.teamIds = 'Choose their teams from the list';
  return Object.keys(errors).length ? errors : null;
}

const valuesOf = (input: PersonInput): store.PersonValues => ({
  name: input.name,
  email: input.email,
  organisationId: input.organisationId ?? null,
  roles: input.roles,
  trainingLayer: input.trainingLayer ?? null,
});

/** Runs a change; a race on the email's unique index comes back as the same field error. */
async function emailSafe(run: () => Promise<Saved>): Promise<Saved> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) return refused({ email: EMAIL_TAKEN });
    throw error;
  }
}

/** Adds a person and emails them an invitation to choose a password, in one transaction. */
export function addPerson(ctx: ServiceContext, input: PersonInput): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return emailSafe(() =>
    ctx.db.transaction(async (tx) => {
      const errors = await problemsWith(tx, partnershipId, input);
      if (errors) return refused(errors);
      const person = await store.insertPerson(tx, partnershipId, valuesOf(input));
      await store.setTeams(tx, partnershipId, person.id, input.teamIds);
      await audit(tx, ctx, { action: 'person.created', recordType: 'person', recordId: person.id });
      const name = await store.partnershipName(tx, partnershipId);
      await sendLink(tx, ctx, person, 'invite', name);
      return { ok: true, id: person.id };
    }),
  );
}

/**
 * Changes a person. A new email address ends the links sent to the old one; someone who has not
 * yet chosen a password is sent a fresh invitation at the new address (`reinvited`), or the
 * admin correcting a mistyped address would leave them with no way in.
 */
export function updatePerson(
  ctx: ServiceContext,
  id: string,
  input: PersonInput,
): Promise<Saved & { reinvited?: boolean }> {
  const partnershipId = partnershipOf(ctx);
  return emailSafe(() =>
    ctx.db.transaction(async (tx) => {
      const current = await store.findPerson(tx, partnershipId, id);
      if (!current) throw notFound();
      const errors = await problemsWith(tx, partnershipId, input, id);
      if (errors) return refused(errors);
      // An admin cannot lock themselves out of the page they are on, nor anyone (through the API,
      // say) leave the partnership with no admin at all.
      const losesAdmin = current.roles.includes('admin') && !input.roles.includes('admin');
      if (losesAdmin && id === ctx.actor.id)
        return refused({ roles: 'You cannot remove your own partnership admin role' });
      if (losesAdmin && !current.deactivatedAt && !(await store.otherAdmins(tx, partnershipId, id)))
        return refused({ roles: LAST_ADMIN });
      await store.updatePerson(tx, partnershipId, id, valuesOf(input));
      await store.setTeams(tx, partnershipId, id, input.teamIds);
      await audit(tx, ctx, { action: 'person.updated', recordType: 'person', recordId: id });
      if (input.email === current.email) return { ok: true, id };
      // A fresh invitation ends the old links itself.
      const reinvited = current.status === 'invited';
      if (!reinvited) await retireLinks(tx, id, ctx.now);
      else
        await sendLink(
          tx,
          ctx,
          { ...current, email: input.email, name: input.name },
          'invite',
          await store.partnershipName(tx, partnershipId),
        );
      return { ok: true, id, reinvited };
    }),
  );
}

/** Deactivates a person: they can no longer sign in, every session ends now, history stays. */
export async function deactivatePerson(ctx: ServiceContext, id: string): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  if (id === ctx.actor.id) return refused({ form: 'You cannot deactivate your own account' });
  return ctx.db.transaction(async (tx) => {
    const current = await store.findPerson(tx, partnershipId, id);
    if (!current) throw notFound();
    if (current.deactivatedAt) return { ok: true, id };
    if (current.roles.includes('admin') && !(await store.otherAdmins(tx, partnershipId, id)))
      return refused({ form: LAST_ADMIN });
    await store.updatePerson(tx, partnershipId, id, { deactivatedAt: ctx.now });
    await endAllSessions(tx, id);
    await retireLinks(tx, id, ctx.now);
    await releaseBookingsOf(tx, ctx, id);
    await audit(tx, ctx, { action: 'person.deactivated', recordType: 'person', recordId: id });
    return { ok: true, id };
  });
}

export async function reactivatePerson(ctx: ServiceContext, id: string): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const current = await store.findPerson(tx, partnershipId, id);
    if (!current) throw notFound();
    if (!current.deactivatedAt) return { ok: true, id };
    await store.updatePerson(tx, partnershipId, id, { deactivatedAt: null });
    await audit(tx, ctx, { action: 'person.reactivated', recordType: 'person', recordId: id });
    return { ok: true, id };
  });
}

/** Sends a fresh invitation to someone who has not yet chosen a password. */
export async function resendInvitation(ctx: ServiceContext, id: string): Promise<Saved> {
  const partnershipId = partnershipOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const person = await store.findPerson(tx, partnershipId, id);
    if (!person) throw notFound();
    if (person.status !== 'invited')
      return refused({ form: 'Only people who have not yet set a password can be invited again' });
    await sendLink(tx, ctx, person, 'invite', await store.partnershipName(tx, partnershipId));
    return { ok: true, id };
  });
}

/** The API's PATCH: the fields sent, on top of what is on record, checked as a whole. */
export async function patchPerson(
  ctx: ServiceContext,
  id: string,
  patch: PersonPatch,
): Promise<Saved> {
  const current = await store.findPerson(ctx.db, partnershipOf(ctx), id);
  if (!current) throw notFound();
  // Left out: kept. Null: cleared (undefined is "none" in PersonInput).
  const sent = Object.fromEntries(
    Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, v ?? undefined]),
  );
  return updatePerson(ctx, id, { ...inputOf(current), ...sent });
}
