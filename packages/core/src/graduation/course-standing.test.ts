import { describe, expect, it } from 'vitest';
import type { CourseEntry, Mark, Transcript } from '../formats/transcript.ts';
import { auditTranscript } from './audit.ts';
import { proposeCourseRequests, type CatalogCourse } from './course-requests.ts';
import { courseRefusals, courseStandings, describeRefusal, type CourseRules } from './course-standing.ts';
import { requirementSets } from './requirement-sets.ts';

const entry = (course: string, schoolYear: string, term: 'S1' | 'S2' | 'SU', extra: Partial<CourseEntry> = {}): CourseEntry => ({
  course, gradeLevel: 10, schoolYear, term, credits: 5, repeats: null, title: null, ag: null, honors: 'none', ucHonors: false, subject: null, tags: [], language: null, ...extra,
});
const mark = (course: string, value: Mark['mark'], schoolYear: string, term: 'S1' | 'S2' | 'SU', extra: Partial<Mark> = {}): Mark => ({ ...entry(course, schoolYear, term, extra), mark: value, ...extra });
const transcript = (marks: Mark[], inProgress: CourseEntry[] = []): Transcript => ({ student: { id: 's1', gradeLevel: 11, residency: 'resident', cohort: 2027 }, marks, inProgress });
const rules = (code: string, extra: Partial<CourseRules> = {}): CourseRules => ({ code, title: `COURSE ${code}`, repeatableForCredit: false, prerequisites: [], ...extra });
const refusalsFor = (t: Transcript, course: CourseRules) => courseRefusals(t, courseStandings(t), course);

describe('passed courses', () => {
  it('refuses a course passed with C or better, naming the mark and the term that passed it', () => {
    const t = transcript([mark('310101', 'B', '2024-25', 'S1')]);
    const refusals = refusalsFor(t, rules('310101', { title: 'ALGEBRA 1A' }));
    expect(refusals).toEqual([{ code: 'course-already-passed', course: '310101', title: 'ALGEBRA 1A', passedWith: { course: '310101', mark: 'B', term: '2024-25 S1' } }]);
    expect(describeRefusal(refusals[0]!)).toBe('ALGEBRA 1A (310101) was already passed with B in 2024-25 S1');
  });

  it('allows the one repeat of a D or an F, and refuses a D whose repeat was taken', () => {
    expect(refusalsFor(transcript([mark('310101', 'D', '2024-25', 'S1')]), rules('310101'))).toEqual([]);
    expect(refusalsFor(transcript([mark('310101', 'F', '2024-25', 'S1')]), rules('310101'))).toEqual([]);
    const repeated = transcript([mark('310101', 'D', '2024-25', 'S1'), mark('310101', 'F', '2024-25', 'SU')]);
    expect(refusalsFor(repeated, rules('310101'))).toMatchObject([{ code: 'course-already-passed', passedWith: { mark: 'D', term: '2024-25 S1' } }]);
  });

  it('allows another attempt of a course failed twice: its credit is still needed', () => {
    const t = transcript([mark('250101', 'F', '2024-25', 'S1'), mark('250101', 'F', '2025-26', 'S1')]);
    expect(courseStandings(t).byCode.get('250101')).toMatchObject({ kind: 'not-passed' });
    expect(refusalsFor(t, rules('250101'))).toEqual([]);
  });

  it('counts P and CR as passed, and a course passed under a credit-recovery code as passed under its own', () => {
    expect(refusalsFor(transcript([mark('400101', 'P', '2024-25', 'S1')]), rules('400101'))).toMatchObject([{ code: 'course-already-passed' }]);
    const recovered = transcript([mark('310101', 'F', '2024-25', 'S1'), mark('810101', 'C', '2024-25', 'SU', { repeats: '310101' })]);
    const [refusal] = refusalsFor(recovered, rules('310101', { title: 'ALGEBRA 1A' }));
    expect(refusal).toMatchObject({ code: 'course-already-passed', passedWith: { course: '810101', mark: 'C', term: '2024-25 SU' } });
    expect(describeRefusal(refusal!)).toBe('ALGEBRA 1A (310101) was already passed (as 810101) with C in 2024-25 SU');
  });

  it('allows a course that may be repeated for credit', () => {
    expect(refusalsFor(transcript([mark('450101', 'A', '2024-25', 'S1')]), rules('450101', { repeatableForCredit: true }))).toEqual([]);
  });
});

