import type { ItemKind } from './tables.js';

export interface KindRules {
  /** How the kind is named on pages ("principle", "question set"). */
  label: string;
  /** The API's path segment: /api/v1/framework/<plural>. */
  plural: string;
  /** Which kinds it may sit under; null means at the top of the framework. */
  parents: readonly (ItemKind | null)[];
  /** Label of the name field: a question's name is the question itself. */
  nameLabel: string;
  descriptionLabel: string;
  /** Values alone carry the "we are / we will" pair (Devon's Five Rs). */
  weAreWeWill: boolean;
}

export const kinds: Record<ItemKind, KindRules> = {
  principle: {
    label: 'principle',
    plural: 'principles',
    parents: [null],
    nameLabel: 'Principle',
    descriptionLabel: 'What it means in practice (optional)',
    weAreWeWill: false,
  },
  value: {
    label: 'value',
    plural: 'values',
    parents: [null, 'principle'],
    nameLabel: 'Value',
    descriptionLabel: 'Description (optional)',
    weAreWeWill: true,
  },
  concept: {
    label: 'key idea',
    plural: 'concepts',
    parents: [null],
    nameLabel: 'Key idea',
    descriptionLabel: 'Explanation (optional)',
    weAreWeWill: false,
  },
  part: {
    label: 'part',
    plural: 'parts',
    parents: ['concept'],
    nameLabel: 'Part',
    descriptionLabel: 'Explanation (optional)',
    weAreWeWill: false,
  },
  question_set: {
    label: 'question set',
    plural: 'question-sets',
    parents: [null],
    nameLabel: 'Name of the question set',
    descriptionLabel: 'When to use it (optional)',
    weAreWeWill: false,
  },
  category: {
    label: 'category',
    plural: 'categories',
    parents: ['question_set'],
    nameLabel: 'Category',
    descriptionLabel: 'Why these questions matter (optional)',
    weAreWeWill: false,
  },
  question: {
    label: 'question',
    plural: 'questions',
    parents: ['category'],
    nameLabel: 'Question',
    descriptionLabel: 'Note for the person asking (optional)',
    weAreWeWill: false,
  },
};

/** The kinds that can be added under a given kind (what "Add ..." links a parent offers). */
export const childKinds = (parent: ItemKind | null): ItemKind[] =>
  (Object.keys(kinds) as ItemKind[]).filter((k) => kinds[k].parents.includes(parent));

export const maySitUnder = (kind: ItemKind, parent: ItemKind | null) =>
  kinds[kind].parents.includes(parent);
