import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { auditTarget } from '../../db/read-replica.ts';
import type { Database } from '../../db/schema.ts';
import { writeAuditForStudents } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { enrolledForGraduationList, requirementSetsFor } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';

export const GRADUATION_LIST_KEEPERS = ['district-admin', 'school-admin', 'counselor'] as const;

/**
 * Students not on track (grades 9-12), or seniors who cannot graduate on their current schedule,
 * each with what is missing; every student on the page is an audited read (on the primary when
 * `db` is the replica).
 */
export async function viewGraduationList(db: Kysely<Database>, primary: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, query: { list: 'not-on-track' | 'seniors-at-risk'; limit: number; offset: number }) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, GRADUATION_LIST_KEEPERS);
    const students = await enrolledForGraduationList(trx, actor, schoolId, query.list === 'seniors-at-risk' ? 12 : 9);
    const setFor = await requirementSetsFor(trx, actor.districtId);
    const transcripts = new Map((await loadStudentTranscripts(trx, actor.districtId, students.map((s) => s.id), { withInProgress: true, today: actor.today })).map((t) => [t.studentId, t]));
    const listed = students
      .map((s) => ({ s, summary: auditStudent(transcripts.get(s.id)!, setFor(transcripts.get(s.id)!.transcript.student.cohort)).summary }))
      .filter(({ summary }) => (query.list === 'not-on-track' ? !summary.onTrack : !summary.onScheduleToGraduate));
    const page = listed.slice(query.offset, query.offset + query.limit);
    await writeAuditForStudents(auditTarget(trx, db, primary), actor, origin, { action: 'list', entity: 'graduation-audit', schoolId, details: { list: query.list } }, page.map(({ s }) => s.id));
    return {
      list: query.list,
      total: listed.length,
      items: page.map(({ s, summary }) => ({ studentId: s.id, localId: s.local_id, name: { first: s.first_name, last: s.last_name }, grade: s.grade_level, onTrack: summary.onTrack, missing: summary.missing.filter((m) => m.status === 'missing') })),
    };
  });
}