describe('prerequisites', () => {
  const geometry = rules('310201', { title: 'GEOMETRY A', prerequisites: [{ course: '310102', title: 'ALGEBRA 1B', minimumMark: 'C' }] });

  it('refuses a course whose prerequisite is not on the transcript, or is below its minimum', () => {
    expect(refusalsFor(transcript([]), geometry)).toEqual([
      { code: 'prerequisite-not-met', course: '310201', title: 'GEOMETRY A', prerequisite: { course: '310102', title: 'ALGEBRA 1B', minimumMark: 'C', best: null } },
    ]);
    const [refusal] = refusalsFor(transcript([mark('310102', 'C-', '2024-25', 'S2')]), geometry);
    expect(refusal).toMatchObject({ prerequisite: { best: { mark: 'C-', term: '2024-25 S2' } } });
    expect(describeRefusal(refusal!)).toBe('GEOMETRY A (310201) needs ALGEBRA 1B (310102) with C or better; the best mark is C- in 2024-25 S2');
  });

  it('is met by a mark at the minimum or above, by a credit-recovery repeat, or by the prerequisite being taken now', () => {
    expect(refusalsFor(transcript([mark('310102', 'D', '2024-25', 'S2'), mark('310102', 'C', '2024-25', 'SU')]), geometry)).toEqual([]);
    expect(refusalsFor(transcript([mark('310102', 'F', '2024-25', 'S2'), mark('810102', 'B', '2024-25', 'SU', { repeats: '310102' })]), geometry)).toEqual([]);
    expect(refusalsFor(transcript([], [entry('310102', '2026-27', 'S2')]), geometry)).toEqual([]);
  });

  it('is met by a course the catalog says also meets it, marked or being taken now, at its minimum', () => {
    const physics = rules('360301', { title: 'PHYSICS A', prerequisites: [{ course: '310302', title: 'ALGEBRA 2 B', minimumMark: 'C', alsoMetBy: ['310312'] }] });
    expect(refusalsFor(transcript([], [entry('310311', '2026-27', 'S1'), entry('310312', '2026-27', 'S2')]), physics)).toEqual([]);
    expect(refusalsFor(transcript([mark('310312', 'B', '2025-26', 'S2')]), physics)).toEqual([]);
    const [refusal] = refusalsFor(transcript([mark('310302', 'D', '2025-26', 'S1'), mark('310312', 'C-', '2025-26', 'S2')]), physics);
    expect(refusal).toMatchObject({ prerequisite: { best: { course: '310312', mark: 'C-' } } });
    expect(describeRefusal(refusal!)).toBe('PHYSICS A (360301) needs ALGEBRA 2 B (310302 or 310312) with C or better; the best mark is C- in 2025-26 S2');
  });
});

describe('course requests read the same standing', () => {
  const set = requirementSets.get('lausd-2027');
  const band: CatalogCourse = { code: '450101', title: 'BAND', credits: 5, ag: 'f', subject: 'arts', tags: [], language: null, lowGrade: 9, highGrade: 12, nextSemester: null, followedBy: [] };
  const propose = (t: Transcript, course: CatalogCourse) => proposeCourseRequests({ transcript: t, audit: auditTranscript(t, set), set, catalog: [course], nextGrade: 12, choices: [{ course: course.code }] });

  it("keeps a student's choice of a course passed before only when it may be repeated for credit", () => {
    const t = transcript([mark('450101', 'A', '2025-26', 'S1')]);
    expect(propose(t, band).map((r) => r.course)).toEqual([]);
    expect(propose(t, { ...band, repeatableForCredit: true }).map((r) => r.course)).toEqual(['450101']);
  });
});

describe('course requests keep to prerequisites', () => {
  const set = requirementSets.get('lausd-2027');
  const chemistry: CatalogCourse = { code: '360101', title: 'CHEMISTRY A', credits: 5, ag: 'd', subject: 'science', tags: [], language: null, lowGrade: 9, highGrade: 12, nextSemester: null, followedBy: [], prerequisites: [{ course: '310101', minimumMark: 'C' }] };
  const propose = (t: Transcript) => proposeCourseRequests({ transcript: t, audit: auditTranscript(t, set), set, catalog: [chemistry], nextGrade: 12, choices: [{ course: '360101' }] }).map((r) => r.course);

  it('never requests a course whose prerequisite is not met, and requests it when met or being taken now', () => {
    expect(propose(transcript([mark('310101', 'D', '2025-26', 'S1')]))).toEqual([]);
    expect(propose(transcript([mark('310101', 'C', '2025-26', 'S1')]))).toEqual(['360101']);
    expect(propose(transcript([], [entry('310101', '2026-27', 'S1')]))).toEqual(['360101']);
  });
});
