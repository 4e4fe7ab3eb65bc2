import type { ServiceContext } from '../../platform/http/context.js';
import { createPdf } from '../../platform/pdf/index.js';
import { ukDate } from '../../platform/views/env.js';
import { statusLabels } from './schemas.js';
import { viewPlan } from './service.js';

// The plan as a PDF written for the family: large plain text, their words marked as theirs, no
// service codes.

type PlanView = Awaited<ReturnType<typeof viewPlan>>;

const BODY = 14;

export function renderPlanPdf(view: PlanView, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = createPdf({
    size: 'A4',
    margin: 56,
    compress: opts.compress ?? true,
    info: { Title: view.plan.title, Subject: `${view.family.name}: our plan` },
  });
  const heading = (text: string, size = 20) => {
    pdf.doc.moveDown(0.8);
    pdf.write(text, { size, weight: 700 });
    pdf.doc.moveDown(0.3);
  };
  const para = (text: string, bold = false) => {
    pdf.write(text, { size: BODY, weight: bold ? 700 : 400, lineGap: 4 });
    pdf.doc.moveDown(0.4);
  };

  pdf.write(view.plan.title, { size: 26, weight: 700 });
  // The family's own name for itself, as it wrote it ("The Oak family"), not wrapped in ours.
  para(`${view.family.name}. Plan made on ${ukDate(view.plan.createdAt)}.`);
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
  if (pdf.missing) {
    heading('Words this PDF cannot show');
    para(
      'Some words in this plan are in a writing system this PDF cannot show, so they appear as boxes. The plan’s page shows them as they were written, and can be printed.',
    );
  }
  return pdf.finish();
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
