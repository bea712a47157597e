// Builders for hand-written test transcripts: every field has a sensible default, so a test
// says only what matters to it. The school year follows the grade level unless given
// (grade 9: 2023-24 … grade 12: 2026-27).
import type { InProgressCourse, Mark, Student, Transcript } from '../formats/transcript.ts';

let sequence = 0;

export function schoolYearOf(gradeLevel: number): string {
  const start = 2014 + gradeLevel;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function course(overrides: Partial<InProgressCourse> = {}): InProgressCourse {
  const gradeLevel = overrides.gradeLevel ?? 10;
  return {
    course: `C${++sequence}`,
    repeats: null,
    title: null,
    gradeLevel,
    schoolYear: schoolYearOf(gradeLevel),
    term: 'S1',
    credits: 5,
    ag: 'b',
    honors: 'none',
    ucHonors: false,
    subject: 'english',
    tags: [],
    language: null,
    ...overrides,
  };
}

export function mark(overrides: Partial<Mark> = {}): Mark {
  return { ...course(overrides), mark: overrides.mark ?? 'A' };
}

export function transcript(marks: Mark[], options: Partial<Student> & { inProgress?: InProgressCourse[] } = {}): Transcript {
  const { inProgress = [], ...student } = options;
  return { student: { id: '1', gradeLevel: 12, residency: 'resident', cohort: null, ...student }, marks, inProgress };
}
