import { z } from 'zod';
import { organisationKinds, roles, trainingLayers } from '../../platform/tenancy/tables.js';
import { listPage, searchWords } from '../../platform/http/paging.js';

// One schema per input, shared by the pages (form posts, all strings) and the JSON API.

/** Checkboxes arrive as nothing, one string or several; JSON sends an array. */
const list = <T extends z.ZodType>(item: T, tooMany: string) =>
  z.preprocess(
    (v: unknown): unknown[] =>
      v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v],
    z.array(item).max(50, tooMany),
  );

/** An empty select or radio group means "none". */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const optionalId = (message: string) => z.preprocess(blankToUndefined, z.uuid(message).optional());

const name = (what: string) =>
  z
    .string(`Enter the ${what}`)
    .trim()
    .min(1, `Enter the ${what}`)
    .max(200, `The ${what} must be 200 characters or fewer`);

export const organisationKindLabels: Record<(typeof organisationKinds)[number], string> = {
  council: 'Council',
  nhs: 'NHS trust',
  charity: 'Charity',
  school: 'School',
  police: 'Police',
  other: 'Other',
};

export { roleLabels } from '../../platform/tenancy/role-labels.js';

export const trainingLayerLabels: Record<(typeof trainingLayers)[number], string> = {
  leader: 'Leader',
  manager: 'Manager or supervisor',
  trainer: 'Trainer',
  champion: 'Restorative champion',
  facilitator: 'Facilitator',
  frontline: 'Front-line practitioner',
};

export const organisationSchema = z.object({
  name: name('organisation name'),
  kind: z.enum(organisationKinds, 'Choose what kind of organisation it is'),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

export const localitySchema = z.object({
  name: name('locality name'),
});
export type LocalityInput = z.infer<typeof localitySchema>;

export const teamSchema = z
  .object({
    name: name('team name'),
    type: z.enum(['single', 'multi'], 'Choose whether the team is single-agency or multi-agency'),
    organisationId: optionalId('Choose the organisation the team belongs to'),
    localityId: optionalId('Choose the locality the team serves'),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'single' && !v.organisationId)
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: 'Choose the organisation the team belongs to',
      });
    if (v.type === 'multi' && !v.localityId)
      ctx.addIssue({
        code: 'custom',
        path: ['localityId'],
        message: 'Choose the locality the team serves',
      });
  });
export type TeamInput = z.infer<typeof teamSchema>;

const personFields = {
  name: name('person’s full name'),
  email: z
    .string('Enter their email address')
    .trim()
    .toLowerCase()
    .min(1, 'Enter their email address')
    .max(320, 'The email address must be 320 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  organisationId: optionalId('Choose their organisation from the list'),
  teamIds: list(z.uuid('Choose their teams from the list'), 'Choose 50 teams or fewer'),
  roles: list(z.enum(roles, 'Choose their roles from the list'), 'Choose fewer roles'),
  trainingLayer: z.preprocess(
    blankToUndefined,
    z.enum(trainingLayers, 'Choose their training layer from the list').optional(),
  ),
};

export const personSchema = z.object(personFields);
export type PersonInput = z.infer<typeof personSchema>;

/**
 * The API's PATCH: any of the same fields, as JSON Merge Patch has it: a field left out stays as
 * it is, and null clears an organisation or a training layer. The service checks the result.
 */
export const personPatchSchema = personSchema.partial().extend({
  organisationId: personFields.organisationId.nullable(),
  trainingLayer: personFields.trainingLayer.nullable(),
});
export type PersonPatch = z.infer<typeof personPatchSchema>;

/** A list page or API list: search words, page number, and filters. */
export const listQuerySchema = z.object({
  q: searchWords(),
  page: listPage,
  show: z.enum(['current', 'retired', 'all']).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const peopleQuerySchema = listQuerySchema.extend({
  role: z.enum(roles).optional(),
  teamId: z.uuid().optional(),
  status: z.enum(['current', 'active', 'invited', 'deactivated', 'all']).optional(),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const idParamsSchema = z.object({ id: z.uuid() });
