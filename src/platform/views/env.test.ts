import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createViewEnvironment } from './env.js';

// The runtime speed-ups (nunjucks-speedups.ts) must change no output: loops with their loop.*
// names, sets that reach an outer scope, and macros imported again and again across renders.
describe('the view environment', () => {
  const env = createViewEnvironment();
  const render = (src: string, ctx: object = {}) => env.renderString(src, ctx);

  it('keeps loop variables and sets that reach an outer scope', () => {
    const src = `{% set seen = [] %}{% set last = "none" %}
{%- for x in xs %}{% set seen = (seen.push(loop.index ~ "/" ~ loop.length ~ (" first" if loop.first else "") ~ (" last" if loop.last else "")), seen) %}{% set last = x %}{% endfor -%}
{{ seen | join(", ") }}; last {{ last }}`;
    assert.equal(render(src, { xs: ['a', 'b', 'c'] }), '1/3 first, 2/3, 3/3 last; last c');
    assert.equal(render(src, { xs: [] }), '; last none');
  });

  it('renders imported GOV.UK macros afresh for every call and every render', () => {
    const src = `{% from "govuk/components/tag/macro.njk" import govukTag %}{{ govukTag({ text: word, classes: cls }) }}`;
    const first = render(src, { word: 'Active', cls: 'govuk-tag--green' });
    const second = render(src, { word: '<b>Invited</b>', cls: 'govuk-tag--blue' });
    assert.match(first, /<strong class="govuk-tag govuk-tag--green">\s*Active\s*<\/strong>/);
    assert.match(
      second,
      /<strong class="govuk-tag govuk-tag--blue">\s*&lt;b&gt;Invited&lt;\/b&gt;\s*<\/strong>/,
    );
    assert.doesNotMatch(second, /Active|green/);
  });

  it('runs a template imported with context against each render’s own variables', () => {
    const src = `{% from "govuk/components/tag/macro.njk" import govukTag with context %}{{ govukTag({ text: word }) }}`;
    assert.match(render(src, { word: 'One' }), /One/);
    assert.match(render(src, { word: 'Two' }), /Two/);
  });
  it('renders a {% once %} part the first time and reuses it, one copy for each key', () => {
    const src = `{% once "greeting" + kind %}<p>{{ kind }}: {{ word }}</p>{% endonce %}`;
    assert.equal(render(src, { kind: 'a', word: 'first' }), '<p>a: first</p>');
    assert.equal(render(src, { kind: 'a', word: 'second' }), '<p>a: first</p>', 'reused');
    assert.equal(render(src, { kind: 'b', word: 'third' }), '<p>b: third</p>', 'a key of its own');
    // Its HTML is not escaped again where it is reused.
    assert.equal(render(`{% once "x" %}<b>{{ "<i>" }}</b>{% endonce %}`), '<b>&lt;i&gt;</b>');
    assert.equal(render(`{% once "x" %}other{% endonce %}`), '<b>&lt;i&gt;</b>');
  });
});
