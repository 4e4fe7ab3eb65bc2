import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Member } from '../../platform/access/actor.js';
import { notFound } from '../../platform/http/errors.js';
import { validateForm, type FormErrors } from '../../platform/http/forms.js';
import { ukDate } from '../../platform/views/env.js';
import { getCourse } from './courses.js';
import { choiceItems, deliveryNames, idParam, ukClockTime } from './labels.js';
import { FormProblem } from './problems.js';
import { ordinals, weekdays, type Repeat } from './series-rule.js';
import { MAX_SERIES, seriesSchema } from './series-schemas.js';
import { planSeries, scheduleSeries } from './series.js';
import { trainerChoices } from './sessions.js';
import { toLondon } from '../../platform/dates/uk-time.js';

// Scheduling a repeating series: the rule, a page listing every date it makes, then one
// transaction that creates them all.

const trainer = { policy: 'trainer' as const };

const repeatNames: Record<Repeat, string> = {
  monthly: 'Every month',
  every_two_months: 'Every two months',
};
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const ordinalNames = Object.fromEntries(ordinals.map((o) => [o, capital(o)]));
const weekdayNames = Object.fromEntries(weekdays.map((w) => [w, capital(w)]));

const selectItems = (names: Record<string, string>, chosen: unknown) => [
  { value: '', text: 'Choose', selected: !chosen },
  ...Object.entries(names).map(([value, text]) => ({ value, text, selected: value === chosen })),
];

type Body = Record<string, unknown>;

export async function seriesRoutes(app: FastifyInstance) {
  const base = '/training/courses/:id/sessions/series';

  app.get(`${base}/new`, { config: trainer }, async (request, reply) => {
    const course = await liveCourse(request);
    const next = toLondon(request.ctx.now);
    const month = (next.month % 12) + 1;
    return renderForm(request, reply, course, {
      repeat: course.frequency === 'every_two_months' ? 'every_two_months' : 'monthly',
      'from-month': String(month),
      'from-year': String(month === 1 ? next.year + 1 : next.year),
      count: '6',
      places: course.usualPlaces ?? '',
      delivery: course.delivery,
      venue: course.venue ?? '',
      joiningLink: course.joiningLink ?? '',
      trainerIds: [(request.actor as Member).id],
    });
  });

  app.post(`${base}/check`, { config: trainer }, async (request, reply) => {
    const course = await liveCourse(request);
    const body = (request.body ?? {}) as Body;
    const form = validateForm(seriesSchema, body);
    if (!form.ok) return renderForm(request, reply, course, body, form);
    try {
      const plan = planSeries(request.ctx, form.data);
      const trainers = new Map((await trainerChoices(request.ctx)).map((t) => [t.id, t.name]));
      const weekday = weekdayNames[form.data.rule.weekday];
      return reply.page('training/views/series-check.njk', {
        course,
        description: plan.description,
        places: form.data.places,
        where:
          form.data.delivery === 'online'
            ? `Online: ${form.data.joiningLink ?? ''}`
            : `In person at ${form.data.venue ?? ''}`,
        trainerNames: form.data.trainerIds.map((id) => trainers.get(id) ?? '').join(', '),
        sessions: plan.sessions.map((s) => ({
          day: `${weekday} ${ukDate(s.startsAt)}`,
          time: `${ukClockTime(s.startsAt)} to ${ukClockTime(s.endsAt)}`,
          bankHoliday: s.bankHoliday,
        })),
        anyBankHoliday: plan.sessions.some((s) => s.bankHoliday),
        hidden: hiddenOf(body),
      });
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, course, body, e.form);
      throw e;
    }
  });

  app.post(base, { config: trainer }, async (request, reply) => {
    const course = await liveCourse(request);
    const body = (request.body ?? {}) as Body;
    // "Change the answers" on the check page brings the form back as it was filled in.
    if (body.change) return renderForm(request, reply, course, body);
    const form = validateForm(seriesSchema, body);
    if (!form.ok) return renderForm(request, reply, course, body, form);
    try {
      const ids = await scheduleSeries(request.ctx, course.id, form.data);
      return reply.redirect(`/training/courses/${course.id}?scheduled=${ids.length}`, 303);
    } catch (e) {
      if (e instanceof FormProblem) return renderForm(request, reply, course, body, e.form);
      throw e;
    }
  });
}

async function liveCourse(request: FastifyRequest) {
  const course = await getCourse(request.ctx, idParam(request));
  if (course.retiredAt) throw notFound();
  return course;
}

/** The answers, minus the CSRF token, as name and value pairs for hidden fields. */
function hiddenOf(body: Body) {
  return Object.entries(body)
    .filter(([name]) => name !== '_csrf' && name !== 'change')
    .flatMap(([name, v]) => [v].flat().map((value) => ({ name, value: String(value) })));
}

async function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  course: { id: string; title: string },
  values: Body,
  form?: FormErrors,
) {
  const trainers = Object.fromEntries(
    (await trainerChoices(request.ctx)).map((t) => [t.id, t.name]),
  );
  if (form) reply.status(400);
  return reply.page('training/views/series-form.njk', {
    course,
    values,
    ...form,
    maxSeries: MAX_SERIES,
    repeatItems: choiceItems(repeatNames, values.repeat),
    ordinalItems: selectItems(ordinalNames, values.ordinal),
    weekdayItems: selectItems(weekdayNames, values.weekday),
    deliveryItems: choiceItems(deliveryNames, values.delivery),
    trainerItems: choiceItems(trainers, values.trainerIds),
  });
}
