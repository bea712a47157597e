// fast-check arbitraries of transcripts, small enough that repeats, shared codes, summer marks
// and in-progress repeats happen often.
import fc from 'fast-check';
import { AG_AREAS, HONORS_KINDS, LETTER_MARKS, NON_LETTER_MARKS, SUBJECTS, type InProgressCourse, type Mark, type Transcript } from '../formats/transcript.ts';
import { seededRandom } from '../random.ts';
import { schoolYearOf } from './transcripts.ts';

const CODES = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8'];
const TAGS = ['world-history', 'us-history', 'gov', 'econ', 'health', 'ethnic-studies', 'biological', 'physical'];

const entryFields = {
  course: fc.constantFrom(...CODES),
  repeats: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...CODES, 'GONE') }),
  gradeLevel: fc.integer({ min: 8, max: 12 }),
  term: fc.constantFrom('S1' as const, 'S2' as const, 'SU' as const),
  credits: fc.constantFrom(0, 2.5, 5, 5, 5, 10),
  ag: fc.constantFrom(null, ...AG_AREAS),
  honors: fc.constantFrom(...HONORS_KINDS),
  ucHonors: fc.boolean(),
  subject: fc.constantFrom(null, ...SUBJECTS),
  tags: fc.subarray(TAGS, { maxLength: 2 }),
  language: fc.constantFrom('spanish', 'french'),
};

function finish<T extends { gradeLevel: number; ag: string | null; language: string }>(entry: T) {
  return { ...entry, title: null, schoolYear: schoolYearOf(entry.gradeLevel), language: entry.ag === 'e' ? entry.language : null };
}

export const markValueArbitrary = fc.constantFrom(...LETTER_MARKS, ...LETTER_MARKS, ...NON_LETTER_MARKS);

export const markArbitrary: fc.Arbitrary<Mark> = fc.record({ ...entryFields, mark: markValueArbitrary }).map((m) => finish(m) as Mark);

export const inProgressArbitrary: fc.Arbitrary<InProgressCourse> = fc.record(entryFields).map((m) => finish(m) as InProgressCourse);

export const transcriptArbitrary: fc.Arbitrary<Transcript> = fc.record({
  gradeLevel: fc.integer({ min: 8, max: 12 }),
  residency: fc.constantFrom('resident' as const, 'nonresident' as const),
  marks: fc.array(markArbitrary, { maxLength: 30 }),
  inProgress: fc.array(inProgressArbitrary, { maxLength: 5 }),
}).map(({ gradeLevel, residency, marks, inProgress }) => ({ student: { id: '1', gradeLevel, residency, cohort: null }, marks, inProgress }));

/**
 * A reordering of marks that keeps the order of marks within one term (which the rules read),
 * and moves everything else: `order[k]` is the index of the mark placed at position k.
 */
export function shuffleAcrossTerms(marks: readonly Mark[], seed: number): number[] {
  const random = seededRandom(seed);
  const positions = marks.map((_, i) => i);
  for (let i = positions.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  const termOf = (i: number) => `${marks[i]!.schoolYear} ${marks[i]!.term}`;
  const queues = new Map<string, number[]>();
  for (let i = 0; i < marks.length; i++) {
    const queue = queues.get(termOf(i)) ?? [];
    queue.push(i);
    queues.set(termOf(i), queue);
  }
  // Each position keeps the term of the mark shuffled into it, and takes that term's marks in order.
  return positions.map((i) => queues.get(termOf(i))!.shift()!);
}
