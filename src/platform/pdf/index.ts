import PDFDocument from 'pdfkit';
import { drawsAll, fonts, type Weight } from './fonts.js';

// PDFs made in the process with pdfkit (no browser), in Noto Sans so that every letter of a
// name or a family's words is drawn as written (fonts.ts).

export interface Pdf {
  doc: PDFKit.PDFDocument;
  /** Writes a paragraph. */
  write(
    text: string,
    style: { size: number; weight?: Weight; align?: 'left' | 'center'; lineGap?: number },
  ): void;
  /** Whether any letter written is one the font does not have: it shows as a box. */
  readonly missing: boolean;
  /** Ends the document; resolves with its bytes. */
  finish(): Promise<Buffer>;
}

export function createPdf(options: PDFKit.PDFDocumentOptions): Pdf {
  const doc = new PDFDocument({ lang: 'en-GB', displayTitle: true, ...options });
  for (const weight of [400, 700] as const)
    doc.registerFont(`noto-${weight}`, fonts().files[weight]);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );
  let missing = false;
  return {
    doc,
    write(text, { size, weight = 400, align = 'left', lineGap = 0 }) {
      missing ||= !drawsAll(text);
      doc.font(`noto-${weight}`).fontSize(size).text(text, { align, lineGap });
    },
    get missing() {
      return missing;
    },
    finish() {
      doc.end();
      return done;
    },
  };
}
