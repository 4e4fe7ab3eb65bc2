import type { TermKind } from './tables.js';

export interface Term {
  term: string;
  kind: TermKind;
  suggestion: string;
}

// The words every partnership starts with. A partnership can switch any of them off, change the
// advice, or add its own (plain_language_terms). Terms are matched as whole words, any case.
const jargon: [string, string][] = [
  ['LAC', 'say "child in care" or, better, use the child’s name'],
  ['looked after child', 'say "child in care" or use the child’s name'],
  ['CIN', 'say "the support plan for your child" (a child in need plan)'],
  ['child in need', 'say what help the child and family are getting'],
  ['CP', 'say "child protection" in full, and what it means for this family'],
  ['s47', 'say "a child protection enquiry" and explain what will happen'],
  ['section 47', 'say "a child protection enquiry" and explain what will happen'],
  ['TAF', 'say "team around the family" and name who is in it'],
  ['TAC', 'say "team around the child" and name who is in it'],
  ['FGC', 'say "family group conference" (a family meeting to make a plan)'],
  ['MASH', 'say "the team that first looks at worries about a child"'],
  ['EHCP', 'say "education, health and care plan"'],
  ['CAMHS', 'say "the children’s mental health service" and who they will see'],
  ['LADO', 'say "the person who looks into worries about adults who work with children"'],
  ['CSC', 'say "children’s social care" or "social workers"'],
  ['CLA', 'say "child in care" or, better, use the child’s name'],
  ['PLO', 'say "a formal meeting about going to court" and what it means'],
  ['ICPC', 'say "a child protection conference" and explain what will happen'],
  ['RCPC', 'say "a review child protection conference" and explain what will happen'],
  ['contact', 'say "time together", "seeing each other" or "family time"'],
  ['placement', 'say "where the child lives" or "their home"'],
  ['placed', 'say "lives with" or "is living at"'],
  ['non-compliant', 'say what did not happen and why it matters, without blame'],
  ['non-engagement', 'say what got in the way of meeting up'],
  ['did not engage', 'say what got in the way of meeting up'],
  ['disengaged', 'say what got in the way of meeting up'],
  ['engage', 'say "work with", "meet" or "take part"'],
  ['intervention', 'say "support" or "help", and what it is'],
  ['assessment', 'say "getting to know your family and what you need"'],
  ['threshold', 'say what the worry is and what help is offered'],
  ['safeguarding', 'say "keeping children safe"'],
  ['statutory', 'say "the law says we must"'],
  ['escalate', 'say "ask for more help" or "pass on the worry"'],
  ['step down', 'say "less support is needed now"'],
  ['step up', 'say "more support is needed now"'],
  ['presenting', 'say what people noticed'],
  ['service user', 'use the person’s name'],
  ['case', 'say "family" or "work with you"'],
  ['caseload', 'say "the families I work with"'],
  ['risk factors', 'say what the worries are'],
  ['protective factors', 'say what is working well'],
  ['multi-agency', 'say who the people are: school, health visitor, social worker'],
  ['interventions', 'say what support will be given'],
];

const labels: [string, string][] = [
  ['aggressive child', 'describe what happened: "X shouted and threw a cup when ..."'],
  ['difficult mother', 'describe what happened and how people felt, not who she is'],
  ['difficult father', 'describe what happened and how people felt, not who he is'],
  ['difficult parent', 'describe what happened and how people felt, not who they are'],
  ['problem family', 'say what the worries are; use the family’s name'],
  ['troubled family', 'say what the worries are; use the family’s name'],
  ['manipulative', 'describe what the person did and its effect'],
  ['attention seeking', 'say "looking for connection" and describe what happened'],
  ['attention-seeking', 'say "looking for connection" and describe what happened'],
  ['uncooperative', 'say what was asked and what got in the way'],
  ['hostile parent', 'describe what was said and how it felt'],
  ['violent child', 'describe what happened and when'],
  ['naughty', 'describe what happened and what the child needed'],
  ['challenging behaviour', 'describe what happened and what might be behind it'],
  ['hard to reach', 'say "we have not yet found a good way to meet"'],
  ['chaotic', 'say what is hard day to day'],
  ['in denial', 'say what the person sees differently'],
];

export const defaultTerms: Term[] = [
  ...jargon.map(([term, suggestion]) => ({
    term: term.toLowerCase(),
    kind: 'jargon' as const,
    suggestion,
  })),
  ...labels.map(([term, suggestion]) => ({
    term: term.toLowerCase(),
    kind: 'label' as const,
    suggestion,
  })),
];
