import { describe, expect, it } from 'vitest';
import { checkMasterSchedule } from './master-schedule-checks.ts';

const instance = {
  format: 'homeroom.sectioning/v1' as const,
  slots: ['S1-P1', 'S1-P2', 'S2-P1', 'S2-P2'],
  courses: [{ id: 'APCALC' }, { id: 'APBIO' }, { id: 'APUSH' }, { id: 'ENG11' }],
  sections: [
    { id: '1', course: 'APCALC', slots: ['S1-P1', 'S2-P1'], capacity: 30 },
    { id: '2', course: 'APBIO', slots: ['S1-P1', 'S2-P1'], capacity: 30 },
    { id: '3', course: 'APUSH', slots: ['S1-P1', 'S2-P1'], capacity: 30 },
    { id: '4', course: 'ENG11', slots: ['S1-P2', 'S2-P2'], capacity: 2 },
  ],
  students: Array.from({ length: 6 }, (_, i) => ({
    id: String(i),
    requests: [
      { course: 'APCALC', required: i < 4 },
      { course: 'APBIO', required: i < 2 },
      { course: 'ENG11', required: true },
    ],
  })),
};

describe('master schedule checks', () => {
  it('names singletons that clash for many students, with how many need both', () => {
    const warnings = checkMasterSchedule(instance);
    expect(warnings.find((w) => w.kind === 'singleton-clash')).toMatchObject({ courses: ['APBIO', 'APCALC'], slots: ['S1-P1', 'S2-P1'], students: 6, requiredStudents: 2 });
  });

  it('names a group whose every section meets in one period (all AP in period 1)', () => {
    const warnings = checkMasterSchedule(instance, { groups: [{ name: 'AP', courses: ['APCALC', 'APBIO', 'APUSH'] }] });
    expect(warnings.find((w) => w.kind === 'group-in-one-period')).toMatchObject({ group: 'AP', slots: ['S1-P1', 'S2-P1'] });
  });

  it('names courses with more requests than seats', () => {
    expect(checkMasterSchedule(instance).find((w) => w.kind === 'more-requests-than-seats')).toMatchObject({ course: 'ENG11', requests: 6, seats: 2 });
  });

  it('stays quiet below the clash threshold', () => {
    expect(checkMasterSchedule(instance, { minimumClashStudents: 7 }).filter((w) => w.kind === 'singleton-clash')).toEqual([]);
  });
});
