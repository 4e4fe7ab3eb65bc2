import { dateInputFields } from '../../platform/dates/date-input.js';
import { z } from 'zod';
import { fromLondon, parseTime, parseUkDate } from '../../platform/dates/uk-time.js';
import { meetingKinds } from '../meetings/tables.js';
import { practiceContexts, practiceKinds } from './tables.js';
import { UUID } from '../../platform/http/ids.js';
import { listPage, searchWords } from '../../platform/http/paging.js';
import { ALWAYS } from '../../platform/http/forms.js';

// One schema per input, shared by the pages and the API. Field names match the form.

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => blank(trimmed(v)),
    z.string().max(max, `${label} must be ${max} characters or fewer`).optional(),
  );

export const practiceKindLabels: Record<(typeof practiceKinds)[number], string> = {
  statement: 'Affective statement',
  question: 'Affective question',
  conversation: 'Impromptu restorative conversation',
};

/**
 * A log of everyday practice. Only the kind, with whom and the context are needed: "when"
 * left blank means now (the service knows the time), the note is optional. From a family's
 * page, a family member may be chosen instead of typing a name.
 */
export const practiceLogSchema = z
  .object({
    kind: z.enum(practiceKinds, 'Choose what kind of practice it was'),
    withWhom: optionalText('With whom', 200),
    familyMemberId: z.preprocess(
      blank,
      z.string().regex(UUID, 'Choose a family member from the list').optional(),
    ),
    context: z.enum(practiceContexts, 'Choose where it happened'),
    contextOther: optionalText('Where it happened', 200),
    note: optionalText('The note', 1000),
    date: z.preprocess(blank, z.string().max(20).optional()),
    time: z.preprocess(blank, z.string().max(20).optional()),
    familyId: z.preprocess(blank, z.string().regex(UUID, 'Choose a family').optional()),
  })
  .superRefine((v, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (!v.withWhom && !v.familyMemberId) issue('withWhom', 'Enter who it was with');
    if (v.context === 'other' && !v.contextOther) issue('contextOther', 'Enter where it happened');
    if (v.date && !parseUkDate(v.date))
      issue('date', 'The date must be a real date, like 21/11/2026');
    if (v.time && !parseTime(v.time)) issue('time', 'Enter the time like 14:30 or 2:30pm');
    if (v.time && !v.date) issue('date', 'Enter the date as well as the time');
  }, ALWAYS)
  .transform((v) => {
    const day = v.date ? parseUkDate(v.date) : null;
    const at = v.time ? parseTime(v.time) : { hour: 12, minute: 0 };
    return {
      kind: v.kind,
      withWhom: v.withWhom ?? null,
      familyMemberId: v.familyMemberId ?? null,
      context: v.context,
      contextOther: v.context === 'other' ? (v.contextOther ?? null) : null,
      note: v.note ?? null,
      /** Null: now. */
      happenedAt: day && at ? fromLondon({ ...day, ...at }) : null,
      ...(v.time ? {} : { dayOnly: true as const }),
      familyId: v.familyId ?? null,
    };
  });
/** dayOnly: a day without a time, taken as midday (or as now, for a morning's log of today). */
export type PracticeLogInput = Omit<z.output<typeof practiceLogSchema>, 'dayOnly'> & {
  dayOnly?: true;
};

export const listQuerySchema = z.object({
  q: searchWords(100),
  page: listPage,
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const countsQuerySchema = z.object({
  team: z.preprocess(blank, z.string().regex(UUID, 'Choose a team').optional()),
});

export const idParamsSchema = z.object({ id: z.string() });

/**
 * Escalating a log to a meeting: the kind, the family (only asked when the log has none), and
 * when and where. Everything else comes from the log.
 */
export const escalationSchema = z.object({
  meetingKind: z.enum(meetingKinds, 'Choose a circle, a family group conference or a conference'),
  familyId: z.preprocess(blank, z.string().regex(UUID, 'Choose the family').optional()),
  ...dateInputFields('date'),
  time: z.string().default(''),
  place: z.string().default(''),
  onlineLink: z.string().default(''),
});
export type EscalationInput = z.output<typeof escalationSchema>;
