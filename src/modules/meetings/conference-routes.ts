import { ukToday } from '../../platform/dates/uk-time.js';
import { boxesFor } from '../../platform/dates/date-input.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../../platform/http/context.js';
import { errorsOf, validateForm, type FormErrors, type Saved } from '../../platform/http/forms.js';
import { checkWording, wantsWordingCheck } from '../plain-language/as-written.js';
import * as conference from './conference.js';
import { renameRoles, roleSettings } from './conference-roles.js';
import {
  agreementItemSchema,
  agreementKindLabels,
  closingSchema,
  completionSchema,
  roleNamesSchema,
} from './conference-schemas.js';
import { doneOf, meetingPath, paramsOf, signedIn, view } from './paths.js';

// A restorative conference's agreement (apologies, repairs, actions), followed up item by item
// until each is done or closed with a reason; and the admin page where a partnership names the
// conference's roles. Every agreement page opens the conference through its family.

const admin = { policy: 'partnershipAdmin' as const };
const itemOf = (request: FastifyRequest) => (request.params as { itemId?: string }).itemId ?? '';
const agreementPath = (id: string) => meetingPath(id, 'agreement');
const kinds = Object.entries(agreementKindLabels).map(([value, text]) => ({ value, text }));

/** The form's values for an item as stored. */
const itemValues = (item: {
  kind: string;
  what: string;
  ownerKind: string;
  ownerId: string;
  dueOn: string;
}) => ({
  kind: item.kind,
  what: item.what,
  owner: `${item.ownerKind}:${item.ownerId}`,
  ...boxesFor('due', item.dueOn),
});

type Step = 'change' | 'complete' | 'close';
/** What a page is shown again with: the words typed, and their errors or wording advice. */
type Extra = { values?: unknown; wording?: unknown } & Partial<FormErrors>;
/** The same, or made from the conference once it is open (see refusedFor). */
type ExtraFor = Extra | ((meeting: { startsAt: Date }) => Extra);
const extraOf = (extra: ExtraFor, meeting: { startsAt: Date }) =>
  typeof extra === 'function' ? extra(meeting) : extra;

/** A form's schema, made for today's UK date and, when it is known, the conference's day. */
type SchemaFor<S> = (today: string, conferenceDay?: string) => S;

/**
 * What a refused form is shown again with. Its first check could not know the conference's day,
 * so the form is checked again with it: a due date before the conference is then reported with
 * the form's other mistakes, not on the next submit. A form that passed shows the service's
 * refusal.
 */
const refusedFor =
  (
    request: FastifyRequest,
    schemaFor: SchemaFor<z.ZodType>,
    form: { ok: boolean },
    saved: Saved | null,
  ) =>
  (meeting: { startsAt: Date }): Extra => {
    const today = ukToday(request.ctx.now);
    const full = form.ok
      ? form
      : validateForm(schemaFor(today, conference.conferenceDay(meeting)), request.body);
    return { values: request.body, ...errorsOf(full, saved) };
  };
/** An agreement item's schema, made for the conference's day (it takes no today). */
const itemSchemaFor = (_today: string, conferenceDay?: string) =>
  agreementItemSchema(conferenceDay);
/** The family reads what was agreed: its wording is checked as it is written. */
const WORDING = { what: 'What was agreed' };
const stepView = {
  change: 'conference-item-form',
  complete: 'conference-complete',
  close: 'conference-close',
};

export async function conferenceRoutes(app: FastifyInstance) {
  const agreementPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: ExtraFor = {},
  ) => {
    const record = await conference.viewAgreement(request.ctx, paramsOf(request).id);
    return reply.page(view('conference-agreement'), {
      ...record,
      kinds,
      tab: 'agreement',
      values: {},
      done: doneOf(request),
      ...extraOf(extra, record.meeting),
    });
  };

  app.get('/meetings/:id/agreement', { config: signedIn }, (request, reply) =>
    agreementPage(request, reply),
  );

  app.post('/meetings/:id/agreement', { config: signedIn }, async (request, reply) => {
    const id = paramsOf(request).id;
    if (wantsWordingCheck(request.body))
      return agreementPage(request, reply, {
        values: request.body,
        wording: await checkWording(request.ctx, request.body, WORDING),
      });
    const form = validateForm(agreementItemSchema(), request.body);
    const saved = form.ok ? await conference.addItem(request.ctx, id, form.data) : null;
    if (saved?.ok) return reply.redirect(`${agreementPath(id)}?done=added`, 303);
    reply.status(400);
    return agreementPage(request, reply, refusedFor(request, itemSchemaFor, form, saved));
  });

  // Change, complete and close: each a page of its own for one open item.
  const stepPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    extra: ExtraFor = {},
  ) => {
    const { id } = paramsOf(request);
    const record = await conference.viewItem(request.ctx, id, itemOf(request));
    if (record.item.state === 'completed' || record.item.state === 'closed')
      return reply.redirect(`${agreementPath(record.meeting.id)}?done=ended`, 303);
    return reply.page(view(stepView[step]), {
      ...record,
      kinds,
      kindNames: agreementKindLabels,
      values: step === 'change' ? itemValues(record.item) : {},
      ...extraOf(extra, record.meeting),
    });
  };

  // A step's schema is made for the day (today's UK date), for dates that cannot be ahead.
  const step = <S extends z.ZodType>(
    name: Step,
    schemaFor: SchemaFor<S>,
    save: (ctx: ServiceContext, id: string, itemId: string, data: z.output<S>) => Promise<Saved>,
    done: string,
  ) => {
    const path = `/meetings/:id/agreement/:itemId/${name}`;
    app.get(path, { config: signedIn }, (request, reply) => stepPage(request, reply, name));
    app.post(path, { config: signedIn }, async (request, reply) => {
      const { id } = paramsOf(request);
      if (name === 'change' && wantsWordingCheck(request.body))
        return stepPage(request, reply, name, {
          values: request.body,
          wording: await checkWording(request.ctx, request.body, WORDING),
        });
      const form = validateForm(schemaFor(ukToday(request.ctx.now)), request.body);
      const saved = form.ok ? await save(request.ctx, id, itemOf(request), form.data) : null;
      if (saved?.ok) return reply.redirect(`${agreementPath(id)}?done=${done}`, 303);
      reply.status(400);
      return stepPage(request, reply, name, refusedFor(request, schemaFor, form, saved));
    });
  };
  step('change', itemSchemaFor, conference.changeItem, 'changed');
  step('complete', completionSchema, conference.completeItem, 'completed');
  step('close', () => closingSchema, conference.closeItem, 'closed');

  // The partnership's names for the conference roles.
  const rolesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { values?: Record<string, unknown> } & Partial<FormErrors> = {},
  ) => {
    const roles = await roleSettings(request.ctx);
    return reply.page(view('conference-roles'), {
      roles,
      values: Object.fromEntries(roles.map((r) => [r.role, r.name])),
      done: doneOf(request),
      ...extra,
    });
  };

  app.get('/admin/conference-roles', { config: admin }, (request, reply) =>
    rolesPage(request, reply),
  );

  app.post('/admin/conference-roles', { config: admin }, async (request, reply) => {
    const form = validateForm(roleNamesSchema, request.body);
    const saved = form.ok ? await renameRoles(request.ctx, form.data) : null;
    if (saved?.ok) return reply.redirect('/admin/conference-roles?done=saved', 303);
    const errors = errorsOf(form, saved);
    reply.status(400);
    return rolesPage(request, reply, {
      values: request.body as Record<string, unknown>,
      ...errors,
    });
  });
}
