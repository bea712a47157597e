import { describe, expect, it } from 'vitest';
import { course, mark, transcript } from '../testing/transcripts.ts';
import { buildCourseModel, letterPoints, passes } from './course-model.ts';
import { applyRepeatRule, RepeatStatus } from './repeat-rule.ts';

describe('course model', () => {
  it('joins codes by repeats links, transitively, whatever the listing order', () => {
    const model = buildCourseModel(
      transcript([
        mark({ course: '710101', repeats: '810101' }),
        mark({ course: '999999' }),
        mark({ course: '310101' }),
        mark({ course: '810101', repeats: '310101' }),
      ]),
    );
    const [a, other, b, c] = model.courseOf;
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(other).not.toBe(a);
    expect(model.courseCount).toBe(2);
  });

  it('orders entries by school year, then S1 < S2 < SU, then marks before in-progress courses, then listing order', () => {
    const model = buildCourseModel(
      transcript(
        [
          mark({ gradeLevel: 11, term: 'S1' }), // 0
          mark({ gradeLevel: 10, term: 'SU' }), // 1
          mark({ gradeLevel: 10, term: 'S2' }), // 2
          mark({ gradeLevel: 10, term: 'S2' }), // 3
          mark({ gradeLevel: 9, term: 'S1' }), // 4
        ],
        { inProgress: [course({ gradeLevel: 10, term: 'S2' }), course({ gradeLevel: 9, term: 'S1' })] }, // 5, 6
      ),
    );
    expect([...model.chronological]).toEqual([4, 6, 2, 3, 5, 1, 0]);
  });

  it('knows letters, passes and attempts', () => {
    expect(['A+', 'B-', 'C', 'D+', 'F', 'P', 'CR', 'NP', 'NC', 'I', 'W'].map((m) => letterPoints(m as never))).toEqual([4, 3, 2, 1, 0, -1, -1, -1, -1, -1, -1]);
    expect(['D-', 'P', 'CR', 'F', 'NP', 'NC', 'I', 'W'].map((m) => passes(m as never))).toEqual([true, true, true, false, false, false, false, false]);
  });
});

describe('repeat rule', () => {
  const outcome = (letters: string[]) => {
    const model = buildCourseModel(transcript(letters.map((m, i) => mark({ course: 'M', gradeLevel: 9 + Math.floor(i / 3), term: (['S1', 'S2', 'SU'] as const)[i % 3], mark: m as never }))));
    return [...applyRepeatRule(model, model.points).status];
  };
  const { Kept, Replaced, AlreadyPassed, AfterRepeat, NotConsidered } = RepeatStatus;

  it('keeps a first attempt of C or better and excludes the rest', () => {
    expect(outcome(['C', 'A', 'F'])).toEqual([Kept, AlreadyPassed, AlreadyPassed]);
  });
  it('replaces a D by the first repeat even when it is an F, then excludes the rest', () => {
    expect(outcome(['D', 'F', 'A', 'B'])).toEqual([Replaced, Kept, AfterRepeat, AfterRepeat]);
  });
  it('keeps a lone D or F', () => {
    expect(outcome(['F'])).toEqual([Kept]);
  });
  it('skips non-letter marks', () => {
    expect(outcome(['W', 'F', 'CR', 'B'])).toEqual([NotConsidered, Replaced, NotConsidered, Kept]);
  });
});
