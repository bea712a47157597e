import highs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomSectioningInstance } from './random-instance.ts';
import { scheduleStudents } from './sectioning-engine.ts';
import { solveSectioningMilp, type LpSolver } from './sectioning-milp.ts';
import { checkHardRules, scoreSectioning } from './sectioning-score.ts';

/**
 * Optimality evidence: small schools solved exactly by HiGHS (a MILP over students and section
 * times, with capacity, clashes, one section per request and a course at most once), against
 * which the engine must meet as many required requests as the proven maximum and score within
 * 0.5% of the proven best score.
 */
const GAP = 0.005;
let solver: LpSolver;
beforeAll(async () => {
  solver = (await highs()) as unknown as LpSolver;
});

describe('sectioning against the proven optimum (HiGHS)', () => {
  const seeds = Array.from({ length: 16 }, (_, i) => i + 1);
  it(`meets the most required requests and scores within ${GAP * 100}% of the optimum on ${seeds.length} random schools`, () => {
    let optimumTotal = 0;
    let engineTotal = 0;
    for (const seed of seeds) {
      const instance = randomSectioningInstance({ seed });
      const best = solveSectioningMilp(solver, instance, { objective: 'score' });
      const mostRequired = solveSectioningMilp(solver, instance, { objective: 'required' });
      expect(best.status).toBe('Optimal');
      expect(mostRequired.status).toBe('Optimal');
      const result = scheduleStudents(instance, { seed: 1 });
      expect(checkHardRules(instance, result)).toEqual([]);
      const score = scoreSectioning(instance, result);
      expect({ seed, requiredMet: score.requiredMet }).toEqual({ seed, requiredMet: mostRequired.objective });
      expect(score.score, `seed ${seed}`).toBeLessThanOrEqual(best.objective + 1e-9);
      expect(score.score, `seed ${seed}`).toBeGreaterThanOrEqual(best.objective * (1 - GAP) - 1e-9);
      optimumTotal += best.objective;
      engineTotal += score.score;
    }
    expect(engineTotal / optimumTotal).toBeGreaterThanOrEqual(0.999);
  });

  it('has an LP relaxation no lower than the optimum and an all-seats-free bound no lower either', () => {
    for (const seed of [3, 11, 29]) {
      const instance = randomSectioningInstance({ seed });
      const best = solveSectioningMilp(solver, instance);
      const relaxed = solveSectioningMilp(solver, instance, { relax: true });
      expect(relaxed.objective).toBeGreaterThanOrEqual(best.objective - 1e-6);
      const result = scheduleStudents(instance, { seed: 1 });
      expect(Number(result.stats.boundScore)).toBeGreaterThanOrEqual(best.objective - 1e-6);
    }
  });

  it('proves a tight school with seats for only one of two students', () => {
    const instance = {
      format: 'homeroom.sectioning/v1' as const,
      slots: ['S1-P1', 'S2-P1'],
      courses: [{ id: 'APCALC' }, { id: 'BAND' }],
      sections: [
        { id: 'APCALC-01', course: 'APCALC', slots: ['S1-P1', 'S2-P1'], capacity: 1 },
        { id: 'BAND-01', course: 'BAND', slots: ['S1-P1', 'S2-P1'], capacity: 1 },
      ],
      students: [
        { id: 'a', requests: [{ course: 'APCALC', required: false, alternates: ['BAND'] }] },
        { id: 'b', requests: [{ course: 'APCALC', required: true }] },
      ],
    };
    const best = solveSectioningMilp(solver, instance);
    expect(best.objective).toBe(10.9);
    const score = scoreSectioning(instance, scheduleStudents(instance));
    expect(score.score).toBe(10.9);
  });
});
