import type { FastifyInstance } from 'fastify';
import { hasRole } from '../../platform/access/actor.js';
import type { Role } from '../../platform/tenancy/tables.js';

interface NextStep {
  href: string;
  text: string;
  hint: string;
}

// What each role can do next. Capabilities add their steps here as they arrive.
const stepsByRole: Record<Role, NextStep[]> = {
  admin: [
    {
      href: '/admin/people',
      text: 'Add and manage people',
      hint: 'Invite people, set their roles and teams, or deactivate them.',
    },
    {
      href: '/admin/teams',
      text: 'Organisations, localities and teams',
      hint: 'Keep the partnership’s structure up to date.',
    },
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'Choose a template, then edit your principles and restorative questions.',
    },
    { href: '/admin/audit', text: 'Audit log', hint: 'See who looked at or changed records.' },
    {
      href: '/admin/sign-in-settings',
      text: 'Sign-in settings',
      hint: 'Let people sign in with their organisation’s account.',
    },
    { href: '/admin/api-tokens', text: 'API tokens', hint: 'Connect other systems to Doing With.' },
    {
      href: '/training',
      text: 'Courses and sessions',
      hint: 'Keep the course catalogue up to date and schedule sessions.',
    },
  ],
  leader: [
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'The principles and questions the partnership has agreed.',
    },
    {
      href: '/training',
      text: 'Training',
      hint: 'Find a course in restorative practice and book a place.',
    },
  ],
  manager: [
    {
      href: '/team',
      text: 'My team',
      hint: 'Your team’s families, meetings by kind, overdue actions and everyday practice.',
    },
    {
      href: '/families',
      text: 'Families',
      hint: 'The families you and your teams are working with.',
    },
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'Use the restorative questions in supervision and team meetings.',
    },
    {
      href: '/training',
      text: 'Training',
      hint: 'Find a course in restorative practice and book a place.',
    },
  ],
  practitioner: [
    {
      href: '/practice/new',
      text: 'Log everyday practice',
      hint: 'An affective statement, question or restorative conversation, in a few seconds.',
    },
    {
      href: '/caseload',
      text: 'My caseload',
      hint: 'Your families, their next meetings and anything overdue on their plans.',
    },
    {
      href: '/families',
      text: 'Families',
      hint: 'The families you are working with: their people, network and ecomap.',
    },
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'The questions to use when working with families.',
    },
    {
      href: '/training',
      text: 'Training',
      hint: 'Find a course in restorative practice and book a place.',
    },
  ],
  facilitator: [
    {
      href: '/practice/new',
      text: 'Log everyday practice',
      hint: 'An affective statement, question or restorative conversation, in a few seconds.',
    },
    {
      href: '/caseload',
      text: 'My caseload',
      hint: 'Your families, their next meetings and anything overdue on their plans.',
    },
    {
      href: '/families',
      text: 'Families',
      hint: 'The families you are working with, and the people around them.',
    },
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'The question sets that guide circles and conferences.',
    },
    {
      href: '/training',
      text: 'Training',
      hint: 'Find a course in restorative practice and book a place.',
    },
  ],
  trainer: [
    {
      href: '/framework',
      text: 'Practice framework',
      hint: 'What the partnership’s training is built on.',
    },
    {
      href: '/training',
      text: 'Courses and sessions',
      hint: 'Keep the course catalogue up to date and schedule sessions.',
    },
  ],
};

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { config: { policy: 'signedIn' } }, async (request, reply) => {
    const seen = new Set<string>();
    const steps = Object.entries(stepsByRole)
      .filter(([role]) => hasRole(request.actor, role as Role))
      .flatMap(([, list]) => list)
      .filter((s) => !seen.has(s.href) && seen.add(s.href));
    return reply.page('home/views/home.njk', { steps, roles: request.actor.roles });
  });
}
