import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSectioningInstance } from '../formats/sectioning.ts';
import { randomSectioningInstance } from './random-instance.ts';
import { scheduleStudents } from './sectioning-engine.ts';
import { checkHardRules, scoreSectioning } from './sectioning-score.ts';

const instances = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  students: fc.integer({ min: 1, max: 40 }),
  periods: fc.integer({ min: 1, max: 5 }),
  courses: fc.integer({ min: 1, max: 10 }),
  maxCapacity: fc.integer({ min: 1, max: 8 }),
});

describe('sectioning properties on random small schools', () => {
  it('never breaks a hard rule, and accounts for every request', () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 0, max: 1000 }), (options, seed) => {
        const instance = randomSectioningInstance(options);
        expect(validateSectioningInstance(instance).ok).toBe(true);
        const result = scheduleStudents(instance, { seed, patience: 300 });
        expect(checkHardRules(instance, result)).toEqual([]);
        const score = scoreSectioning(instance, result);
        expect(score.requestsMet + result.unmet.length).toBe(score.requestsTotal);
        for (const unmet of result.unmet) expect(unmet.reason).not.toBe('');
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same result for the same input and seed', () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 0, max: 1000 }), (options, seed) => {
        const instance = randomSectioningInstance(options);
        const first = scheduleStudents(instance, { seed, patience: 300 });
        const second = scheduleStudents(structuredClone(instance), { seed, patience: 300 });
        expect(second.assignments).toEqual(first.assignments);
        expect(second.unmet).toEqual(first.unmet);
      }),
      { numRuns: 30 },
    );
  });
});
