import type { ServiceContext } from '../../src/platform/http/context.js';
import { createFamily, addMember } from '../../src/modules/families/service.js';
import { addNetworkMember } from '../../src/modules/families/network.js';
import { createPlan } from '../../src/modules/plans/service.js';
import { currentSections } from '../../src/modules/plans/sections.js';

// A family with a member (Jo, mum) and a network member (Nan), and a plan, for the plan tests.

const idOf = (saved: { ok: boolean; id?: string }) => {
  if (!saved.ok || !saved.id) throw new Error(`not saved: ${JSON.stringify(saved)}`);
  return saved.id;
};

export async function familyWithPlan(ctx: ServiceContext, title = 'Our plan for a calmer home') {
  const familyId = idOf(await createFamily(ctx, { name: 'The Oak family' }));
  const joId = idOf(
    await addMember(ctx, familyId, {
      name: 'Jo',
      relationship: 'mum',
      dateOfBirth: null,
      pronouns: null,
      preferredLanguage: null,
      interpreterNeeded: false,
      contact: null,
    }),
  );
  const nanId = idOf(
    await addNetworkMember(ctx, familyId, {
      name: 'Nan',
      kind: 'relative',
      relationship: 'grandmother',
      organisation: null,
      supportOffered: 'School runs',
      strength: 'strong',
      contact: null,
    } as never),
  );
  const planId = idOf(await createPlan(ctx, familyId, { title }));
  const sections = await currentSections(ctx.db, ctx.actor.partnershipId!);
  return { familyId, joId, nanId, planId, sections };
}
