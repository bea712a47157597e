import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { gpaFigures, transcript as transcriptAnswer, transcriptEntry } from '@homeroom/core/api/transcripts';
import type { GpaDocument } from '@homeroom/core/formats/transcript';
import { classRanks } from '@homeroom/core/grading/class-rank';
import { buildCourseModel } from '@homeroom/core/grading/course-model';
import { creditsByMark } from '@homeroom/core/grading/earned-credits';
import { DEFAULT_GPA_RULE_SET, gpaRuleSets } from '@homeroom/core/grading/rule-sets';
import { yearlyGpas } from '@homeroom/core/grading/yearly-gpa';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { gpaDocumentFor } from './student-gpa.ts';
import { loadStudentTranscripts, type StudentTranscript } from './student-transcript.ts';
import { classRankPeers, schoolNames, supersededEntriesOf } from './transcripts.repository.ts';
import type { Handle } from '../../db/handle.ts';

type GpaFigures = z.input<typeof gpaFigures>;
export type TranscriptView = z.input<typeof transcriptAnswer>;

/**
 * The student's transcript: every semester mark by year and term with its credits, every GPA of
 * the rule set with the sentence that explains each mark, and class rank within school and grade
 * (from the last district recompute, weighted district GPA, ties sharing a rank).
 */
export async function viewTranscript(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'transcript', action: 'read' }, async (trx) => {
    const [student] = await loadStudentTranscripts(trx, actor.districtId, [studentId], { withInProgress: true, today: actor.today });
    return transcriptView(trx, actor.districtId, actor.today, student!);
  });
}

/** Class ranks by school and grade, worked out once per batch of documents rather than once per student. */
export type ClassRankMemo = Map<string, ReturnType<typeof classRanks> & { asOf: Map<number, Date> }>;

const summary = (gpa: GpaDocument) => ({ uc: gpa.uc as GpaFigures, csu: gpa.csu as GpaFigures, district: gpa.district as GpaFigures, credits: gpa.credits });

/** The transcript answer of a student already in scope, read in the caller's transaction (the screen's and the official document's figures). */
export async function transcriptView(trx: Handle, districtId: number, today: string, student: StudentTranscript, memo?: ClassRankMemo): Promise<TranscriptView> {
  const [view] = await transcriptViews(trx, districtId, today, [student], memo);
  return view!;
}

/**
 * The transcript answers of many students already in scope, in their order: a batch of official
 * documents reads the corrections and school names of a whole chunk of students in one query
 * each, rather than two queries a student.
 */
export async function transcriptViews(trx: Handle, districtId: number, today: string, students: readonly StudentTranscript[], memo?: ClassRankMemo): Promise<TranscriptView[]> {
  const [corrections, schools] = await Promise.all([
    supersededEntriesOf(trx, districtId, students.map((s) => s.studentId)),
    schoolNames(trx, districtId, [...new Set(students.flatMap((s) => s.entries.map((e) => e.school_id)).filter((id): id is number => id !== null))]),
  ]);
  const correctionsOf = new Map<number, Correction[]>();
  for (const c of corrections) correctionsOf.set(c.student_id, [...(correctionsOf.get(c.student_id) ?? []), c]);
  const views: TranscriptView[] = [];
  for (const student of students) views.push(await oneView(trx, districtId, today, student, correctionsOf.get(student.studentId) ?? [], schools, memo));
  return views;
}

type Correction = Awaited<ReturnType<typeof supersededEntriesOf>>[number];

async function oneView(trx: Handle, districtId: number, today: string, student: StudentTranscript, corrections: Correction[], schools: Map<number, string>, memo?: ClassRankMemo): Promise<TranscriptView> {
  const gpa = gpaDocumentFor(student);
  const credits = creditsByMark(buildCourseModel(student.transcript));
  const terms: Array<{ schoolYear: string; term: string; entries: Array<z.input<typeof transcriptEntry>> }> = [];
  student.entries.forEach((entry, i) => {
    const last = terms.at(-1);
    const group = last && last.schoolYear === entry.school_year && last.term === entry.term ? last : { schoolYear: entry.school_year, term: entry.term, entries: [] };
    if (group !== last) terms.push(group);
    group.entries.push({
      entryId: entry.id,
      course: entry.course_code,
      title: entry.course_title,
      grade: entry.grade_level,
      mark: entry.mark,
      credits: Number(entry.credits),
      attempted: credits[i]!.attempted,
      earned: credits[i]!.earned,
      ag: entry.ag_area,
      honors: entry.honors,
      source: entry.source,
      school: (entry.school_id !== null ? schools.get(entry.school_id) : null) ?? entry.source_school_name,
      corrected: entry.supersedes_id !== null,
      explanation: gpa.explanation[i],
    });
  });
  return {
    student: { id: student.studentId, localId: student.transcript.student.id, grade: student.transcript.student.gradeLevel, cohort: student.transcript.student.cohort ?? null },
    ruleSet: DEFAULT_GPA_RULE_SET,
    // The rule set names its GPAs' figures; the GPA document types them only as unknown.
    gpa: summary(gpa),
    years: yearlyGpas(student.transcript, gpaRuleSets.get(DEFAULT_GPA_RULE_SET)).map((y) => ({ schoolYear: y.schoolYear, gpa: summary(y.gpa) })),
    terms,
    inProgress: student.transcript.inProgress.map((c) => ({ course: c.course, title: c.title ?? null, schoolYear: c.schoolYear, term: c.term, credits: c.credits })),
    corrections: corrections.map((c) => ({ entryId: c.id, course: c.course_code, term: `${c.school_year} ${c.term}`, from: c.old_mark, to: c.new_mark, reason: c.correction_reason, at: c.posted_at.toISOString() })),
    classRank: await classRankOf(trx, districtId, student.studentId, student.schoolId, student.transcript.student.gradeLevel, today, memo),
  };
}

async function classRankOf(db: Handle, districtId: number, studentId: number, schoolId: number | null, grade: number, today: string, memo?: ClassRankMemo) {
  if (schoolId === null) return null;
  const key = `${schoolId}/${grade}/${today}`;
  let ranks = memo?.get(key);
  if (!ranks) {
    const peers = await classRankPeers(db, districtId, schoolId, grade, today, DEFAULT_GPA_RULE_SET);
    ranks = Object.assign(classRanks(peers.map((p) => ({ id: p.student_id, numerator: p.district_points + p.district_bonus, count: p.district_count }))), { asOf: new Map(peers.map((p) => [p.student_id, p.computed_at])) });
    memo?.set(key, ranks);
  }
  const mine = ranks.get(studentId);
  if (!mine) return null;
  return { basis: 'district weighted GPA', rank: mine.rank, of: mine.of, asOf: ranks.asOf.get(studentId)!.toISOString() };
}
