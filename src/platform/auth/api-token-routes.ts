import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Member } from '../access/actor.js';
import { audit } from '../audit/index.js';
import { notFound } from '../http/errors.js';
import { fieldError, type FormErrors, validateForm } from '../http/forms.js';
import { roleLabels } from '../tenancy/role-labels.js';
import { roles } from '../tenancy/tables.js';
import { createApiToken, listApiTokens, revokeApiToken, tokenTeamChoices } from './api-tokens.js';
import { UUID } from '../http/ids.js';
import { searchOf } from '../http/paging.js';

const PER_PAGE = 25;

// Checkboxes arrive as one string when one is ticked, an array when several are.
const asList = (v: unknown) => (v === undefined || v === '' ? [] : [v].flat());

export const apiTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name for the token, like the system that will use it')
    .max(100, 'Name must be 100 characters or fewer'),
  roles: z.preprocess(
    asList,
    z
      .array(z.enum(roles, 'Choose roles from the list'))
      .min(1, 'Choose at least one role for the token'),
  ),
  // The teams the token works for: it sees their families, as a member of those teams would.
  teamIds: z.preprocess(asList, z.array(z.uuid('Choose teams from the list'))),
});

const roleItems = (checked: unknown[] = []) =>
  roles.map((value) => ({ value, text: roleLabels[value], checked: checked.includes(value) }));

const member = (request: FastifyRequest) => request.actor as Member;

async function teamItems(request: FastifyRequest, checked: unknown[] = []) {
  const choices = await tokenTeamChoices(request.ctx.db, member(request).partnershipId);
  return choices.map((t) => ({ value: t.id, text: t.name, checked: checked.includes(t.id) }));
}

/** One of this partnership's tokens, if there is one by that id. */
const partnershipToken = async (request: FastifyRequest, id: string) =>
  (await listApiTokens(request.ctx.db, member(request).partnershipId)).find((t) => t.id === id);

/** The token of the path; another partnership's (or no such) token is a 404. */
async function tokenOf(request: FastifyRequest) {
  const { id } = request.params as { id: string };
  const token = UUID.test(id) ? await partnershipToken(request, id) : undefined;
  if (!token) throw notFound();
  return token;
}

const CREATED_PATH = '/admin/api-tokens/created';
const CREATED_COOKIE = 'dw_token_created';
const createdSchema = z.object({ id: z.string(), secret: z.string(), by: z.string() });

/** The new token from its cookie; anything else (which a signature makes unlikely) is none. */
function createdOf(value: string | null) {
  try {
    const parsed = createdSchema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function apiTokenRoutes(app: FastifyInstance) {
  const admin = { policy: 'partnershipAdmin' as const };

  app.get('/admin/api-tokens', { config: admin }, async (request, reply) => {
    const query = request.query as { q?: string; page?: string; revoked?: string };
    const q = searchOf(request);
    const all = await listApiTokens(request.ctx.db, member(request).partnershipId);
    const matching = q ? all.filter((t) => t.name.toLowerCase().includes(q.toLowerCase())) : all;
    const pages = Math.max(1, Math.ceil(matching.length / PER_PAGE));
    const page = Math.min(Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1), pages);
    const link = (n: number) =>
      `/admin/api-tokens?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
    return reply.page('auth/views/api-tokens.njk', {
      tokens: matching.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((t) => ({
        ...t,
        roleNames: t.roles.map((r) => roleLabels[r as never] ?? r),
        teamNames: t.teams.map((team) => team.name),
      })),
      total: all.length,
      q,
      pagination: {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
      },
      page,
      pages,
      revoked: query.revoked === '1',
    });
  });

  app.get('/admin/api-tokens/new', { config: admin }, async (request, reply) =>
    reply.page('auth/views/api-token-new.njk', {
      roleItems: roleItems(),
      teamItems: await teamItems(request),
      values: {},
    }),
  );

  // The secret is shown once, on the page this post leads to: it is never stored, only its hash.
  app.post('/admin/api-tokens', { config: admin }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const again = async (errors: FormErrors) =>
      reply.status(400).page('auth/views/api-token-new.njk', {
        roleItems: roleItems(asList(body.roles)),
        teamItems: await teamItems(request, asList(body.teamIds)),
        ...errors,
        values: body,
      });
    const form = validateForm(apiTokenSchema, body);
    if (!form.ok) return again(form);
    const { ctx } = request;
    // Only this partnership's current teams: another partnership's team is not on the list.
    const chosen = await tokenTeamChoices(ctx.db, member(request).partnershipId, form.data.teamIds);
    if (chosen.length !== new Set(form.data.teamIds).size)
      return again(fieldError('teamIds', 'Choose teams from the list'));
    const created = await ctx.db.transaction(async (tx) => {
      const token = await createApiToken(tx, {
        partnershipId: member(request).partnershipId,
        name: form.data.name,
        roles: form.data.roles,
        createdBy: member(request).id,
        teamIds: chosen.map((t) => t.id),
      });
      await audit(tx, ctx, {
        action: 'api-token.created',
        recordType: 'api-token',
        recordId: token.id,
      });
      return token;
    });
    // Shown by a redirect, so that reloading the page cannot post the form again and make a
    // second token. The secret rides in a signed cookie for that one page, which clears it.
    const carried = { id: created.id, secret: created.secret, by: member(request).id };
    reply.setCookie(CREATED_COOKIE, JSON.stringify(carried), {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.baseUrl.startsWith('https://'),
      path: CREATED_PATH,
      maxAge: 60, // long enough to follow the redirect, not to be found later
    });
    return reply.redirect(CREATED_PATH, 303);
  });

  app.get(CREATED_PATH, { config: admin }, async (request, reply) => {
    const cookie = request.cookies[CREATED_COOKIE];
    const unsigned = cookie ? request.unsignCookie(cookie) : null;
    reply.clearCookie(CREATED_COOKIE, { path: CREATED_PATH });
    const created = unsigned?.valid ? createdOf(unsigned.value) : null;
    // Only to the admin who made it, in their partnership, while it is still live.
    const token =
      created && created.by === member(request).id
        ? await partnershipToken(request, created.id)
        : undefined;
    if (!created || !token || token.revokedAt) return reply.page('auth/views/api-token-shown.njk');
    return reply.page('auth/views/api-token-created.njk', {
      name: token.name,
      teamNames: token.teams.map((t) => t.name),
      secret: created.secret,
      baseUrl: request.ctx.baseUrl,
    });
  });

  app.get('/admin/api-tokens/:id/revoke', { config: admin }, async (request, reply) => {
    const token = await tokenOf(request);
    if (token.revokedAt) return reply.redirect('/admin/api-tokens', 303);
    return reply.page('auth/views/api-token-revoke.njk', { token });
  });

  app.post('/admin/api-tokens/:id/revoke', { config: admin }, async (request, reply) => {
    const token = await tokenOf(request);
    const { ctx } = request;
    await ctx.db.transaction(async (tx) => {
      const revoked = await revokeApiToken(tx, member(request).partnershipId, token.id, ctx.now);
      if (revoked)
        await audit(tx, ctx, {
          action: 'api-token.revoked',
          recordType: 'api-token',
          recordId: token.id,
        });
    });
    return reply.redirect('/admin/api-tokens?revoked=1', 303);
  });
}
