import { devon } from './devon.js';
import { portsmouth } from './portsmouth.js';
import { shropshire } from './shropshire.js';
import type { FrameworkTemplate } from './types.js';

export type { FrameworkTemplate, TemplateItem } from './types.js';

/** The starting templates, in the order the chooser shows them. */
export const templates = [portsmouth, shropshire, devon] as const satisfies FrameworkTemplate[];
export const templateKeys = ['portsmouth', 'shropshire', 'devon'] as const;
export type TemplateKey = (typeof templateKeys)[number];

export const templateByKey = (key: TemplateKey): FrameworkTemplate =>
  templates.find((t) => t.key === key)!;
