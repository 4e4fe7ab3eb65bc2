import { principle, value, type FrameworkTemplate } from './types.js';

// Structure after Devon's "Five Rs"; every sentence is our own wording. The value names are the
// single words of the original structure; what each "we will" says is rewritten.
export const devon: FrameworkTemplate = {
  key: 'devon',
  title: 'The Five Rs',
  summary:
    'Five principles (Relational, Respect, Responsibility, Resilience, Reflective), each with three values written as “we are … / we will …”.',
  credit:
    'Based on Devon County Council’s Restorative Devon “Five Rs” framework. The structure follows that framework; the wording here is our own.',
  items: [
    principle('Relational', 'Trusting relationships are how we work.', [
      value('Trustworthy', 'be open and consistent, so people can rely on us'),
      value('Caring', 'speak kindly, in words everyone can follow'),
      value('Collaborative', 'find answers together rather than alone'),
    ]),
    principle('Respect', 'Children and families are the experts in their own lives.', [
      value(
        'Participatory',
        'put what children and families think at the centre of every decision',
      ),
      value('Honest', 'say things plainly and openly'),
      value('Inclusive', 'value each child’s identity, background and characteristics'),
    ]),
    principle(
      'Responsibility',
      'We help families take charge, and we take our own part seriously.',
      [
        value(
          'Empowering',
          'build on families’ strengths so they stay in control and change lasts',
        ),
        value('Informed', 'base decisions and plans on evidence, and make them in good time'),
        value('Risk-aware', 'plan for safety in a way that fits how the family really lives'),
      ],
    ),
    principle('Resilience', 'We help people cope and recover, and look after ourselves too.', [
      value('Trauma-informed', 'keep trauma and shame in mind and put the person first'),
      value('Curious', 'ask open questions that weigh risks, needs and strengths equally'),
      value('Patient', 'remember that change that lasts takes time'),
    ]),
    principle('Reflective', 'We think about what we do and learn from it.', [
      value('Flexible', 'use our professional judgement, open to doubt where it is safe to be'),
      value('Responsive', 'think through the next step together'),
      value('Outcomes-focused', 'be clear what a good outcome for each child looks like'),
    ]),
  ],
};
