import type { FastifyRequest } from 'fastify';
import { notFound } from '../../platform/http/errors.js';
import { ukDateTime } from '../../platform/views/env.js';
import type { Role, TrainingLayer } from '../../platform/tenancy/tables.js';
import type { CourseKind, Delivery, Frequency } from './tables.js';
import { UUID } from '../../platform/http/ids.js';

// Words shown for the stored values, and small helpers the training pages share.

/**
 * A stored date (YYYY-MM-DD) as a person types it in a date's text box, "27/3/2027", the way
 * the box's hint shows it. Either is accepted back (formDateField).
 */
export function typedUkDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day}/${month}/${year}`;
}

export const layerNames: Record<TrainingLayer, string> = {
  leader: 'Leaders',
  manager: 'Managers and supervisors',
  trainer: 'Trainers',
  champion: 'Restorative champions',
  facilitator: 'Facilitators',
  frontline: 'Front-line practitioners',
};

export const roleNames: Record<Role, string> = {
  admin: 'Partnership admins',
  leader: 'Leaders',
  manager: 'Managers',
  practitioner: 'Practitioners',
  facilitator: 'Facilitators',
  trainer: 'Trainers',
};

export const frequencyNames: Record<Frequency, string> = {
  monthly: 'Every month',
  every_two_months: 'Every two months',
  on_request: 'On request',
};

export const kindNames: Record<CourseKind, string> = {
  standard: 'Course',
  bespoke: 'Bespoke team course',
  action_learning_set: 'Action learning set',
};

export const deliveryNames: Record<Delivery, string> = {
  online: 'Online',
  in_person: 'In person',
};

/** "3 hours", "2 hours 30 minutes", "90 minutes". */
export function durationText(minutes: number | null): string {
  if (!minutes) return 'Agreed with the team';
  if (minutes < 120 && minutes % 60 !== 0) return `${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} ${h === 1 ? 'hour' : 'hours'}${m ? ` ${m} minutes` : ''}`;
}

/** Checkbox or radio items from a value-to-words table, ticked from what was sent. */
export function choiceItems(names: Record<string, string>, chosen: unknown) {
  const picked = [chosen ?? []].flat().map(String);
  return Object.entries(names).map(([value, text]) => ({
    value,
    text,
    checked: picked.includes(value),
  }));
}

/** The :id of the route; anything that is not an id cannot be a record, so it is a 404. */
export function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id?: string };
  if (!id || !UUID.test(id)) throw notFound();
  return id;
}

/** The UK clock time of an instant, as the pages show it: "10:00am". */
export const ukClockTime = (d: Date) => ukDateTime(d).split(' at ')[1] ?? '';
