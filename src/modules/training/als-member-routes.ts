import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorsFor, validateForm } from '../../platform/http/forms.js';
import { searchOf } from '../../platform/http/paging.js';
import { getCohort } from './als.js';
import { alsCertificate } from './als-mine.js';
import {
  addMember,
  MemberRefused,
  memberToRemove,
  peopleToAdd,
  removeMember,
} from './als-members.js';
import { memberSchema } from './als-schemas.js';
import { certificateFileName, renderCertificate } from './certificates.js';
import { idParam } from './labels.js';

// Adding and removing the members of an action learning set, and a member's certificate.

const trainer = { policy: 'trainer' as const };
const PATH = '/training/action-learning';

/** The search, its matches, and (after a refusal) why and which courses come first. */
async function renderAdd(
  request: FastifyRequest,
  reply: FastifyReply,
  cohortId: string,
  q: string,
  refusal?: MemberRefused,
) {
  const set = await getCohort(request.ctx, cohortId);
  const matches = await peopleToAdd(request.ctx, cohortId, q);
  if (refusal) reply.status(409);
  return reply.page('training/views/als-member-add.njk', {
    ...set,
    q,
    matches,
    searched: Boolean(q),
    full: set.members.length >= set.cohort.places,
    missing: refusal?.missing ?? [],
    ...(refusal ? errorsFor({ personId: refusal.reason }) : {}),
  });
}

export async function alsMemberRoutes(app: FastifyInstance) {
  app.get(`${PATH}/:id/members/new`, { config: trainer }, async (request, reply) => {
    return renderAdd(request, reply, idParam(request), searchOf(request, 100));
  });

  app.post(`${PATH}/:id/members`, { config: trainer }, async (request, reply) => {
    const id = idParam(request);
    const sent = (request.body as { q?: unknown } | undefined)?.q;
    const q = (typeof sent === 'string' ? sent.trim() : '').slice(0, 100);
    const form = validateForm(memberSchema, request.body);
    try {
      if (!form.ok) throw new MemberRefused('Choose a person from the list.');
      await addMember(request.ctx, id, form.data.personId);
      return reply.redirect(`${PATH}/${id}?done=added`, 303);
    } catch (e) {
      if (e instanceof MemberRefused) return renderAdd(request, reply, id, q, e);
      throw e;
    }
  });

  app.get(`${PATH}/members/:id/remove`, { config: trainer }, async (request, reply) => {
    const found = await memberToRemove(request.ctx, idParam(request));
    if (found.member.removedAt) return reply.redirect(`${PATH}/${found.cohort.id}`, 303);
    return reply.page('training/views/als-member-remove.njk', found);
  });

  app.post(`${PATH}/members/:id/remove`, { config: trainer }, async (request, reply) => {
    const cohortId = await removeMember(request.ctx, idParam(request));
    return reply.redirect(`${PATH}/${cohortId}?done=removed`, 303);
  });

  app.get(
    `${PATH}/members/:id/certificate`,
    { config: { policy: 'signedIn' } },
    async (request, reply) => {
      const certificate = await alsCertificate(request.ctx, idParam(request));
      const pdf = await renderCertificate(certificate);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${certificateFileName(certificate)}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
