import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSection } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { refreshStudentGpa } from '../transcripts/refresh-student-gpa.ts';
import { MARK_ENTRY_ROLES } from './enter-marks.ts';
import { courseForTerm, findGradingPeriod, gradeLevelsInYear, insertPostedMarks, postedStudents, sectionMarks } from './marks.repository.ts';

/**
 * Posts a section's final marks to the transcript: one entry per student, with the course's
 * credits, A-G area and honors copied as they are today, so a later catalog change never rewrites
 * a transcript. Students already posted are left alone; students without a mark are named.
 */
export async function postFinalMarks(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, gradingPeriodId: number) {
  return db.transaction().execute(async (trx) => {
    await requireSection(trx, actor, sectionId, MARK_ENTRY_ROLES);
    const period = await findGradingPeriod(trx, actor.districtId, gradingPeriodId);
    if (!period) throw notFound('This grading period');
    if (!period.is_final) throw new Problem(409, 'not-final', `${period.name} is not a final grading period`, 'Only final marks go to the transcript. Progress marks stay on the report card.');
    const [roster, posted, course] = await Promise.all([
      sectionMarks(trx, actor.districtId, sectionId, period),
      postedStudents(trx, actor.districtId, sectionId, period),
      courseForTerm(trx, actor.districtId, sectionId, period.term),
    ]);
    const grades = await gradeLevelsInYear(trx, actor.districtId, period.school_year_id, roster.map((r) => r.student_id));
    const missing = roster.filter((r) => r.mark === null && !posted.has(r.student_id)).map((r) => ({ studentId: r.student_id, name: `${r.first_name} ${r.last_name}` }));
    const toPost = roster.filter((r) => r.mark !== null && !posted.has(r.student_id) && (grades.get(r.student_id) ?? 0) >= 6);
    if (toPost.length) {
      await insertPostedMarks(
        trx,
        toPost.map((r) => ({
          district_id: actor.districtId, student_id: r.student_id, school_id: course.school_id, course_id: course.id, course_code: course.code, course_title: course.title,
          grade_level: grades.get(r.student_id)!, school_year: period.school_year, term: period.term, mark: r.mark!, credits: course.credits, ag_area: course.ag_area,
          honors: course.honors, uc_honors: course.uc_honors, subject: course.subject, graduation_tags: course.graduation_tags, language: course.language,
          source: 'posted', section_id: sectionId, posted_by: actor.userId,
        })),
      );
      for (const r of toPost) await refreshStudentGpa(trx, actor.districtId, r.student_id, actor.today);
    }
    await writeAuditForStudents(trx, actor, origin, { action: 'create', entity: 'transcript', entityId: `${sectionId}/${period.id}`, details: { posted: 'final marks' } }, toPost.map((r) => r.student_id));
    // The students named as still without a mark are read, by name: on the record too.
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'mark', entityId: `${sectionId}/${period.id}`, details: { list: 'without a final mark' } }, missing.map((m) => m.studentId));
    return { posted: toPost.length, alreadyPosted: posted.size, missingMarks: missing };
  });
}
