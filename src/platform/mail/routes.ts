import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { Member } from '../access/actor.js';
import { audit } from '../audit/index.js';
import { notFound } from '../http/errors.js';
import { outbox, type OutboxStatus } from './tables.js';
import { UUID } from '../http/ids.js';
import { searchOf } from '../http/paging.js';

/** The secret part of a password-reset or invitation link. */
const SIGN_IN_LINK = /(\/(?:reset-password|invitation)\/)[^\s/?]+/g;

const PER_PAGE = 25;

const statusTags: Record<OutboxStatus, { text: string; classes: string }> = {
  local: { text: 'Kept here', classes: 'govuk-tag--blue' },
  pending: { text: 'Waiting to send', classes: 'govuk-tag--yellow' },
  sending: { text: 'Sending', classes: 'govuk-tag--yellow' },
  sent: { text: 'Sent', classes: 'govuk-tag--green' },
  failed: { text: 'Not sent', classes: 'govuk-tag--red' },
};

const partnershipOf = (request: FastifyRequest) => (request.actor as Member).partnershipId;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface OutboxRouteOptions {
  /** Whether emails leave the service at all; without SMTP_URL they are kept here. */
  smtpConfigured: boolean;
}

/** The partnership's outgoing email: the way to read messages when no SMTP server is set. */
export async function outboxRoutes(app: FastifyInstance, opts: OutboxRouteOptions) {
  const admin = { policy: 'partnershipAdmin' as const };

  app.get('/admin/outbox', { config: admin }, async (request, reply) => {
    const query = request.query as { q?: string; page?: string };
    const q = searchOf(request);
    const { ctx } = request;
    const where = and(
      eq(outbox.partnershipId, partnershipOf(request)),
      q
        ? or(ilike(outbox.to, `%${escapeLike(q)}%`), ilike(outbox.subject, `%${escapeLike(q)}%`))
        : undefined,
    );
    const wanted = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
    const { messages, total, page } = await ctx.db.transaction(async (tx) => {
      const [counted] = await tx.select({ n: count() }).from(outbox).where(where);
      const total = counted?.n ?? 0;
      const page = Math.min(wanted, Math.max(1, Math.ceil(total / PER_PAGE)));
      const messages = await tx
        .select({
          id: outbox.id,
          to: outbox.to,
          subject: outbox.subject,
          status: outbox.status,
          createdAt: outbox.createdAt,
        })
        .from(outbox)
        .where(where)
        .orderBy(desc(outbox.createdAt), desc(outbox.id))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE);
      // The list shows people's email addresses: reading it is recorded.
      await audit(tx, ctx, { action: 'outbox.viewed', recordType: 'outbox' });
      return { messages, total, page };
    });
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const link = (n: number) =>
      `/admin/outbox?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
    return reply.page('mail/views/outbox.njk', {
      smtpConfigured: opts.smtpConfigured,
      messages: messages.map((m) => ({ ...m, tag: statusTags[m.status] })),
      q,
      total,
      page,
      pages,
      pagination: {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
      },
    });
  });

  app.get('/admin/outbox/:id', { config: admin }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw notFound();
    const { ctx } = request;
    const message = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.id, id), eq(outbox.partnershipId, partnershipOf(request))));
      if (row)
        await audit(tx, ctx, {
          action: 'outbox.message.viewed',
          recordType: 'email',
          recordId: id,
        });
      return row;
    });
    if (!message) throw notFound();
    // Paragraphs and lines kept as written; links stay as text, never made clickable here.
    // A sign-in link (reset or invitation) is shown only while the outbox is how it is delivered
    // (no SMTP): once it goes by email, an admin reading it here could sign in as its owner.
    const text =
      message.status === 'local' ? message.text : message.text.replace(SIGN_IN_LINK, '$1[hidden]');
    const paragraphs = text
      .replace(/\r\n/g, '\n')
      .split(/\n{2,}/)
      .map((p) => p.split('\n'));
    return reply.page('mail/views/outbox-message.njk', {
      smtpConfigured: opts.smtpConfigured,
      message: { ...message, tag: statusTags[message.status] },
      paragraphs,
    });
  });
}
