import { SUBJECTS, type AgArea, type CourseEntry, type HonorsKind, type Mark, type MarkValue, type Subject, type Term, type Transcript } from '@homeroom/core/formats/transcript';
import { districtToday } from '../../clock.ts';
import { coursesInProgress, marksForRecompute, standingEntries, transcriptStudents, type CourseInProgress, type StandingEntry } from './transcripts.repository.ts';
import type { Handle } from '../../db/handle.ts';

export interface StudentTranscript {
  studentId: number;
  schoolId: number | null;
  transcript: Transcript;
  /** The transcript_entry id of each mark, in the order of transcript.marks. */
  entryIds: number[];
  entries: StandingEntry[];
}

const subjectOf = (value: string | null): Subject | null => ((SUBJECTS as readonly string[]).includes(value ?? '') ? (value as Subject) : null);

function courseEntry(row: {
  course: string; repeats: string | null; title: string | null; grade_level: number; school_year: string; term: string; credits: string;
  ag_area: string | null; honors: string; uc_honors: boolean; subject: string | null; graduation_tags: string[]; language: string | null;
}): CourseEntry {
  return {
    course: row.course,
    repeats: row.repeats,
    title: row.title,
    gradeLevel: row.grade_level,
    schoolYear: row.school_year,
    term: row.term as Term,
    credits: Number(row.credits),
    ag: row.ag_area as AgArea | null,
    honors: row.honors as HonorsKind,
    ucHonors: row.uc_honors,
    subject: subjectOf(row.subject),
    tags: row.graduation_tags,
    language: row.language,
  };
}

/**
 * The `homeroom.transcript/v1` form of students' records, as the core engines read it: the same
 * form the `homeroom gpa` and `homeroom audit` commands read from a file, so the server and the
 * command line give the same figures.
 */
export async function loadStudentTranscripts(
  db: Handle,
  districtId: number,
  studentIds: readonly number[],
  /** today: the district's day the grade and school are read on (the request's; the district's own when absent). */
  options: { withInProgress?: boolean; today?: string } = {},
): Promise<StudentTranscript[]> {
  const today = options.today ?? (await districtToday(db, districtId));
  const [students, entries, inProgress] = await Promise.all([
    transcriptStudents(db, districtId, studentIds, today),
    standingEntries(db, districtId, studentIds),
    options.withInProgress ? coursesInProgress(db, districtId, studentIds, today) : Promise.resolve([] as CourseInProgress[]),
  ]);
  const byStudent = new Map<number, StudentTranscript>();
  for (const s of students) {
    byStudent.set(s.id, {
      studentId: s.id,
      schoolId: s.school_id,
      transcript: { student: { id: s.local_id, gradeLevel: Math.min(12, Math.max(6, s.grade_level ?? 9)), residency: s.residency === 'nonresident' ? 'nonresident' : 'resident', cohort: s.cohort }, marks: [], inProgress: [] },
      entryIds: [],
      entries: [],
    });
  }
  for (const e of entries) {
    const target = byStudent.get(e.student_id);
    if (!target) continue;
    const mark: Mark = { ...courseEntry({ ...e, course: e.course_code, repeats: e.repeats_course_code, title: e.course_title }), mark: e.mark as MarkValue };
    target.transcript.marks.push(mark);
    target.entryIds.push(e.id);
    target.entries.push(e);
  }
  for (const c of inProgress) {
    byStudent.get(c.student_id)?.transcript.inProgress.push(courseEntry({ ...c, course: c.code, repeats: null, title: c.title }));
  }
  return studentIds.map((id) => byStudent.get(id)).filter((t): t is StudentTranscript => t !== undefined);
}

/** What a district recompute reads of each student: the transcript, no more. */
export interface RecomputeTranscript {
  studentId: number;
  transcript: Transcript;
}

/**
 * The same transcripts as loadStudentTranscripts gives the engines (the same marks in the same
 * order, the same grade, residency and cohort), read for a district recompute: one row per
 * student, without the entries' ids, schools and sources that a transcript's screen shows.
 */
export async function loadTranscriptsForRecompute(db: Handle, districtId: number, studentIds: readonly number[], options: { withInProgress?: boolean; today: string }): Promise<RecomputeTranscript[]> {
  const [students, inProgress] = await Promise.all([
    marksForRecompute(db, districtId, studentIds, options.today),
    options.withInProgress ? coursesInProgress(db, districtId, studentIds, options.today) : Promise.resolve([] as CourseInProgress[]),
  ]);
  const byStudent = new Map<number, RecomputeTranscript>();
  for (const s of students) {
    const marks: Mark[] = (s.marks ?? []).map(([course, repeats, title, gradeLevel, schoolYear, term, credits, ag, honors, ucHonors, subject, tags, language, mark]) => ({
      course, repeats, title, gradeLevel, schoolYear, term: term as Term, credits: Number(credits), ag: ag as AgArea | null, honors: honors as HonorsKind, ucHonors,
      subject: subjectOf(subject), tags, language, mark: mark as MarkValue,
    }));
    const student = { id: s.local_id, gradeLevel: Math.min(12, Math.max(6, s.grade_level ?? 9)), residency: s.residency === 'nonresident' ? ('nonresident' as const) : ('resident' as const), cohort: s.cohort };
    byStudent.set(s.id, { studentId: s.id, transcript: { student, marks, inProgress: [] } });
  }
  for (const c of inProgress) {
    byStudent.get(c.student_id)?.transcript.inProgress.push(courseEntry({ ...c, course: c.code, repeats: null, title: c.title }));
  }
  return studentIds.map((id) => byStudent.get(id)).filter((t): t is RecomputeTranscript => t !== undefined);
}
