import { eq, sql, and } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import { people } from '../../platform/tenancy/tables.js';
import { seedActionLearning } from './als-seed.js';
import * as store from './store.js';
import {
  type CourseKind,
  type Delivery,
  type Frequency,
  trainingCourses,
  trainingSessions,
} from './tables.js';
import { fromLondon, toLondon } from '../../platform/dates/uk-time.js';

// The demo partnership's training offer, modelled on a city safeguarding partnership's
// published offer and written in our own words.

interface DemoCourse {
  title: string;
  summary: string;
  outcomes: string[];
  minutes: number | null;
  frequency: Frequency;
  kind: CourseKind;
  places: number;
  audience: string;
  requires: string[];
  /** Days from now of the demo sessions, if any. */
  sessionsIn: number[];
}

const ACTION_PLAN = 'Write your own action plan for developing your practice.';

const COURSES: DemoCourse[] = [
  {
    title: 'Introduction to restorative practice',
    summary:
      'A first look at working with families rather than doing things to them or for them: where restorative practice comes from, the ideas behind it and what it looks like day to day.',
    outcomes: [
      'Explain where restorative practice comes from, its principles and the framework that holds it together.',
      'Name the skills it takes to work with families and colleagues restoratively.',
      'Use restorative language and questions in everyday conversations.',
      ACTION_PLAN,
    ],
    minutes: 180,
    frequency: 'monthly',
    kind: 'standard',
    places: 20,
    audience: 'anyone new to restorative practice, or wanting a refresher',
    requires: [],
    sessionsIn: [14, 42],
  },
  {
    title: 'Developing restorative practice',
    summary:
      'For people who have made a start: deepening the skills, trying harder conversations and using the restorative questions with confidence.',
    outcomes: [
      'Use the social discipline window to reflect on how you work with a family.',
      'Plan and hold a restorative conversation when things are difficult.',
      'Support colleagues to work restoratively.',
      ACTION_PLAN,
    ],
    minutes: 150,
    frequency: 'monthly',
    kind: 'standard',
    places: 20,
    audience: 'people who have done the Introduction, or an equivalent earlier course',
    requires: ['Introduction to restorative practice'],
    sessionsIn: [21],
  },
  {
    title: 'Circles and restorative meetings',
    summary:
      'For confident practitioners who want to bring people together: preparing and running circles and more formal restorative meetings.',
    outcomes: [
      'Choose when a circle or a restorative meeting is the right thing to do.',
      'Prepare everyone taking part, and run the meeting safely.',
      'Keep a meeting focused on repairing harm and agreeing what happens next.',
      ACTION_PLAN,
    ],
    minutes: 150,
    frequency: 'every_two_months',
    kind: 'standard',
    places: 16,
    audience: 'people secure in their practice who want to facilitate',
    requires: ['Developing restorative practice'],
    sessionsIn: [35],
  },
  {
    title: 'Bespoke team course',
    summary:
      'A course shaped around one team or group that wants to make restorative practice the way it works, drawing on the three core courses.',
    outcomes: [
      'Share an understanding of restorative practice across the whole team.',
      'Agree what the team will do differently, and how you will know it is working.',
      ACTION_PLAN,
    ],
    minutes: null,
    frequency: 'on_request',
    kind: 'bespoke',
    places: 20,
    audience: 'a whole team, at most 20 people',
    requires: [],
    sessionsIn: [],
  },
  {
    title: 'Action learning set',
    summary:
      'A facilitated group that meets for 90 minutes once a month for six months, to bring real situations from practice and learn from each other.',
    outcomes: [
      'Bring a real piece of work and think it through with peers.',
      'Keep restorative practice going in your team after the courses end.',
      ACTION_PLAN,
    ],
    minutes: 90,
    frequency: 'monthly',
    kind: 'action_learning_set',
    places: 8,
    audience: 'groups who have done the Introduction and Development courses',
    requires: ['Introduction to restorative practice', 'Developing restorative practice'],
    sessionsIn: [],
  },
];

const JOINING_LINK = 'https://video.example/demo-city-training';

/** Seeds the catalogue and a few upcoming sessions. Runs inside the demo seed's transaction. */
export async function seedTraining(tx: Db, partnershipId: string, now = new Date()) {
  const ids = new Map<string, string>();
  const delivery: Delivery = 'online';
  for (const c of COURSES) {
    const [row] = await tx
      .insert(trainingCourses)
      .values({
        partnershipId,
        title: c.title,
        summary: c.summary,
        learningOutcomes: c.outcomes,
        durationMinutes: c.minutes,
        delivery,
        joiningLink: c.kind === 'standard' ? JOINING_LINK : null,
        audienceNote: c.audience,
        usualPlaces: c.places,
        frequency: c.frequency,
        kind: c.kind,
      })
      .returning({ id: trainingCourses.id });
    ids.set(c.title, row!.id);
  }
  for (const c of COURSES) {
    if (c.requires.length) {
      await store.setPrerequisites(
        tx,
        partnershipId,
        ids.get(c.title)!,
        c.requires.map((t) => ids.get(t)!),
      );
    }
  }
  const [trainer] = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), sql`'trainer' = any(${people.roles})`))
    .limit(1);
  for (const c of COURSES) {
    for (const days of c.sessionsIn) {
      const day = toLondon(new Date(now.getTime() + days * 86_400_000));
      const startsAt = fromLondon({ ...day, hour: 9, minute: 30 });
      const [s] = await tx
        .insert(trainingSessions)
        .values({
          partnershipId,
          courseId: ids.get(c.title)!,
          startsAt,
          endsAt: new Date(startsAt.getTime() + (c.minutes ?? 180) * 60_000),
          places: c.places,
          delivery,
          joiningLink: JOINING_LINK,
        })
        .returning({ id: trainingSessions.id });
      if (trainer) await store.setTrainers(tx, partnershipId, s!.id, [trainer.id]);
    }
  }
  await seedActionLearning(tx, partnershipId, now, {
    intro: ids.get('Introduction to restorative practice')!,
    development: ids.get('Developing restorative practice')!,
    als: ids.get('Action learning set')!,
  });
}
