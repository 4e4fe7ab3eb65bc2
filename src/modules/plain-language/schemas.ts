import { z } from 'zod';
import { termKinds } from './tables.js';

export const termSchema = z.object({
  term: z
    .string('Enter the word or phrase')
    .trim()
    .min(1, 'Enter the word or phrase')
    .max(80, 'The word or phrase must be 80 characters or fewer'),
  kind: z.enum(termKinds, 'Choose whether it is service jargon or a label for a person'),
  suggestion: z
    .string('Enter a plain alternative')
    .trim()
    .min(1, 'Enter a plain alternative')
    .max(300, 'The plain alternative must be 300 characters or fewer'),
});
export type TermInput = z.infer<typeof termSchema>;

export const checkSchema = z.object({
  text: z.string().max(20_000, 'The text must be 20,000 characters or fewer'),
});

export const kindLabels = { jargon: 'Service jargon', label: 'Labels a person by behaviour' };
