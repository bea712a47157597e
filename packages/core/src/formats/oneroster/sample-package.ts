// A small, invented district package for tests: one district, one high school, a school year with
// two semesters, two courses, two classes, two students, a teacher and a guardian, transcripts
// and the old system's figures. Every name is invented. Tests change one thing to see one problem.
import { formatCsv, headersOf, ONEROSTER_DATA_FILES, type OneRosterDataFile } from './csv-binding.ts';
import { HOMEROOM_COURSES_HEADERS, HOMEROOM_LEGACY_FIGURES_HEADERS, HOMEROOM_PROGRAMS_HEADERS } from './district-package.ts';

export type SamplePackage = Map<string, string>;

type Row = Record<string, string>;

function table(headers: readonly string[], rows: Row[]): string {
  return formatCsv([headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))]);
}

export function sampleRows(): Partial<Record<OneRosterDataFile, Row[]>> {
  return {
    orgs: [
      { sourcedId: 'ORG-D', name: 'Invented Unified', type: 'district', identifier: 'INV' },
      { sourcedId: 'ORG-H', name: 'Juniper High', type: 'school', identifier: 'JHS', parentSourcedId: 'ORG-D' },
    ],
    academicSessions: [
      { sourcedId: 'Y2026', title: '2026-27', type: 'schoolYear', startDate: '2026-08-01', endDate: '2027-07-31', schoolYear: '2027' },
      { sourcedId: 'Y2026-S1', title: 'Fall 2026', type: 'semester', startDate: '2026-08-10', endDate: '2027-01-22', parentSourcedId: 'Y2026', schoolYear: '2027' },
      { sourcedId: 'Y2026-S2', title: 'Spring 2027', type: 'semester', startDate: '2027-01-25', endDate: '2027-06-10', parentSourcedId: 'Y2026', schoolYear: '2027' },
      { sourcedId: 'Y2026-S1-Q1', title: 'Fall progress', type: 'gradingPeriod', startDate: '2026-08-10', endDate: '2026-10-09', parentSourcedId: 'Y2026-S1', schoolYear: '2027' },
    ],
    courses: [
      { sourcedId: 'C-ENG11A', schoolYearSourcedId: 'Y2026', title: 'ENGLISH 11A', courseCode: '230301', grades: '11', orgSourcedId: 'ORG-D', subjects: 'English Language and Literature' },
      { sourcedId: 'C-USHA', schoolYearSourcedId: 'Y2026', title: 'US HISTORY A', courseCode: '240101', grades: '11', orgSourcedId: 'ORG-D' },
    ],
    classes: [
      { sourcedId: 'K-ENG11A-1', title: 'English 11A (1)', grades: '11', courseSourcedId: 'C-ENG11A', classCode: 'ENG11A-01', classType: 'scheduled', location: '101', schoolSourcedId: 'ORG-H', termSourcedIds: 'Y2026-S1', periods: '1' },
      { sourcedId: 'K-USHA-1', title: 'US History A (2)', grades: '11', courseSourcedId: 'C-USHA', classCode: 'USHA-01', classType: 'scheduled', schoolSourcedId: 'ORG-H', termSourcedIds: 'Y2026-S1', periods: '2,3' },
    ],
    users: [
      { sourcedId: 'S1001', enabledUser: 'true', username: 's1001', givenName: 'Ada', familyName: 'Quill', identifier: '1001', grades: '11' },
      { sourcedId: 'S1002', enabledUser: 'true', username: 's1002', givenName: 'Ben', familyName: 'Rowan', identifier: '1002', grades: '11', agentSourcedIds: 'G3001' },
      { sourcedId: 'T2001', enabledUser: 'true', username: 't2001', givenName: 'Cleo', familyName: 'Marsh', identifier: 'E2001', email: 'cleo.marsh@invented.test' },
      { sourcedId: 'G3001', enabledUser: 'true', givenName: 'Dana', familyName: 'Rowan', email: 'dana@invented.test', phone: '555-0100', agentSourcedIds: 'S1002' },
    ],
    roles: [
      { sourcedId: 'R-S1001', userSourcedId: 'S1001', roleType: 'primary', role: 'student', orgSourcedId: 'ORG-H', beginDate: '2026-08-10' },
      { sourcedId: 'R-S1002', userSourcedId: 'S1002', roleType: 'primary', role: 'student', orgSourcedId: 'ORG-H', beginDate: '2026-08-10' },
      { sourcedId: 'R-T2001', userSourcedId: 'T2001', roleType: 'primary', role: 'teacher', orgSourcedId: 'ORG-H' },
      { sourcedId: 'R-G3001', userSourcedId: 'G3001', roleType: 'primary', role: 'parent', orgSourcedId: 'ORG-H' },
    ],
    enrollments: [
      { sourcedId: 'E1', classSourcedId: 'K-ENG11A-1', schoolSourcedId: 'ORG-H', userSourcedId: 'S1001', role: 'student', beginDate: '2026-08-10' },
      { sourcedId: 'E2', classSourcedId: 'K-ENG11A-1', schoolSourcedId: 'ORG-H', userSourcedId: 'S1002', role: 'student', beginDate: '2026-08-10' },
      { sourcedId: 'E3', classSourcedId: 'K-USHA-1', schoolSourcedId: 'ORG-H', userSourcedId: 'S1001', role: 'student', beginDate: '2026-08-10', endDate: '2026-12-18' },
      { sourcedId: 'E4', classSourcedId: 'K-ENG11A-1', schoolSourcedId: 'ORG-H', userSourcedId: 'T2001', role: 'teacher', primary: 'true', beginDate: '2026-08-10' },
    ],
    demographics: [
      { sourcedId: 'S1001', birthDate: '2010-03-14', sex: 'female', hispanicOrLatinoEthnicity: 'true', white: 'true' },
      { sourcedId: 'S1002', birthDate: '2010-07-02', sex: 'male', asian: 'true' },
    ],
  };
}

