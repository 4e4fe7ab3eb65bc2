import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { dateInputItems } from '../dates/date-input.js';
import { speedUpNunjucks } from './nunjucks-speedups.js';
import { OnceExtension } from './once.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Templates are found by name: "layout.njk" (here), "<module>/views/<page>.njk" (src/modules),
// and "govuk/components/..." (govuk-frontend's own macros, straight from node_modules).
const templatePaths = [
  here('./templates'),
  here('../../modules'),
  here('../'),
  here('../../../node_modules/govuk-frontend/dist'),
];

const LONDON = 'Europe/London';
const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: LONDON,
});
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // h12, not hour12: en-GB's 12-hour clock otherwise shows noon as "0:00pm".
  hourCycle: 'h12',
  timeZone: LONDON,
});

const toDate = (v: unknown): Date | null => {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
};

/**
 * The text a page keeps for a key from the address (?done=saved): only its own texts, never what
 * every object has (?done=constructor would show a function's source as a success banner).
 */
export function ownText(texts: Record<string, unknown>, key: unknown): string | null {
  const text = typeof key === 'string' && Object.hasOwn(texts, key) ? texts[key] : null;
  return typeof text === 'string' ? text : null;
}

/** UK style: "21 November 2026", from an instant or a YYYY-MM-DD (midnight UTC is that day in London too). */
export function ukDate(v: unknown): string {
  const d = toDate(v);
  return d ? dateFmt.format(d) : '';
}

/** UK style: "21 November 2026 at 2:05pm", in UK local time. */
export function ukDateTime(v: unknown): string {
  const d = toDate(v);
  if (!d) return '';
  const parts = dateTimeFmt.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}

/**
 * Remembers where each relative template name leads. Nunjucks works it out again at every
 * include and import of every render, and GOV.UK Frontend's macros include their templates by
 * relative name: that path arithmetic was a tenth of a page's CPU. The map stays small: its
 * keys are pairs of template names written in the templates, never anything a user sends.
 */
class TemplateLoader extends nunjucks.FileSystemLoader {
  private readonly resolved = new Map<string, string>();

  override resolve(from: string, to: string): string {
    const key = `${from}\0${to}`;
    let path = this.resolved.get(key);
    if (path === undefined) {
      path = super.resolve(from, to);
      this.resolved.set(key, path);
    }
    return path;
  }
}

/** The one template environment: every page, error pages included, renders through it. */
export function createViewEnvironment(): nunjucks.Environment {
  speedUpNunjucks();
  const env = new nunjucks.Environment(new TemplateLoader(templatePaths), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('ukDate', ukDate);
  env.addFilter('ukDateTime', ukDateTime);
  env.addGlobal('dateInputItems', dateInputItems);
  env.addGlobal('ownText', ownText);
  env.addExtension('once', new OnceExtension());
  return env;
}

/** Renders a template by name (compiled once, then cached by nunjucks). */
export function renderView(
  env: nunjucks.Environment,
  template: string,
  context: object,
): Promise<string> {
  return new Promise((resolve, reject) =>
    env.render(template, context, (error, html) => (error ? reject(error) : resolve(html ?? ''))),
  );
}
