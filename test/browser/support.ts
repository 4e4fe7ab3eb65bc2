import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
} from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';

// Browser journeys: the real app on a loopback port, driven by the Chromium Debian installs.
// One browser per test file (launching is the slow part); a fresh context per journey.

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.2 AA, as the architecture promises for every page. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A port nobody holds right now, so BASE_URL (and the links in emails) can name it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

export interface BrowserSuite {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A new browser context (its own cookies) with one page, checked by axe on every visit. */
  journey(options?: BrowserContextOptions): Promise<Journey>;
  close(): Promise<void>;
}

export async function startBrowserSuite(env: Record<string, string> = {}): Promise<BrowserSuite> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp({ BASE_URL: baseUrl, ...env });
  await t.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser,
    journey: async (options = {}) => {
      const context = await browser.newContext({ baseURL: baseUrl, ...options });
      // A missing button should fail in seconds, not after the 30-second default; a page may
      // take longer on a busy machine (a password check is deliberately slow).
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(30_000);
      contexts.push(context);
      return new Journey(context, await context.newPage(), options.javaScriptEnabled !== false);
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

/**
 * The one finding we accept, narrowly: GOV.UK Frontend's conditional reveals put aria-expanded
 * on the radio or checkbox that reveals a question. ARIA does not (yet) allow it there, but the
 * Design System keeps it on purpose because screen readers announce it and research found it
 * helps (alphagov/govuk-frontend#979, #2823; w3c/aria#1404). Anything else on the node fails.
 */
function isConditionalRevealAriaExpanded(v: Violation, node: Violation['nodes'][number]) {
  return (
    v.id === 'aria-allowed-attr' &&
    /^<input class="govuk-(radios|checkboxes)__input"/.test(node.html) &&
    /aria-controls="conditional-/.test(node.html) &&
    [...node.any, ...node.all, ...node.none].every((check) =>
      /^ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test(check.message),
    )
  );
}

const withoutKnownIssues = (violations: Violation[]) =>
  violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isConditionalRevealAriaExpanded(v, n)) }))
    .filter((v) => v.nodes.length > 0);

function describeViolations(url: string, violations: AxeResults['violations']): string {
  const lines = [`axe found ${violations.length} violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`      at ${node.target.join(' ')}`);
      lines.push(`      ${node.html.slice(0, 200)}`);
      if (node.failureSummary)
        lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`);
    }
  }
  return lines.join('\n');
}

/** One person's browser: a page whose every visit is checked by axe and for script errors. */
export class Journey {
  /** Console errors and uncaught exceptions seen since the last check. */
  readonly errors: string[] = [];
  /** Documents answered with 4xx on purpose (a refused form): the console notes them, harmlessly. */
  private readonly refusedDocuments = new Set<string>();
  /** Every page checked, for the report at the end of a file. */
  readonly checked: string[] = [];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly scripts: boolean,
  ) {
    page.on('response', (res: Response) => {
      if (res.request().resourceType() === 'document' && res.status() >= 400)
        this.refusedDocuments.add(res.url());
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url;
      if (/^Failed to load resource/.test(msg.text()) && this.refusedDocuments.has(where)) return;
      this.errors.push(`console error: ${msg.text()} (${where})`);
    });
    page.on('pageerror', (err) => this.errors.push(`page error: ${err.message}`));
  }

  /** Goes to a path, then checks the page. Returns the response for status assertions. */
  async visit(path: string) {
    const response = await this.page.goto(path);
    await this.check();
    return response;
  }

  /**
   * Runs axe (WCAG 2.2 AA) on the page as it is now and fails on any violation, then fails on
   * any console error or uncaught exception seen so far.
   */
  async check() {
    await this.page.waitForLoadState('load');
    const url = this.page.url();
    this.checked.push(url);
    if (this.scripts) {
      // Legacy mode runs axe in the page in one step; the default mode opens a blank page to
      // finish every run, three times slower here. Our pages have no iframes for it to miss.
      const results = await new AxeBuilder({ page: this.page })
        .options({ resultTypes: ['violations'] }) // first: options() replaces what withTags set
        .withTags(AXE_TAGS)
        .setLegacyMode(true)
        .analyze();
      const violations = withoutKnownIssues(results.violations);
      assert.equal(violations.length, 0, describeViolations(url, violations));
    }
    assert.deepEqual(this.errors, [], `script errors on ${url}`);
  }

  /** Fills the labelled fields, presses the named button and checks the page that follows. */
  async submit(fields: Record<string, string>, button: string) {
    for (const [label, value] of Object.entries(fields))
      await this.page.getByLabel(label, { exact: true }).fill(value);
    const navigation = this.page.waitForNavigation();
    await this.page.getByRole('button', { name: button, exact: true }).click();
    await navigation;
    await this.check();
  }

  /** Signs in through the form, as a person would, and checks the page it lands on. */
  async signIn(email: string, password: string) {
    await this.visit('/sign-in');
    await this.submit({ 'Email address': email, Password: password }, 'Sign in');
  }

  /** The page's h1, trimmed ('' when there is none). */
  async heading(): Promise<string> {
    return ((await this.page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
  }

  pathname() {
    return new URL(this.page.url()).pathname;
  }
}
