import { category, principle, type FrameworkTemplate, type TemplateItem } from './types.js';

const value = (name: string, description: string): TemplateItem => ({
  kind: 'value',
  name,
  description,
});

// Structure after Shropshire's early help pages; every sentence is our own wording.
export const shropshire: FrameworkTemplate = {
  key: 'shropshire',
  title: 'Beliefs and restorative questions in five groups',
  summary:
    'Beliefs about working with families, and restorative questions grouped as What happened, Thoughts and feelings, Impact, Needs and Ways forward.',
  credit:
    'Based on Shropshire Council’s early help restorative practice pages. The structure follows those pages; the wording here is our own.',
  items: [
    principle(
      'The behaviour is not the person',
      'Everyone gets things wrong sometimes; it does not sum them up. We talk about what was done, not about who someone is.',
    ),
    principle(
      'Families lead',
      'We hand over the lead: families make the decisions and find the answers that suit them, with our support.',
    ),
    principle(
      'Building on family strengths',
      'Every family has strengths and resources of its own. We help them use those, without taking over.',
    ),
    principle(
      'Together works better',
      'Decisions made with families, not about them, lead to better results for children and make change more likely.',
    ),
    value('Removing barriers', 'We take away what stops families getting the help they need.'),
    value('A sense of community', 'We actively help people feel part of a community.'),
    value(
      'Shared accountability',
      'Families and professionals share responsibility for what happens.',
    ),
    {
      kind: 'question_set',
      name: 'Restorative questions',
      description:
        'Good questions are at the heart of restorative practice. Pick from each group as the conversation goes.',
      children: [
        category(
          'What happened',
          'Everyone sees things their own way and needs the chance to say so, to feel heard and respected.',
          [
            'How did we get to where we are today?',
            'What happened after that?',
            'What was going on for you at the time?',
            'What was happening beforehand?',
          ],
        ),
        category(
          'Thoughts and feelings',
          'What people think and feel often sits below the surface, yet it matters most.',
          [
            'What was going through your mind?',
            'How were you feeling at that moment?',
            'What do you make of it now?',
            'Is there anything else on your mind?',
          ],
        ),
        category(
          'Impact',
          'Understanding who has been affected, and how, builds empathy and consideration for others.',
          [
            'How are you feeling now?',
            'Who else has been affected by this?',
            'What has been the hardest part for you?',
            'Is there anything you would like to add?',
          ],
        ),
        category(
          'Needs',
          'Needs that are not met often sit behind harmful behaviour. We help people name what they need to move towards a solution.',
          [
            'What would things look and feel like if they were better?',
            'What else needs to happen?',
            'What do you need so you can move on?',
            'If that is not possible, what could you do instead?',
          ],
        ),
        category(
          'Ways forward',
          'The people affected are best placed to say what should happen next, so we ask them.',
          [
            'What would that look like in practice?',
            'When will it happen?',
            'What would help you move on from this?',
            'What do you think of the ideas so far?',
          ],
        ),
      ],
    },
  ],
};
