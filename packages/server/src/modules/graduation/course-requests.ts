export { requestsOf } from './graduation.repository.ts';
import { proposeCourseRequests, type ProposedRequest } from '@homeroom/core/graduation/course-requests';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { courseCodes, insertCourseRequests, insertRequestAlternates, removeRequestsToReplace, requestCatalog, requestChoices, requirementSetsFor } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';
import type { Handle } from '../../db/handle.ts';

/** Sources the generator owns: regenerating replaces them; a counselor's or student's own stay. */
const GENERATED = ['graduation-audit', 'sequence'] as const;

export interface GenerationContext {
  catalog: Awaited<ReturnType<typeof requestCatalog>>;
  setFor: Awaited<ReturnType<typeof requirementSetsFor>>;
  courseIds: Map<string, number>;
  periods: number;
}

export async function generationContext(db: Handle, districtId: number): Promise<GenerationContext> {
  const [catalog, setFor, courses] = await Promise.all([
    requestCatalog(db, districtId),
    requirementSetsFor(db, districtId),
    courseCodes(db, districtId),
  ]);
  return { catalog, setFor, courseIds: new Map(courses.map((c) => [c.code, c.id])), periods: 6 };
}

/**
 * Proposes (and, unless it is a dry run, saves) the requests of students for a school year from
 * their audits. The generator's own earlier proposals are replaced; requests a counselor or the
 * student entered stay, and the student's elective choices feed the proposal.
 */
export async function generateRequests(trx: Handle, context: GenerationContext, districtId: number, studentIds: number[], target: { schoolId: number; schoolYearId: number }, options: { dryRun: boolean; userId: number | null }) {
  const transcripts = await loadStudentTranscripts(trx, districtId, studentIds, { withInProgress: true });
  const existing = await requestChoices(trx, districtId, target.schoolYearId, studentIds);
  const results: Array<{ studentId: number; proposals: ProposedRequest[] }> = [];
  for (const student of transcripts) {
    const set = context.setFor(student.transcript.student.cohort);
    const { audit } = auditStudent(student, set);
    const mine = existing.filter((e) => e.student_id === student.studentId);
    const proposals = proposeCourseRequests({
      transcript: student.transcript,
      audit,
      set,
      catalog: context.catalog,
      nextGrade: Math.min(12, student.transcript.student.gradeLevel + 1),
      choices: mine.filter((e) => e.source === 'student-choice' || e.source === 'seed').map((e) => ({ course: e.code, alternates: e.alternates ?? [] })),
      periods: context.periods,
    });
    results.push({ studentId: student.studentId, proposals });
  }
  if (options.dryRun || results.length === 0) return results;
  // Replace the generator's earlier proposals and any request for a course the new proposal holds.
  await removeRequestsToReplace(trx, districtId, target.schoolYearId, results.map((r) => r.studentId), [...GENERATED, 'seed', 'student-choice']);
  const rows = results.flatMap((r) =>
    r.proposals
      .filter((p) => context.courseIds.has(p.course))
      .map((p) => ({
        district_id: districtId, student_id: r.studentId, school_id: target.schoolId, school_year_id: target.schoolYearId, course_id: context.courseIds.get(p.course)!,
        required: p.required, priority: p.priority, source: p.source === 'repeat' ? 'graduation-audit' : p.source, reason: p.reason, updated_by: options.userId,
      })),
  );
  const codeOf = new Map([...context.courseIds].map(([code, id]) => [id, code]));
  const proposalOf = new Map(results.flatMap((r) => r.proposals.map((p) => [`${r.studentId}/${p.course}`, p] as const)));
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const inserted = await insertCourseRequests(trx, chunk);
    const alternates = inserted.flatMap((row) => {
      const proposal = proposalOf.get(`${row.student_id}/${codeOf.get(row.course_id)}`);
      return (proposal?.alternates ?? []).filter((a) => context.courseIds.has(a)).map((a, k) => ({ district_id: districtId, course_request_id: row.id, course_id: context.courseIds.get(a)!, preference: k + 1 }));
    });
    await insertRequestAlternates(trx, alternates);
  }
  return results;
}
