import { describe, expect, it } from 'vitest';
import { validateMasterInput } from '../formats/master.ts';
import { findMasterShortages } from './master-feasibility.ts';
import { buildSchoolModel } from './master-model.ts';
import { syntheticMasterInput } from './synthetic-master.ts';

describe('syntheticMasterInput', () => {
  it('makes a valid school with no shortage, the same for the same seed', () => {
    const school = syntheticMasterInput({ students: 800, seed: 4 });
    const validation = validateMasterInput(JSON.parse(JSON.stringify(school)));
    expect(validation.ok && findMasterShortages(buildSchoolModel(validation.input))).toEqual([]);
    expect(JSON.stringify(syntheticMasterInput({ students: 800, seed: 4 }))).toBe(JSON.stringify(school));
    expect(JSON.stringify(syntheticMasterInput({ students: 800, seed: 5 }))).not.toBe(JSON.stringify(school));
  });

  it('has what a real high school has: AP singletons, a band lock in first period, a part-time teacher, fixed resource students', () => {
    const school = syntheticMasterInput({ students: 2500 });
    expect(school.students).toHaveLength(2500);
    expect(school.courses.filter((c) => c.id.startsWith('AP') && c.sections === 1).length).toBeGreaterThanOrEqual(3);
    expect(school.locks).toContainEqual(expect.objectContaining({ course: 'BAND', slots: ['S1-P1', 'S2-P1'] }));
    expect(school.teachers.some((t) => t.maxSections < 5 && (t.unavailableSlots?.length ?? 0) > 0)).toBe(true);
    expect(school.students.filter((s) => s.fixed?.some((id) => String(id).startsWith('RSP-'))).length).toBeGreaterThan(50);
    expect(new Set(school.rooms.map((r) => r.type))).toEqual(new Set(['classroom', 'lab', 'gym', 'art', 'music']));
  });
});
