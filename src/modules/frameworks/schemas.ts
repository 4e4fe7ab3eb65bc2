import { z } from 'zod';
import { itemKinds, type ItemKind } from './tables.js';
import { kinds } from './kinds.js';
import { templateKeys } from './templates/index.js';

// One schema per input, shared by the pages and the API.

const text = (max: number, what: string) =>
  z.string().trim().max(max, `${what} must be ${max} characters or fewer`);
const optionalText = (max: number, what: string) =>
  text(max, what)
    .optional()
    .transform((v) => v ?? '');

const nameOf = (kind: ItemKind) => {
  const { label } = kinds[kind];
  return z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(500, `The ${label} must be 500 characters or fewer`);
};

/** The wording of an item of a given kind, with messages that name the kind. */
export function itemFieldsSchema(kind: ItemKind) {
  // Named as its box is labelled ("Note for the person asking"), which the page shows beside it.
  const description = `“${kinds[kind].descriptionLabel.replace(/ \(optional\)$/, '')}”`;
  return z.object({
    name: nameOf(kind),
    description: optionalText(2000, description),
    weAre: optionalText(200, '“We are”'),
    weWill: optionalText(500, '“We will”'),
  });
}
export type ItemFields = z.infer<ReturnType<typeof itemFieldsSchema>>;

/** A new item: its wording and, for anything but the top level, its parent. */
export const newItemSchema = (kind: ItemKind) =>
  itemFieldsSchema(kind).extend({
    parentId: z
      .union([z.uuid('Choose where it belongs'), z.literal(''), z.null()])
      .optional()
      .transform((v) => v || null),
  });
export type NewItem = z.infer<ReturnType<typeof newItemSchema>>;

/** A change to an item: any of its fields. */
export const itemPatchSchema = (kind: ItemKind) =>
  z.object({
    name: nameOf(kind).optional(),
    description: text(2000, 'The description').optional(),
    weAre: text(200, '“We are”').optional(),
    weWill: text(500, '“We will”').optional(),
  });
export type ItemPatch = z.infer<ReturnType<typeof itemPatchSchema>>;

export const kindSchema = z.enum(itemKinds);

export const idParams = z.object({ id: z.uuid() });

export const moveSchema = z.object({
  direction: z.enum(['up', 'down'], { error: 'Choose up or down' }),
});

export const templateChoiceSchema = z.object({
  template: z.enum(templateKeys, { error: 'Choose a starting template' }),
});

export const applyModes = ['add', 'replace'] as const;
export type ApplyMode = (typeof applyModes)[number];
export const applyTemplateSchema = templateChoiceSchema.extend({
  mode: z.enum(applyModes, { error: 'Choose whether to add to or replace what you have' }),
});

export const frameworkDetailsSchema = z.object({
  name: z
    .string({ error: 'Enter a name for the framework' })
    .trim()
    .min(1, 'Enter a name for the framework')
    .max(200, 'The name must be 200 characters or fewer'),
  credit: optionalText(2000, 'The credit'),
});
export type FrameworkDetails = z.infer<typeof frameworkDetailsSchema>;
