import { describe, expect, it } from 'vitest';
import { validateSectioningInstance } from '../formats/sectioning.ts';
import { scheduleStudents } from './sectioning-engine.ts';
import { checkHardRules, scoreSectioning } from './sectioning-score.ts';
import { generateSchoolDemand, generateSyntheticSchool } from './synthetic-school.ts';

describe('generateSyntheticSchool', () => {
  const school = generateSyntheticSchool({ students: 600, periods: 6, seed: 9 });

  it('is a valid, feasible instance and the same for the same seed', () => {
    expect(validateSectioningInstance(school).ok).toBe(true);
    expect(generateSyntheticSchool({ students: 600, periods: 6, seed: 9 })).toEqual(school);
    expect(generateSyntheticSchool({ students: 600, periods: 6, seed: 10 })).not.toEqual(school);
  });

  it('never double-books a teacher or a room', () => {
    for (const key of ['teacher', 'room'] as const) {
      const busy = new Set<string>();
      for (const section of school.sections) {
        for (const slot of section.slots) {
          const mark = `${section[key]}@${slot}`;
          expect(busy.has(mark), `${key} ${mark}`).toBe(false);
          busy.add(mark);
        }
      }
    }
  });

  it('has the shape of a high school', () => {
    const grades = new Set(school.students.map((s) => s.grade));
    expect([...grades].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([9, 10, 11, 12]);
    expect(school.slots).toEqual(['S1-P1', 'S1-P2', 'S1-P3', 'S1-P4', 'S1-P5', 'S1-P6', 'S2-P1', 'S2-P2', 'S2-P3', 'S2-P4', 'S2-P5', 'S2-P6']);
    const terms = new Set(school.sections.map((s) => s.slots.length));
    expect(terms).toEqual(new Set([1, 2]));
    expect(school.students.some((s) => s.fixed.length > 0)).toBe(true);
    expect(school.students.some((s) => s.unavailableSlots.length > 0)).toBe(true);
    expect(school.students.some((s) => s.requests.some((r) => r.alternates.length > 0))).toBe(true);
    const seniors = school.students.filter((s) => s.grade === 12);
    expect(seniors.every((s) => s.requests.some((r) => r.course === 'GOV' && r.required))).toBe(true);
  });

  it('sizes sections from the tally, so a good scheduler meets every required request that seats allow', () => {
    const result = scheduleStudents(school, { seed: 1 });
    expect(checkHardRules(school, result)).toEqual([]);
    const score = scoreSectioning(school, result);
    // The few left are shut out by a fixed section or a work-experience period, not by seats:
    // the all-seats-free bound (and the MILP) agree.
    expect(score.requiredMet).toBe(result.stats.boundRequiredMet);
    expect(score.requiredMet).toBeGreaterThanOrEqual(score.requiredTotal - 5);
  });

  it('is tighter with tightness 1', () => {
    const seats = (tightness: number) => generateSchoolDemand({ students: 600, seed: 9, tightness }).courses.reduce((sum, c) => sum + c.sections * c.capacity, 0);
    expect(seats(1)).toBeLessThan(seats(0));
  });
});
