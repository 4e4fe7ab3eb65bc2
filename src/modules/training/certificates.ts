import { and, eq, inArray } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, notFound } from '../../platform/http/errors.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDate } from '../../platform/views/env.js';
import { COMPLETES } from './attendance.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';

// A certificate for a course a person completed: their name, the course, the date and the
// trainers. Made with pdfkit in the process, so no browser is needed on the server.

export interface Certificate {
  name: string;
  course: string;
  date: Date;
  trainers: string[];
}

/** The certificate for one booking: for the person it belongs to, and the partnership's admins. */
export async function certificateFor(ctx: ServiceContext, bookingId: string): Promise<Certificate> {
  const actor = ctx.actor as Member;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        personId: trainingBookings.personId,
        name: people.name,
        course: trainingCourses.title,
        sessionId: trainingSessions.id,
        date: trainingSessions.startsAt,
      })
      .from(trainingBookings)
      .innerJoin(people, eq(people.id, trainingBookings.personId))
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingBookings.sessionId))
      .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
      .where(
        and(
          eq(trainingBookings.partnershipId, actor.partnershipId),
          eq(trainingBookings.id, bookingId),
          inArray(trainingBookings.attendance, [...COMPLETES]),
        ),
      );
    if (!row) throw notFound();
    const entry = { action: 'training-certificate.downloaded', recordType: 'training-booking' };
    if (row.personId !== actor.id && !hasRole(actor, 'admin')) {
      throw deniedAsNotFound({ ...entry, recordId: bookingId });
    }
    const trainers = await store.trainersOf(tx, actor.partnershipId, [row.sessionId]);
    await audit(tx, ctx, { ...entry, recordId: bookingId });
    return {
      name: row.name,
      course: row.course,
      date: row.date,
      trainers: trainers.map((t) => t.name),
    };
  });
}

export function renderCertificate(c: Certificate, opts: { compress?: boolean } = {}) {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 72,
    compress: opts.compress ?? true,
    info: { Title: `Certificate: ${c.course}`, Subject: c.name },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );
  const centred = { align: 'center' as const };
  doc.moveDown(2).font('Helvetica').fontSize(18).text('Certificate of completion', centred);
  doc.moveDown(1.5).fontSize(14).text('This is to certify that', centred);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(30).text(c.name, centred);
  doc.moveDown(0.5).font('Helvetica').fontSize(14).text('completed the course', centred);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(24).text(c.course, centred);
  doc
    .moveDown(1)
    .font('Helvetica')
    .fontSize(14)
    .text(`on ${ukDate(c.date)}`, centred);
  const by = c.trainers.length ? c.trainers.join(', ') : 'the training team';
  doc.moveDown(0.5).text(`Trainer${c.trainers.length > 1 ? 's' : ''}: ${by}`, centred);
  doc.end();
  return done;
}

export const certificateFileName = (c: Certificate) =>
  `certificate-${
    c.course
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'course'
  }.pdf`;
