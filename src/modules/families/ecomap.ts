import type { NetworkCounts } from './network.js';
import type { NetworkRow } from './store.js';
import type { ConnectionStrength } from './tables.js';

// The ecomap: the family at the centre and each connection around it, drawn on the server as
// inline SVG (no JavaScript). A connection's strength is shown by the line's form, never by
// colour alone: strong is thick and solid, tenuous is dashed, stressful is a zigzag.
// Professionals are squares, the family's own network circles. Every name is escaped.

const W = 640;
const CX = 320;
const CY = 230;
const RX = 220;
const RY = 165;
// Wide enough for two lines of 13 characters in 14px bold (about 8.5px a character).
const FAMILY_R = 66;
const FAMILY_LINE = 13;
const NODE_R = 14;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** The line from (x1,y1) to (x2,y2) in the form its strength calls for. */
function connection(strength: ConnectionStrength, x1: number, y1: number, x2: number, y2: number) {
  const common = 'stroke="#0b0c0c" fill="none" stroke-linecap="round"';
  if (strength === 'strong')
    return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" ${common} stroke-width="6"/>`;
  if (strength === 'tenuous')
    return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" ${common} stroke-width="2" stroke-dasharray="4 7"/>`;
  // Stressful: a zigzag, 5 either side of the straight line, a turn every 9.
  const length = Math.hypot(x2 - x1, y2 - y1);
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const steps = Math.max(2, Math.floor(length / 9));
  const points: string[] = [`${n(x1)},${n(y1)}`];
  for (let i = 1; i < steps; i++) {
    const along = (length * i) / steps;
    const side = i % 2 ? 5 : -5;
    points.push(`${n(x1 + ux * along - uy * side)},${n(y1 + uy * along + ux * side)}`);
  }
  points.push(`${n(x2)},${n(y2)}`);
  return `<polyline points="${points.join(' ')}" ${common} stroke-width="2" stroke-linejoin="round"/>`;
}

function node(kind: string, x: number, y: number) {
  if (kind === 'professional')
    return `<rect x="${n(x - NODE_R)}" y="${n(y - NODE_R)}" width="${NODE_R * 2}" height="${NODE_R * 2}" fill="#f3f2f1" stroke="#0b0c0c" stroke-width="2"/>`;
  return `<circle cx="${n(x)}" cy="${n(y)}" r="${NODE_R}" fill="#ffffff" stroke="#1d70b8" stroke-width="3"/>`;
}

const label = (x: number, y: number, text: string, size: number, bold = false) =>
  `<text x="${n(x)}" y="${n(y)}" text-anchor="middle" font-size="${size}"${bold ? ' font-weight="bold"' : ''} fill="#0b0c0c">${escapeXml(text)}</text>`;

function legend(y: number) {
  const items: [ConnectionStrength, string][] = [
    ['strong', 'Strong'],
    ['tenuous', 'Tenuous'],
    ['stressful', 'Stressful'],
  ];
  const lines = items.map(
    ([strength, text], i) =>
      connection(strength, 20 + i * 160, y, 80 + i * 160, y) +
      `<text x="${90 + i * 160}" y="${y + 5}" font-size="14" fill="#0b0c0c">${text}</text>`,
  );
  const shapes =
    node('relative', 510, y - 28) +
    `<text x="532" y="${y - 23}" font-size="14" fill="#0b0c0c">Family’s own</text>` +
    node('professional', 510, y + 8) +
    `<text x="532" y="${y + 13}" font-size="14" fill="#0b0c0c">Professional</text>`;
  return `<g aria-hidden="true">${lines.join('')}${shapes}</g>`;
}

/** The family's name in the circle at the centre: on two lines when it is long. */
function familyLines(name: string): string[] {
  if (name.length <= FAMILY_LINE) return [name];
  const words = name.split(' ');
  let first = '';
  while (words.length && `${first} ${words[0]}`.trim().length <= FAMILY_LINE)
    first = `${first} ${words.shift()}`.trim();
  if (!first) return [clip(name, FAMILY_LINE)];
  return [first, clip(words.join(' '), FAMILY_LINE)].filter(Boolean);
}

/** The ecomap as an SVG string, safe to put in the page as it is. */
export function ecomapSvg(familyName: string, network: NetworkRow[], counts: NetworkCounts) {
  const title = `Ecomap of ${familyName}`;
  const desc =
    `${familyName} at the centre, with ${network.length} ${network.length === 1 ? 'connection' : 'connections'}: ` +
    `${counts.sentence}. Every connection is listed in the table below this picture.`;
  const parts: string[] = [];
  network.forEach((person, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / network.length;
    const x = CX + RX * Math.cos(angle);
    const y = CY + RY * Math.sin(angle);
    const d = Math.hypot(x - CX, y - CY);
    const [ux, uy] = [(x - CX) / d, (y - CY) / d];
    parts.push(
      connection(
        person.strength,
        CX + ux * FAMILY_R,
        CY + uy * FAMILY_R,
        x - ux * (NODE_R + 3),
        y - uy * (NODE_R + 3),
      ),
      node(person.kind, x, y),
      // Above a node in the top half, below one in the bottom half: never where its line runs.
      ...(y < CY
        ? [
            label(x, y - NODE_R - 22, clip(person.name, 22), 13, true),
            label(x, y - NODE_R - 7, clip(person.relationship, 24), 12),
          ]
        : [
            label(x, y + NODE_R + 16, clip(person.name, 22), 13, true),
            label(x, y + NODE_R + 31, clip(person.relationship, 24), 12),
          ]),
    );
  });
  const height = 540;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="ecomap-title ecomap-desc" class="dw-ecomap">`,
    `<title id="ecomap-title">${escapeXml(title)}</title>`,
    `<desc id="ecomap-desc">${escapeXml(desc)}</desc>`,
    `<circle cx="${CX}" cy="${CY}" r="${FAMILY_R}" fill="#ffffff" stroke="#0b0c0c" stroke-width="3"/>`,
    ...familyLines(familyName).map((line, i, all) =>
      label(CX, CY + 5 + (i - (all.length - 1) / 2) * 17, line, 14, true),
    ),
    ...parts,
    legend(height - 30),
    '</svg>',
  ].join('');
}
