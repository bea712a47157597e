import { describe, expect, it } from 'vitest';
import type { Mark, Transcript } from '../formats/transcript.ts';
import { auditTranscript } from './audit.ts';
import { proposeCourseRequests, type CatalogCourse } from './course-requests.ts';
import { requirementSets } from './requirement-sets.ts';

const set = requirementSets.get('lausd-2027');

function year(code: string, title: string, extra: Partial<CatalogCourse> = {}): CatalogCourse[] {
  const b = String(Number(code) + 1);
  return [
    { code, title: `${title} A`, credits: 5, ag: null, subject: null, tags: [], language: null, lowGrade: 9, highGrade: 12, nextSemester: b, followedBy: [], ...extra },
    { code: b, title: `${title} B`, credits: 5, ag: null, subject: null, tags: [], language: null, lowGrade: 9, highGrade: 12, nextSemester: null, followedBy: [], ...extra, ...(extra.followedBy ? { followedBy: extra.followedBy } : {}) },
  ];
}
const semester = (code: string, title: string, extra: Partial<CatalogCourse> = {}): CatalogCourse => ({ code, title, credits: 5, ag: null, subject: null, tags: [], language: null, lowGrade: 9, highGrade: 12, nextSemester: null, followedBy: [], ...extra });

const catalog: CatalogCourse[] = [
  ...year('230301', 'AMERICAN LITERATURE', { ag: 'b', subject: 'english', lowGrade: 11, highGrade: 11 }),
  ...year('230401', 'EXPOSITORY READING AND WRITING', { ag: 'b', subject: 'english', lowGrade: 12, highGrade: 12 }),
  ...year('310201', 'GEOMETRY', { ag: 'c', subject: 'math' }),
  ...year('310301', 'ALGEBRA 2', { ag: 'c', subject: 'math' }),
  semester('250101', 'ECONOMICS', { ag: 'g', subject: 'social', tags: ['econ'], lowGrade: 12 }),
  semester('250201', 'PRINCIPLES OF AMERICAN DEMOCRACY', { ag: 'a', subject: 'social', tags: ['gov'], lowGrade: 12 }),
  ...year('400101', 'CERAMICS', { ag: 'f', subject: 'arts' }),
  ...year('400201', 'YEARBOOK', { subject: 'elective' }),
];
// English 11B is followed by English 12A; Geometry B by Algebra 2 A.
catalog.find((c) => c.code === '230302')!.followedBy = ['230401'];
catalog.find((c) => c.code === '310202')!.followedBy = ['310301'];

const mark = (course: string, mark: Mark['mark'], grade: number, schoolYear: string, term: 'S1' | 'S2' | 'SU', extra: Partial<Mark> = {}): Mark => ({
  course, mark, gradeLevel: grade, schoolYear, term, credits: 5, repeats: null, title: null, ag: null, honors: 'none', ucHonors: false, subject: null, tags: [], language: null, ...extra,
});

function senior(marks: Mark[]): Transcript {
  return { student: { id: 's1', gradeLevel: 11, residency: 'resident', cohort: 2027 }, marks, inProgress: [] };
}

function propose(transcript: Transcript, choices: Array<{ course: string; alternates?: string[] }> = []) {
  return proposeCourseRequests({ transcript, audit: auditTranscript(transcript, set), set, catalog, nextGrade: 12, choices });
}

describe('course requests from the audit', () => {
  const base = [
    mark('230301', 'B', 11, '2025-26', 'S1', { ag: 'b', subject: 'english' }),
    mark('230302', 'C', 11, '2025-26', 'S2', { ag: 'b', subject: 'english' }),
    mark('310201', 'B', 10, '2024-25', 'S1', { ag: 'c', subject: 'math' }),
    mark('310202', 'B', 10, '2024-25', 'S2', { ag: 'c', subject: 'math' }),
  ];

  it('gives a senior missing Economics Economics, required, before any elective', () => {
    const requests = propose(senior(base), [{ course: '400201', alternates: ['400101'] }]);
    const econ = requests.find((r) => r.course === '250101')!;
    expect(econ).toMatchObject({ required: true, priority: 1, source: 'graduation-audit' });
    expect(econ.reason).toMatch(/econ/i);
    const yearbook = requests.findIndex((r) => r.course === '400201');
    expect(yearbook === -1 || yearbook > requests.indexOf(econ)).toBe(true);
  });

  it('asks for the next course of each sequence and never for a course already passed', () => {
    const requests = propose(senior(base));
    expect(requests.map((r) => r.course)).toContain('230401');
    expect(requests.map((r) => r.course)).toContain('310301');
    for (const passed of ['230301', '230302', '310201', '310202']) expect(requests.map((r) => r.course)).not.toContain(passed);
    expect(requests.find((r) => r.course === '230401')).toMatchObject({ required: true });
    expect(requests.find((r) => r.course === '310301')).toMatchObject({ source: expect.stringMatching(/sequence|graduation-audit/) });
  });

  it('repeats an F as required and offers to repeat a D in an A-G course, but never a course passed with C', () => {
    const requests = propose(senior([...base, mark('250201', 'F', 11, '2025-26', 'S1', { ag: 'a', tags: ['gov'] }), mark('400101', 'D', 11, '2025-26', 'S1', { ag: 'f', subject: 'arts' })]));
    expect(requests.find((r) => r.course === '250201')).toMatchObject({ required: true, source: 'repeat' });
    expect(requests.find((r) => r.course === '400101')).toMatchObject({ required: false, source: 'repeat' });
  });

  it('does not request a D or F again once it has been repeated', () => {
    const requests = propose(senior([...base, mark('250201', 'F', 11, '2025-26', 'S1', { ag: 'a', tags: ['gov'] }), mark('250201', 'D', 11, '2025-26', 'SU', { ag: 'a', tags: ['gov'] })]));
    expect(requests.map((r) => r.course)).not.toContain('250201');
  });

  it('keeps to the periods of the day, required requests always in', () => {
    const requests = proposeCourseRequests({ transcript: senior(base), audit: auditTranscript(senior(base), set), set, catalog, nextGrade: 12, choices: [{ course: '400201' }, { course: '400101' }], periods: 2 });
    expect(requests.every((r) => r.required)).toBe(true);
  });
});
