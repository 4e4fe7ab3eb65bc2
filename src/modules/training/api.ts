import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../../platform/http/errors.js';
import { trainingAttendanceApi } from './api-attendance.js';
import { trainingBookingApi } from './api-bookings.js';
import { trainingCourseApi } from './api-courses.js';
import { trainingSessionApi } from './api-sessions.js';
import { RegisterProblem } from './attendance.js';
import { BookingRefused, FormProblem } from './problems.js';

// The training offer as JSON: courses, sessions, bookings and the register, through the same
// services, schemas, rules and audit as the pages. Where a page shows a refusal beside a field
// or on a page of its own, the API answers with problem+json: 400 for input to fix (nothing
// changed), 409 for a booking refused, with the reason and the courses still to complete.

/** The refusals the services raise, as problem+json; anything else goes to the app's handler. */
function trainingProblems(error: unknown) {
  if (error instanceof FormProblem) {
    const errors = Object.fromEntries(
      Object.entries(error.form.errors).map(([field, message]) => [apiField(field), message]),
    );
    return { status: 400, detail: Object.values(errors).join(' '), errors: listOf(errors) };
  }
  if (error instanceof RegisterProblem) {
    const errors = Object.fromEntries(
      Object.entries(error.byBooking).map(([id, message]) => [`marks.${id}`, message]),
    );
    return {
      status: 400,
      detail:
        'The register was not saved: each delegate needs one mark, and only people on the register can be marked.',
      errors: listOf(errors),
    };
  }
  if (error instanceof BookingRefused) {
    return { status: 409, detail: error.reason, missing: error.missing };
  }
  return null;
}

/**
 * The API's name for a form's field. The form types a session's start as a date and a time
 * (`start`); the API sends it as one instant (`startsAt`).
 */
const apiField = (field: string) => (field === 'start' ? 'startsAt' : field);

const listOf = (errors: Record<string, string>) =>
  Object.entries(errors).map(([path, message]) => ({ path, message }));

export async function trainingApi(app: FastifyInstance) {
  app.setErrorHandler((error, _request, reply) => {
    const problem = trainingProblems(error);
    if (!problem) throw error;
    const { status, detail, ...extra } = problem;
    return sendProblem(reply, status, detail, extra);
  });
  await app.register(trainingCourseApi);
  await app.register(trainingSessionApi);
  await app.register(trainingBookingApi);
  await app.register(trainingAttendanceApi);
}
