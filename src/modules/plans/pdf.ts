import PDFDocument from 'pdfkit';
import type { ServiceContext } from '../../platform/http/context.js';
import { ukDate } from '../../platform/views/env.js';
import { statusLabels } from './schemas.js';
import { viewPlan } from './service.js';

// The plan as a PDF written for the family: large plain text, their words marked as theirs, no
// service codes. Made with pdfkit, in the process: no browser is needed.

type PlanView = Awaited<ReturnType<typeof viewPlan>>;

const BODY = 14;

export function renderPlanPdf(view: PlanView, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: opts.compress ?? true,
    info: { Title: view.plan.title, Subject: `${view.family.name}: our plan` },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );

  const heading = (text: string, size = 20) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(size).text(text).moveDown(0.3);
  };
  const para = (text: string, bold = false) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(BODY)
      .text(text, { lineGap: 4 })
      .moveDown(0.4);
  };

  doc.font('Helvetica-Bold').fontSize(26).text(view.plan.title);
  para(`The ${view.family.name} family plan. Made on ${ukDate(view.plan.createdAt)}.`);
  if (view.plan.retiredAt) para('This plan is no longer in use.', true);

  for (const section of view.sections) {
    heading(section.title);
    if (!section.entries.length) para('Nothing written here yet.');
    for (const e of section.entries) {
      para(e.familyWords ? `In ${e.authorName}’s words:` : `${e.authorName} wrote:`, true);
      para(e.familyWords ? `“${e.text}”` : e.text);
      if (e.lastChange)
        para(
          `(Changed on ${ukDate(e.lastChange.changedAt)} by ${e.lastChange.changedByName ?? 'someone'}.)`,
        );
    }
  }

  heading('Who will do what');
  if (!view.actions.length) para('No actions yet.');
  for (const a of view.actions) {
    para(a.what, true);
    para(`Who: ${a.ownerName}`);
    if (a.supportNeeded) para(`Help they need: ${a.supportNeeded}`);
    if (a.dueOn) para(`By when: ${ukDate(a.dueOn)}`);
    if (a.howWeWillKnow) para(`How we will know it is better: ${a.howWeWillKnow}`);
    para(`How it is going: ${statusLabels[a.status]}`);
  }

  const upcoming = view.reviews.filter((r) => !r.heldAt);
  heading('When we will look at the plan again');
  para(upcoming.length ? upcoming.map((r) => ukDate(r.dueOn)).join(', ') : 'No date set yet.');

  doc.end();
  return done;
}

/** The PDF of a plan, read (and audited) like its page. */
export async function planPdf(
  ctx: ServiceContext,
  planId: string,
  opts: { compress?: boolean } = {},
) {
  const view = await viewPlan(ctx, planId);
  return { pdf: await renderPlanPdf(view, opts), title: view.plan.title };
}
