import { and, eq, inArray } from 'drizzle-orm';
import { hasRole, type Member } from '../../platform/access/actor.js';
import { audit } from '../../platform/audit/index.js';
import type { ServiceContext } from '../../platform/http/context.js';
import { deniedAsNotFound, notFound } from '../../platform/http/errors.js';
import { createPdf } from '../../platform/pdf/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { ukDate } from '../../platform/views/env.js';
import { COMPLETES } from './attendance.js';
import * as store from './store.js';
import { trainingBookings, trainingCourses, trainingSessions } from './tables.js';
import { slugOf } from '../../platform/http/file-names.js';

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
  const pdf = createPdf({
    size: 'A4',
    layout: 'landscape',
    margin: 72,
    compress: opts.compress ?? true,
    info: { Title: `Certificate: ${c.course}`, Subject: c.name },
  });
  const line = (gap: number, text: string, size: number, weight: 400 | 700 = 400) => {
    pdf.doc.moveDown(gap);
    pdf.write(text, { size, weight, align: 'center' });
  };
  line(2, 'Certificate of completion', 18);
  line(1.5, 'This is to certify that', 14);
  line(0.5, c.name, 30, 700);
  line(0.5, 'completed the course', 14);
  line(0.5, c.course, 24, 700);
  line(1, `on ${ukDate(c.date)}`, 14);
  const by = c.trainers.length ? c.trainers.join(', ') : 'the training team';
  line(0.5, `Trainer${c.trainers.length > 1 ? 's' : ''}: ${by}`, 14);
  return pdf.finish();
}

export const certificateFileName = (c: Certificate) =>
  `certificate-${slugOf(c.course) || 'course'}.pdf`;
