import { proposeCourseRequests, type ProposedRequest } from '@homeroom/core/graduation/course-requests';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { requestCatalog, requirementSetsFor } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';
import { alternateCodes } from './request-alternates.ts';
import type { Handle } from '../../db/handle.ts';

/** Sources the generator owns: regenerating replaces them; a counselor's or student's own stay. */
const GENERATED = ['graduation-audit', 'sequence'] as const;

export async function requestsOf(db: Handle, districtId: number, studentId: number, schoolYearId: number) {
  return db
    .selectFrom('course_request as q')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'q.district_id').onRef('c.id', '=', 'q.course_id'))
    .select([
      'q.id', 'c.code', 'c.title', 'q.required', 'q.priority', 'q.source', 'q.reason', 'q.version', 'q.school_id', 'q.override_reason',
      alternateCodes,
    ])
    .where('q.district_id', '=', districtId)
    .where('q.student_id', '=', studentId)
    .where('q.school_year_id', '=', schoolYearId)
    .orderBy('q.required', 'desc')
    .orderBy('q.priority')
    .orderBy('q.id')
    .execute();
}

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
    db.selectFrom('course').select(['id', 'code']).where('district_id', '=', districtId).execute(),
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
  const existing = await trx
    .selectFrom('course_request as q')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'q.district_id').onRef('c.id', '=', 'q.course_id'))
    .select([
      'q.student_id', 'c.code', 'q.source',
      alternateCodes,
    ])
    .where('q.district_id', '=', districtId)
    .where('q.school_year_id', '=', target.schoolYearId)
    .where('q.student_id', 'in', studentIds.length ? studentIds : [-1])
    .orderBy('q.priority')
    .execute();
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
  await trx
    .deleteFrom('course_request')
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', target.schoolYearId)
    .where('student_id', 'in', results.map((r) => r.studentId))
    .where((eb) => eb.or([eb('source', 'in', [...GENERATED]), eb('source', '=', 'seed'), eb('source', '=', 'student-choice')]))
    .execute();
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
    const inserted = await trx
      .insertInto('course_request')
      .values(chunk)
      .onConflict((oc) => oc.columns(['district_id', 'student_id', 'school_year_id', 'course_id']).doNothing())
      .returning(['id', 'student_id', 'course_id'])
      .execute();
    const alternates = inserted.flatMap((row) => {
      const proposal = proposalOf.get(`${row.student_id}/${codeOf.get(row.course_id)}`);
      return (proposal?.alternates ?? []).filter((a) => context.courseIds.has(a)).map((a, k) => ({ district_id: districtId, course_request_id: row.id, course_id: context.courseIds.get(a)!, preference: k + 1 }));
    });
    if (alternates.length) await trx.insertInto('course_request_alternate').values(alternates).onConflict((oc) => oc.doNothing()).execute();
  }
  return results;
}
