import type { Term } from './defaults.js';

// The checker itself: pure functions over text and a word list, so pages, the API and other
// modules (meetings, letters) all give the same advice. Advice only: nothing here refuses text.

export interface Flag {
  /** The words as they appear in the text. */
  found: string;
  term: string;
  kind: Term['kind'];
  suggestion: string;
}

export interface Readability {
  /** Flesch reading ease, 0 (very hard) to 100 (very easy); null for text too short to judge. */
  score: number | null;
  /** The score in words, for the page. */
  meaning: string;
}

export interface PlainLanguageAdvice {
  flags: Flag[];
  readability: Readability;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as whole words, any case, any spacing between them. */
const wholeWords = (phrase: string) =>
  new RegExp(`(?<![\\w-])${phrase.split(/\s+/).map(escapeRegExp).join('\\s+')}(?![\\w-])`, 'gi');

// Everyday phrases in which a listed word is plain English, so that word is not flagged there:
// "just in case", "contact me if you need anything". Each excuses one word and no other term;
// "in case" on its own is not one of them ("in case notes" is jargon).
const everyday = new Map<string, RegExp[]>([
  [
    'case',
    [
      'just in case',
      'in case of',
      'in any case',
      ...['I', 'you', 'he', 'she', 'it', 'we', 'they'].map((who) => `in case ${who}`),
    ].map(wholeWords),
  ],
  [
    'contact',
    [
      'contact me',
      'contact us',
      'contact you',
      'contact them',
      'contact details',
      'contact number',
      'get in contact',
      'keep in contact',
      'stay in contact',
    ].map(wholeWords),
  ],
]);

/** Every term that appears as whole words, once each, longest first ("difficult mother" beats "difficult"). */
export function findTerms(text: string, terms: readonly Term[]): Flag[] {
  const flags: (Flag & { at: number })[] = [];
  const taken: [number, number][] = [];
  for (const t of [...terms].sort((a, b) => b.term.length - a.term.length)) {
    const pattern = wholeWords(t.term);
    const plain = (everyday.get(t.term) ?? []).flatMap((phrase) =>
      [...text.matchAll(phrase)].map((m): [number, number] => [m.index, m.index + m[0].length]),
    );
    // The first use not inside a longer term already flagged: "engage" in "did not engage"
    // taken by a longer term still leaves a later "engage" to flag.
    for (const match of text.matchAll(pattern)) {
      const [start, end] = [match.index, match.index + match[0].length];
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      // Inside an everyday phrase the word is plain English.
      if (plain.some(([s, e]) => s <= start && end <= e)) continue;
      taken.push([start, end]);
      flags.push({
        at: start,
        found: match[0],
        term: t.term,
        kind: t.kind,
        suggestion: t.suggestion,
      });
      break;
    }
  }
  return flags.sort((a, b) => a.at - b.at).map(({ at: _at, ...flag }) => flag);
}

/** Syllables in an English word, by vowel groups: close enough for a reading-ease score. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

const MEANINGS: [number, string][] = [
  [80, 'Very easy to read: most people, including children, will follow it.'],
  [60, 'Plain English: most people will follow it easily.'],
  [50, 'Fairly hard: try shorter sentences and everyday words.'],
  [30, 'Hard to read: many people will struggle. Use shorter sentences and everyday words.'],
  [-Infinity, 'Very hard to read: rewrite it in short sentences and everyday words.'],
];

/**
 * Flesch reading ease: 206.835 − 1.015 × (words per sentence) − 84.6 × (syllables per word).
 * Higher is easier; 60 or more is plain English.
 */
export function readability(text: string): Readability {
  const words = text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  if (words.length < 3) return { score: null, meaning: 'Too short to give a reading score.' };
  // A line of its own (a list, a heading) ends a sentence as a full stop does.
  const sentences = Math.max(
    1,
    text
      .split(/\n+/)
      .filter((line) => /[A-Za-z]/.test(line))
      .reduce((n, line) => n + Math.max(1, (line.match(/[.!?]+(\s|$)/g) ?? []).length), 0),
  );
  const syll = words.reduce((n, w) => n + syllables(w), 0);
  const raw = 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syll / words.length);
  const score = Math.round(Math.min(100, Math.max(0, raw)));
  const meaning = MEANINGS.find(([min]) => score >= min)![1];
  return { score, meaning };
}

export function advise(text: string, terms: readonly Term[]): PlainLanguageAdvice {
  return { flags: findTerms(text, terms), readability: readability(text) };
}
