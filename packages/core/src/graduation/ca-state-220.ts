// Requirement set `ca-state-220`: a generic state-minimum diploma, the California Education Code
// §51225.3 course list (3 years English, 2 math, 2 science, 3 social science, 1 arts, language
// or CTE, 2 PE) on a 220-credit total that many districts add. It counts by district `subject`
// rather than by A-G area and has one verdict, which is what shows the engine is not LAUSD's.
import type { RequirementSet } from './requirement-set.ts';

const DIPLOMA = ['diploma'] as const;

export const caState220: RequirementSet = {
  name: 'ca-state-220',
  description: 'California state minimum course list (Ed. Code 51225.3) with a 220-credit total',
  verdicts: [{ id: 'diploma', title: 'Diploma', counts: 'first-passing' }],
  requirements: [
    { id: 'english', title: 'English', credits: 30, counts: { subject: 'english' }, verdicts: DIPLOMA },
    { id: 'math', title: 'Mathematics', credits: 20, counts: { subject: 'math' }, verdicts: DIPLOMA },
    { id: 'science', title: 'Science', credits: 20, counts: { subject: 'science' }, verdicts: DIPLOMA },
    { id: 'social', title: 'Social science', credits: 30, counts: { subject: 'social' }, verdicts: DIPLOMA },
    { id: 'arts-language-cte', title: 'Arts, a language other than English, or CTE', credits: 10, counts: { subject: ['arts', 'language', 'cte'] }, verdicts: DIPLOMA },
    { id: 'pe', title: 'Physical education', credits: 20, counts: { subject: 'pe' }, verdicts: DIPLOMA },
    { id: 'total', title: 'Total credits', credits: 220, counts: {}, verdicts: DIPLOMA },
  ],
  // A quarter of the total a year: 55 at the start of grade 10, 110 of 11, 165 of 12.
  onTrack: { requirement: 'total', verdict: 'diploma', benchmarks: { 10: 55, 11: 110, 12: 165 } },
};
