import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { TrendPoint } from './coverage.js';

// The trend drawn on the server as inline SVG: no script in the browser, and the page shows a
// table of the same numbers beside it for anyone who cannot see the chart.

const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthLabel = (month: string) => monthFormat.format(new Date(`${month}T00:00:00Z`));

export function trendChartSvg(course: string, points: TrendPoint[]): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const data = points.map((p) => ({ month: new Date(`${p.month}T00:00:00Z`), share: p.share }));
  const chart = Plot.plot({
    document,
    width: 640,
    height: 320,
    marginLeft: 50,
    y: { domain: [0, 100], label: 'Completed (%)', grid: true },
    x: { type: 'utc', label: 'Month end', tickFormat: '%b %Y' },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'month', y: 'share', stroke: '#1d70b8', strokeWidth: 3 }),
      Plot.dot(data, { x: 'month', y: 'share', fill: '#1d70b8' }),
    ],
  }) as unknown as Element;
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    first && last
      ? `Share of people who have completed ${course}, from ${first.share}% at the end of ${monthLabel(first.month)} to ${last.share}% at the end of ${monthLabel(last.month)}. The same numbers are in the table.`
      : `No data for ${course}`;
  // Plot puts its own <style> in the SVG, which the Content Security Policy (style-src 'self')
  // refuses: app.scss gives .dw-chart the same rules (fit the width, height to scale).
  for (const style of [...chart.querySelectorAll('style')]) style.remove();
  // Plot names each group of marks ("y-axis tick", "line"...) with aria-label, which ARIA does
  // not allow on an element with no role. The chart is one image with one description.
  for (const named of [...chart.querySelectorAll('[aria-label]')])
    named.removeAttribute('aria-label');
  chart.setAttribute('class', `${chart.getAttribute('class') ?? ''} dw-chart`.trim());
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  return chart.outerHTML;
}

export { monthLabel };