function transcriptLine(id: string, marks: [string, string, number][]): string {
  return JSON.stringify({
    format: 'homeroom.transcript/v1',
    student: { id, gradeLevel: 11 },
    marks: marks.map(([course, mark, gradeLevel], i) => ({
      course, mark, gradeLevel, schoolYear: gradeLevel === 10 ? '2025-26' : '2024-25', term: i % 2 === 0 ? 'S1' : 'S2', credits: 5,
      ag: 'b', honors: 'none', ucHonors: false, subject: 'english', tags: [],
    })),
  });
}

/** The package's files by name; `rows` replaces whole OneRoster tables. */
export function samplePackage(rows: Partial<Record<OneRosterDataFile, Row[]>> = {}, mode: 'bulk' | 'delta' = 'bulk'): SamplePackage {
  const data = { ...sampleRows(), ...rows };
  const files: SamplePackage = new Map();
  const manifest: string[][] = [['propertyName', 'value'], ['manifest.version', '1.0'], ['oneroster.version', '1.2']];
  for (const name of ONEROSTER_DATA_FILES) manifest.push([`file.${name}`, data[name] ? mode : 'absent']);
  manifest.push(['source.systemName', 'Invented SIS']);
  files.set('manifest.csv', formatCsv(manifest));
  for (const name of ONEROSTER_DATA_FILES) {
    const r = data[name];
    if (r) files.set(`${name}.csv`, table(headersOf(name), r));
  }
  files.set('homeroom-courses.csv', table(HOMEROOM_COURSES_HEADERS, [
    { courseSourcedId: 'C-ENG11A', credits: '5', term: 'sem', ag: 'b', honors: 'none', ucHonors: 'false', subject: 'english', tags: '' },
    { courseSourcedId: 'C-USHA', credits: '5', term: 'sem', ag: 'a', honors: 'none', ucHonors: 'false', subject: 'social', tags: 'us-history' },
  ]));
  files.set('homeroom-transcripts.jsonl', [
    transcriptLine('S1001', [['230101', 'A', 10], ['230102', 'B', 10]]),
    transcriptLine('S1002', [['230101', 'B+', 10], ['230102', 'C', 10]]),
  ].join('\n') + '\n');
  files.set('homeroom-programs.csv', table(HOMEROOM_PROGRAMS_HEADERS, [{ studentSourcedId: 'S1002', program: 'el', beginDate: '2020-08-15' }]));
  // S1001: A and B in grade 10 → 3.5 everywhere, 10 credits. S1002: B+ (3) and C (2) → 2.5.
  files.set('homeroom-legacy-figures.csv', table(HOMEROOM_LEGACY_FIGURES_HEADERS, [
    { studentSourcedId: 'S1001', ucGpa: '3.50', csuGpa: '3.5', districtGpa: '3.50', districtUnweightedGpa: '', creditsEarned: '10' },
    { studentSourcedId: 'S1002', ucGpa: '2.50', csuGpa: '2.5', districtGpa: '2.50', districtUnweightedGpa: '2.5', creditsEarned: '10.0' },
  ]));
  return files;
}

/** The package as the checker reads it. */
export function sampleFiles(pkg: SamplePackage): { name: string; text: string }[] {
  return [...pkg].map(([name, text]) => ({ name, text }));
}
