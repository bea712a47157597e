import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSectioningInstance, validateSectioningInstance } from './sectioning.ts';

const exampleText = readFileSync(new URL('../scheduling/fixtures/sectioning-example.json', import.meta.url), 'utf8');

function base() {
  return {
    format: 'homeroom.sectioning/v1',
    slots: ['S1-P1', 'S1-P2', 'S2-P1', 'S2-P2'],
    courses: [
      { id: 'ENG10', title: 'English 10', term: 'year' },
      { id: 'ART1', title: 'Art', term: 'year' },
      { id: 'RSP', title: 'Resource', term: 'year' },
    ],
    sections: [
      { id: 'ENG10-01', course: 'ENG10', slots: ['S1-P1', 'S2-P1'], capacity: 34, teacher: 'T001', room: 'R101' },
      { id: 'RSP-01', course: 'RSP', slots: ['S1-P1', 'S2-P1'], capacity: 1 },
      { id: 'RSP-02', course: 'RSP', slots: ['S1-P2', 'S2-P2'], capacity: 15 },
    ],
    students: [
      {
        id: '100234',
        grade: 10,
        requests: [{ course: 'ENG10', required: true, priority: 1, alternates: [] }],
        unavailableSlots: [] as string[],
        fixed: [] as string[],
      },
    ] as Array<Record<string, unknown>>,
  };
}

describe('validateSectioningInstance', () => {
  it('accepts the example and ignores unknown fields', () => {
    const parsed = parseSectioningInstance(exampleText);
    expect(parsed.ok).toBe(true);
    const data = { ...base(), extra: { anything: true } };
    (data.sections[0] as Record<string, unknown>).color = 'blue';
    const v = validateSectioningInstance(data);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.instance.sections[0]).not.toHaveProperty('color');
  });

  it('fills in optional fields', () => {
    const data = base();
    data.students = [{ id: 7, requests: [{ course: 'ART1' }] }];
    const v = validateSectioningInstance(data);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.instance.students[0]).toMatchObject({ id: '7', unavailableSlots: [], fixed: [] });
      expect(v.instance.students[0]!.requests[0]).toMatchObject({ required: false, alternates: [] });
    }
  });

  it('allows a request for a course with no sections', () => {
    const data = base();
    data.students[0]!.requests = [{ course: 'ART1' }];
    expect(validateSectioningInstance(data).ok).toBe(true);
  });

  it('names the student, request and field of an unknown course', () => {
    const data = base();
    data.students[0]!.requests = [{ course: 'ENG10' }, { course: 'XYZ', alternates: ['ART1', 'ABC'] }];
    const v = validateSectioningInstance(data);
    expect(v).toEqual({
      ok: false,
      kind: 'invalid',
      errors: [
        "student 100234: request 2: course 'XYZ' is not a course of the instance",
        "student 100234: request 2: alternate 'ABC' is not a course of the instance",
      ],
    });
    expect(validateSectioningInstance(data, { unknownCourses: 'unmet' }).ok).toBe(true);
  });

  it('names the object of a shape error', () => {
    const data = base();
    (data.sections[0] as Record<string, unknown>).capacity = 'lots';
    data.students[0]!.requests = [{ required: true }];
    const v = validateSectioningInstance(data);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors.some((e) => e.startsWith('section ENG10-01: capacity:'))).toBe(true);
      expect(v.errors.some((e) => e.startsWith('student 100234: request 1: course:'))).toBe(true);
    }
  });

  it('reports duplicates and unknown slots and courses of sections', () => {
    const data = base();
    data.sections.push({ id: 'ENG10-01', course: 'ENG10', slots: ['S3-P1'], capacity: 30 } as never);
    data.sections.push({ id: 'BIO-01', course: 'BIO', slots: ['S1-P1'], capacity: 30 } as never);
    data.students.push({ id: '100234', requests: [], unavailableSlots: ['S9-P9'] });
    const v = validateSectioningInstance(data);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.kind).toBe('invalid');
      expect(v.errors).toContain('section ENG10-01: id is used twice');
      expect(v.errors).toContain("section ENG10-01: slot 'S3-P1' is not a slot of the instance");
      expect(v.errors).toContain("section BIO-01: course 'BIO' is not a course of the instance");
      expect(v.errors).toContain('student 100234: id is used twice');
      expect(v.errors).toContain("student 100234: unavailableSlots: 'S9-P9' is not a slot of the instance");
    }
  });

  it('rejects a wrong format and unreadable JSON', () => {
    expect(validateSectioningInstance({ ...base(), format: 'homeroom.master/v1' }).ok).toBe(false);
    const bad = parseSectioningInstance('{ not json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^not valid JSON/);
  });

  it('reports fixed sections that break the hard rules as infeasible', () => {
    const data = base();
    data.students = [
      { id: 's1', requests: [], fixed: ['RSP-01', 'ENG10-01'] },
      { id: 's2', requests: [], fixed: ['RSP-01'] },
      { id: 's3', requests: [], fixed: ['RSP-02'], unavailableSlots: ['S2-P2'] },
      { id: 's4', requests: [], fixed: ['RSP-09'] },
      { id: 's5', requests: [], fixed: ['RSP-02', 'RSP-01'] },
    ];
    const v = validateSectioningInstance(data);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.kind).toBe('infeasible');
      expect(v.errors).toEqual([
        'student s1: fixed sections RSP-01 and ENG10-01 both meet in S1-P1',
        'student s1: fixed sections RSP-01 and ENG10-01 both meet in S2-P1',
        'student s3: fixed section RSP-02 meets in S2-P2, one of the student\'s unavailable slots',
        'student s4: fixed section RSP-09 is not a section of the instance',
        'student s5: fixed sections RSP-02 and RSP-01 are both of course RSP',
        'section RSP-01: 3 students are fixed in it but it has 1 seats',
      ]);
    }
  });
});
