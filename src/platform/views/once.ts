import nunjucks from 'nunjucks';

// `{% once "name" %}...{% endonce %}`: the part of the layout that is the same on every page
// (the phase banner, the skip link) is rendered the first time and its HTML reused after, so
// that each page does not run its GOV.UK macros again. The name is the key, so what is inside
// must not depend on the page, the person or the request; a key may add a value that takes few
// forms, like `"navigation" + (navigation | dump)`, never anything a user typed or an id.

interface Parser {
  nextToken(): { value: string };
  parseSignature(tolerant: null, noParens: boolean): unknown;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
}
interface Nodes {
  CallExtension: new (ext: object, method: string, args: unknown, bodies: unknown[]) => unknown;
}

/** At most this many keys: past it, parts are rendered every time (a key that varies too much). */
const MAX_KEYS = 200;

export class OnceExtension {
  readonly tags = ['once'];
  private readonly rendered = new Map<string, nunjucks.runtime.SafeString>();

  parse(parser: Parser, nodes: Nodes) {
    const start = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(start.value);
    const body = parser.parseUntilBlocks('endonce');
    parser.advanceAfterBlockEnd();
    return new nodes.CallExtension(this, 'run', args, [body]);
  }

  run(_context: unknown, key: string, body: () => string) {
    const known = this.rendered.get(key);
    if (known) return known;
    const html = new nunjucks.runtime.SafeString(body());
    if (this.rendered.size < MAX_KEYS) this.rendered.set(key, html);
    return html;
  }
}
