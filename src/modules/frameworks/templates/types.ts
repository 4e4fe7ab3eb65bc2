import type { ItemKind } from '../tables.js';

/** An item of a starting template, with what sits under it. */
export interface TemplateItem {
  kind: ItemKind;
  name: string;
  description?: string;
  weAre?: string;
  weWill?: string;
  children?: TemplateItem[];
}

export interface FrameworkTemplate {
  key: string;
  title: string;
  /** One line on the template chooser. */
  summary: string;
  /** Which public document the structure comes from; the wording is our own. */
  credit: string;
  items: TemplateItem[];
}

export const principle = (name: string, description: string, children?: TemplateItem[]) =>
  ({ kind: 'principle', name, description, children }) satisfies TemplateItem;

export const value = (name: string, weWill: string, description = '') =>
  ({
    kind: 'value',
    name,
    description,
    weAre: name.toLowerCase(),
    weWill,
  }) satisfies TemplateItem;

export const part = (name: string, description: string) =>
  ({ kind: 'part', name, description }) satisfies TemplateItem;

export const category = (name: string, description: string, questions: string[]) =>
  ({
    kind: 'category',
    name,
    description,
    children: questions.map((q) => ({ kind: 'question', name: q })),
  }) satisfies TemplateItem;
