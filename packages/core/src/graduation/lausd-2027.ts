// Requirement set `lausd-2027` (shared/rules/graduation.md): LAUSD's diploma for the class of
// 2027 and later, and the A-G course pattern that UC and CSU admission ask for.
import type { RequirementSet } from './requirement-set.ts';

const BOTH = ['diploma', 'ag'] as const;
const DIPLOMA = ['diploma'] as const;

export const lausd2027: RequirementSet = {
  name: 'lausd-2027',
  description: 'LAUSD diploma, class of 2027 and later (210 credits), and the A-G course pattern',
  verdicts: [
    { id: 'diploma', title: 'Diploma', counts: 'first-passing' },
    { id: 'ag', title: 'A-G (UC/CSU eligible course pattern)', counts: 'repeat-rule-c-or-better' },
  ],
  requirements: [
    { id: 'a-world', title: 'World history', credits: 10, counts: { tag: 'world-history' }, countsIn: { ag: { tag: 'world-history', ag: 'a' } }, verdicts: BOTH },
    { id: 'a-us', title: 'US history', credits: 10, counts: { tag: 'us-history' }, countsIn: { ag: { tag: 'us-history', ag: 'a' } }, verdicts: BOTH },
    { id: 'b', title: 'English', credits: 40, counts: { ag: 'b' }, verdicts: BOTH },
    { id: 'c', title: 'Mathematics', credits: 30, counts: { ag: 'c' }, verdicts: BOTH },
    { id: 'd', title: 'Laboratory science', credits: 20, counts: { ag: 'd' }, verdicts: BOTH },
    { id: 'e', title: 'Language other than English', credits: 20, counts: { ag: 'e' }, bestGroupBy: 'language', verdicts: BOTH },
    { id: 'f', title: 'Visual and performing arts', credits: 10, counts: { ag: 'f' }, verdicts: BOTH },
    {
      id: 'g',
      title: 'College-preparatory elective',
      credits: 10,
      counts: { ag: 'g' },
      // The world- and US-history requirements use area a only through their `ag: "a"` marks,
      // so a history course the school does not list as `a` never reduces the overflow.
      overflowFrom: { a: ['a-world', 'a-us'], b: ['b'], c: ['c'], d: ['d'], e: ['e'], f: ['f'] },
      verdicts: BOTH,
    },
    { id: 'gov', title: 'Principles of American Democracy', credits: 5, counts: { tag: 'gov' }, verdicts: DIPLOMA },
    { id: 'econ', title: 'Economics', credits: 5, counts: { tag: 'econ' }, verdicts: DIPLOMA },
    { id: 'health', title: 'Health', credits: 5, counts: { tag: 'health' }, verdicts: DIPLOMA },
    // JROTC (`subject: "rotc"`) is not physical education here.
    { id: 'pe', title: 'Physical education', credits: 20, counts: { subject: 'pe' }, verdicts: DIPLOMA },
    { id: 'ethnic', title: 'Ethnic studies', credits: 5, counts: { tag: 'ethnic-studies' }, verdicts: DIPLOMA },
    { id: 'total', title: 'Total credits', credits: 210, counts: {}, verdicts: DIPLOMA },
  ],
  onTrack: { requirement: 'total', verdict: 'diploma', benchmarks: { 10: 50, 11: 105, 12: 160 } },
};
