import { z } from 'zod';
import { dateInputProblem, typedDay, typedParts } from '../../platform/dates/date-input.js';
import { parseDate } from '../../platform/dates/uk-time.js';
import { connectionStrengths, networkKinds } from './tables.js';
import { listPage, searchWords } from '../../platform/http/paging.js';
import { ALWAYS } from '../../platform/http/forms.js';

// One schema per input, shared by the pages (form posts, all strings) and the JSON API.

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const required = (what: string, max = 200) =>
  z
    .string(`Enter ${what}`)
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

const optional = (what: string, max = 200) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `${what} must be ${max} characters or fewer`).optional(),
  );

export const networkKindLabels: Record<(typeof networkKinds)[number], string> = {
  relative: 'Relative',
  friend: 'Friend',
  neighbour: 'Neighbour',
  community: 'Community member',
  professional: 'Professional',
};

export const strengthLabels: Record<(typeof connectionStrengths)[number], string> = {
  strong: 'Strong',
  tenuous: 'Tenuous',
  stressful: 'Stressful',
};

export const strengthHints: Record<(typeof connectionStrengths)[number], string> = {
  strong: 'A close, reliable connection.',
  tenuous: 'An occasional or weak connection.',
  stressful: 'A connection that causes strain or worry.',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_INVALID = 'Date of birth must be a real date';

/**
 * A family member. The form sends the date of birth in three boxes (dateOfBirth-day, -month,
 * -year); the API may send them too, or `dateOfBirth` as YYYY-MM-DD. Both come out as
 * `dateOfBirth: 'YYYY-MM-DD' | null`. "Not in the future" needs the request's clock: the
 * service checks it.
 */
export const memberSchema = z
  .object({
    name: required('their name'),
    relationship: required('their relationship in the family'),
    'dateOfBirth-day': z.string().trim().max(10).optional(),
    'dateOfBirth-month': z.string().trim().max(10).optional(),
    'dateOfBirth-year': z.string().trim().max(10).optional(),
    dateOfBirth: z.preprocess(blankToUndefined, z.string().trim().max(10).optional()),
    pronouns: optional('Pronouns', 50),
    preferredLanguage: optional('Preferred language', 100),
    interpreterNeeded: z.preprocess(
      (v) => (v === 'yes' || v === true ? true : v === 'no' || v === false || !v ? false : v),
      z.boolean('Choose whether they need an interpreter'),
    ),
    contact: optional('How to contact them', 500),
  })
  .superRefine((v, ctx) => {
    if (typedParts(v, 'dateOfBirth').some((p) => p)) {
      const problem = dateInputProblem(v, 'dateOfBirth', 'date of birth');
      if (problem) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: problem });
    } else if (typeof v.dateOfBirth === 'string') {
      // Only a string: this check runs even when the field has failed its own type check.
      const [y, m, d] = v.dateOfBirth.split('-');
      if (!ISO_DATE.test(v.dateOfBirth) || !parseDate(d!, m!, y!))
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: DATE_INVALID });
    }
  }, ALWAYS)
  .transform((v) => {
    const dateOfBirth = typedDay(v, 'dateOfBirth') ?? v.dateOfBirth ?? null;
    return {
      name: v.name,
      relationship: v.relationship,
      dateOfBirth,
      pronouns: v.pronouns ?? null,
      preferredLanguage: v.preferredLanguage ?? null,
      interpreterNeeded: v.interpreterNeeded,
      contact: v.contact ?? null,
    };
  });
export type MemberInput = z.output<typeof memberSchema>;

/** A member's values as the form shows them, for editing. */
export function memberFormValues(m: {
  name: string;
  relationship: string;
  dateOfBirth: string | null;
  pronouns: string | null;
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
  contact: string | null;
}) {
  const [y, mo, d] = (m.dateOfBirth ?? '').split('-');
  return {
    name: m.name,
    relationship: m.relationship,
    'dateOfBirth-day': d ? String(Number(d)) : '',
    'dateOfBirth-month': mo ? String(Number(mo)) : '',
    'dateOfBirth-year': y ?? '',
    pronouns: m.pronouns ?? '',
    preferredLanguage: m.preferredLanguage ?? '',
    interpreterNeeded: m.interpreterNeeded ? 'yes' : 'no',
    contact: m.contact ?? '',
  };
}

/** A new family: the name it chooses for itself and, if known, its first member. */
export const familySchema = z
  .object({
    name: required('the family’s name'),
    firstMemberName: optional('Their name'),
    firstMemberRelationship: optional('Their relationship', 200),
  })
  .superRefine((v, ctx) => {
    if (v.firstMemberName && !v.firstMemberRelationship)
      ctx.addIssue({
        code: 'custom',
        path: ['firstMemberRelationship'],
        message: 'Enter their relationship in the family',
      });
    if (!v.firstMemberName && v.firstMemberRelationship)
      ctx.addIssue({ code: 'custom', path: ['firstMemberName'], message: 'Enter their name' });
  }, ALWAYS);
export type FamilyInput = z.infer<typeof familySchema>;

/** Someone in the family's network, professionals included. */
export const networkMemberSchema = z
  .object({
    name: required('their name'),
    kind: z.enum(networkKinds, 'Choose who they are to the family'),
    relationship: required('their relationship to the family'),
    organisation: optional('Organisation or service'),
    supportOffered: optional('The support they can offer', 1000),
    strength: z.enum(connectionStrengths, 'Choose how strong the connection is'),
    contact: optional('How to contact them', 500),
  })
  .transform((v) => ({
    ...v,
    organisation: v.kind === 'professional' ? (v.organisation ?? null) : null,
    supportOffered: v.supportOffered ?? null,
    contact: v.contact ?? null,
  }));
export type NetworkMemberInput = z.output<typeof networkMemberSchema>;

/** Allocating a practitioner or a team to work with the family: one of the two. */
export const allocationSchema = z
  .object({
    personId: z.preprocess(blankToUndefined, z.uuid('Choose a practitioner').optional()),
    teamId: z.preprocess(blankToUndefined, z.uuid('Choose a team').optional()),
  })
  .superRefine((v, ctx) => {
    if (!v.personId && !v.teamId)
      ctx.addIssue({
        code: 'custom',
        path: ['personId'],
        message: 'Choose a practitioner or a team',
      });
    if (v.personId && v.teamId)
      ctx.addIssue({
        code: 'custom',
        path: ['personId'],
        message: 'Choose a practitioner or a team, not both',
      });
  }, ALWAYS);
export type AllocationInput = z.infer<typeof allocationSchema>;

/** The caseload: search words and page number. */
export const familyQuerySchema = z.object({
  q: searchWords(),
  /** Closed records are kept, readable and reopenable: this finds them again. */
  show: z.enum(['open', 'closed']).optional(),
  page: listPage,
});
export type FamilyQuery = z.infer<typeof familyQuerySchema>;

export const idParamsSchema = z.object({ id: z.uuid() });
