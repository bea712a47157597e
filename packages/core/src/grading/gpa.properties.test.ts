// Properties of the GPA engine over random transcripts (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GpaDocument, Mark, Transcript } from '../formats/transcript.ts';
import { markArbitrary, shuffleAcrossTerms, transcriptArbitrary } from '../testing/arbitraries.ts';
import { ca2026, csuGpa, ucGpa } from './ca-2026.ts';
import { buildCourseModel } from './course-model.ts';
import { computeGpa, evaluateGpa } from './gpa.ts';

const RUNS = { numRuns: 300 };

/** Each GPA of ca-2026 as an exact fraction [numerator, count]. */
function fractions(d: GpaDocument): Record<string, [number, number]> {
  const uc = d.uc as Record<string, number>;
  const csu = d.csu as Record<string, number>;
  const district = d.district as Record<string, number>;
  return {
    'uc.unweighted': [uc.points!, uc.count!],
    'uc.weightedCapped': [uc.points! + uc.bonusCapped!, uc.count!],
    'uc.fullyWeighted': [uc.points! + uc.bonusUncapped!, uc.count!],
    'csu.weighted': [csu.points! + csu.bonus!, csu.count!],
    'district.unweighted': [district.points!, district.count!],
    'district.weighted': [district.points! + district.bonus!, district.count!],
  };
}

/** a/b ≤ c/d, exactly. */
const atMost = ([a, b]: [number, number], [c, d]: [number, number]) => a * d <= c * b;

function withMark(t: Transcript, added: Mark, at: number): Transcript {
  const marks = [...t.marks];
  marks.splice(at % (marks.length + 1), 0, added);
  return { ...t, marks };
}

describe('GPA properties', () => {
  it('the order of marks across terms never changes a result', () => {
    fc.assert(
      fc.property(transcriptArbitrary, fc.integer(), (t, seed) => {
        const order = shuffleAcrossTerms(t.marks, seed);
        const before = computeGpa(t, ca2026);
        const after = computeGpa({ ...t, marks: order.map((i) => t.marks[i]!) }, ca2026);
        expect({ ...after, explanation: null }).toEqual({ ...before, explanation: null });
        expect(after.explanation).toEqual(order.map((i) => before.explanation[i]));
      }),
      RUNS,
    );
  });

  it('adding an F never raises any GPA', () => {
    // The F may be a new course or a new attempt of one on the transcript, taken after every
    // mark already there: an F slipped in before a course's first attempt would itself become
    // the first attempt, and the repeat rule would then let a later D replace it (gpa.md: the
    // first repeat replaces the original, whatever its letter). One more exception is built into
    // gpa.md: an F that replaces a college course's D or F counts once where the college mark
    // counted twice for CSU, so CSU is checked only for an F of a new course.
    const f = fc
      .record({ m: markArbitrary, isNew: fc.boolean() })
      .map(({ m, isNew }) => ({ ...m, course: isNew ? 'NEW' : m.course, mark: 'F' as const, repeats: null, ...(isNew ? {} : { schoolYear: '2031-32', term: 'S1' as const }) }));
    fc.assert(
      fc.property(transcriptArbitrary, f, fc.nat(), (t, added, at) => {
        const before = fractions(computeGpa(t, ca2026));
        const after = fractions(computeGpa(withMark(t, added, at), ca2026));
        for (const key of Object.keys(before)) {
          if (before[key]![1] === 0 || after[key]![1] === 0) continue;
          if (key === 'csu.weighted' && added.course !== 'NEW') continue;
          expect(atMost(after[key]!, before[key]!), key).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('adding an F can raise CSU only by replacing a college course counted twice', () => {
    const college = { course: 'M', gradeLevel: 10, ag: 'b', honors: 'college', mark: 'F' } as const;
    const t: Transcript = { student: { id: '1', gradeLevel: 12, residency: 'resident', cohort: null }, marks: [], inProgress: [] };
    const base = { repeats: null, title: null, schoolYear: '2024-25', credits: 5, ucHonors: false, subject: null, tags: [], language: null };
    const marks: Mark[] = [
      { ...base, ...college, term: 'S1' },
      { ...base, course: 'A', gradeLevel: 10, ag: 'b', honors: 'none', mark: 'A', term: 'S1' },
    ];
    const before = computeGpa({ ...t, marks }, ca2026).csu as Record<string, number>;
    const after = computeGpa({ ...t, marks: [...marks, { ...base, ...college, honors: 'none', term: 'S2' }] }, ca2026).csu as Record<string, number>;
    expect([before.points, before.count, after.points, after.count]).toEqual([4, 3, 4, 2]);
  });

  it('adding an honors A never lowers the fully weighted GPA', () => {
    const honorsA = markArbitrary.map((m) => ({ ...m, mark: 'A' as const, honors: 'ap' as const, ucHonors: true, repeats: null }));
    fc.assert(
      fc.property(transcriptArbitrary, honorsA, fc.nat(), (t, added, at) => {
        const before = fractions(computeGpa(t, ca2026))['uc.fullyWeighted']!;
        const after = fractions(computeGpa(withMark(t, added, at), ca2026))['uc.fullyWeighted']!;
        if (before[1] > 0) expect(atMost(before, after)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the capped bonus never exceeds 8, nor 4 from grade 10', () => {
    fc.assert(
      fc.property(transcriptArbitrary, (t) => {
        const model = buildCourseModel(t);
        for (const gpa of [ucGpa, csuGpa]) {
          const { tally } = evaluateGpa(model, gpa);
          const h10 = tally.honorsByGrade.get(10) ?? 0;
          const h11 = tally.honorsByGrade.get(11) ?? 0;
          expect(tally.bonusCapped).toBeLessThanOrEqual(8);
          expect(tally.bonusCapped).toBeLessThanOrEqual(4 + h11);
          expect(tally.bonusCapped).toBe(Math.min(8, Math.min(4, h10) + h11));
          expect(tally.bonusUncapped).toBe(h10 + h11);
        }
      }),
      RUNS,
    );
  });

  it('earns no more credits than attempted, and every explanation says counted or excluded', () => {
    fc.assert(
      fc.property(transcriptArbitrary, (t) => {
        const d = computeGpa(t, ca2026);
        expect(d.credits.earned).toBeLessThanOrEqual(d.credits.attempted);
        for (const line of d.explanation) for (const gpa of ['uc', 'csu', 'district']) expect(line[gpa]).toMatch(/^(counted|excluded)\b/);
      }),
      RUNS,
    );
  });
});
