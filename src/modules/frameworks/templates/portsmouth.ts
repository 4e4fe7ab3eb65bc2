import { category, part, principle, type FrameworkTemplate } from './types.js';

// Structure after the Portsmouth Children's Trust strategy; every sentence is our own wording.
export const portsmouth: FrameworkTemplate = {
  key: 'portsmouth',
  title: 'Ten principles, the 4 ways and the restorative continuum',
  summary:
    'Ten principles of restorative practice, the social discipline window (the 4 ways) and the six steps of the restorative continuum, with a set of restorative questions.',
  credit:
    'Based on the Portsmouth Children’s Trust restorative practice strategy. The structure follows that strategy; the wording here is our own.',
  items: [
    principle(
      'Families hold responsibility, with our empathy and support',
      'Children and families keep real responsibility for their own lives, and we back them with understanding and the means to act.',
    ),
    principle(
      'High support and high challenge together',
      'We offer a lot of help and expect a lot too: one without the other does not work.',
    ),
    principle(
      'Working with, not to or for',
      'We plan alongside families rather than deciding for them or taking over.',
    ),
    principle(
      'Relationships are where change starts',
      'Lasting improvement grows from strong, trusting relationships, so we invest in them first.',
    ),
    principle(
      'Solving problems together',
      'Families and professionals work out the answers jointly, each bringing what they know.',
    ),
    principle(
      'Focused on solutions',
      'We look for what is working and build on it, rather than dwelling on what has gone wrong.',
    ),
    principle(
      'Looking ahead',
      'We spend our energy on what happens next, not on blame for what has happened.',
    ),
    principle(
      'Respectful and honest',
      'We treat people with dignity and tell them plainly where things stand, even when it is hard to hear.',
    ),
    principle(
      'Accountable to each other',
      'Everyone involved, professionals included, answers for the outcomes we agreed together.',
    ),
    principle(
      'The same way with colleagues',
      'We work restoratively with each other too: between practitioners, and between managers and the people they supervise.',
    ),
    {
      kind: 'concept',
      name: 'The social discipline window (the 4 ways)',
      description:
        'How we work with someone depends on two things: how much support we give, and how much we challenge or set limits. Together they make four ways of working.',
      children: [
        part(
          'TO',
          'Much challenge, little support: we decide and impose, which can feel like punishment.',
        ),
        part(
          'WITH',
          'Much challenge and much support: we work alongside people. This is where we aim to be.',
        ),
        part(
          'FOR',
          'Much support, little challenge: we rescue and do things for people, which can leave them relying on us.',
        ),
        part(
          'NOT',
          'Little of either: we stand back and nothing changes, which can amount to neglect.',
        ),
      ],
    },
    {
      kind: 'concept',
      name: 'The restorative continuum',
      description:
        'Restorative ways of working run from everyday, informal moments to planned, formal meetings. The informal end builds relationships and prevents harm; the formal end repairs harm and stops it happening again.',
      children: [
        part('Affective statement', 'Telling someone how what they did made you feel.'),
        part(
          'Affective question',
          'Asking someone how something affected them, or who else it affected.',
        ),
        part(
          'Impromptu conversation',
          'A short restorative conversation there and then, soon after something has happened.',
        ),
        part(
          'Restorative circle',
          'A group sits in a circle to talk, to get to know each other or to deal with an issue together.',
        ),
        part(
          'Family group conference',
          'The family and the people around it make their own plan, with private time without professionals.',
        ),
        part(
          'Restorative conference',
          'A planned meeting where those affected by harm and those responsible agree how to put things right.',
        ),
      ],
    },
    {
      kind: 'question_set',
      name: 'Restorative questions',
      description: 'For conversations after something has gone wrong, formal or informal.',
      children: [
        category(
          'When something has gone wrong',
          'For the person whose actions caused the problem.',
          [
            'Can you tell me what happened?',
            'What was going through your mind at the time?',
            'What have you thought about since?',
            'Who has been affected by what happened, and in what way?',
            'What do you think needs to happen to put things right?',
          ],
        ),
        category(
          'When someone has been affected',
          'For the person who has been hurt or let down.',
          [
            'What did you think when you realised what had happened?',
            'What effect has it had on you and the people around you?',
            'What has been the hardest part for you?',
            'What would help to put things right?',
          ],
        ),
      ],
    },
  ],
};
