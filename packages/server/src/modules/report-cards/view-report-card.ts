import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { reportCard } from '@homeroom/core/api/report-cards';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Handle } from '../../db/handle.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { renderReportCard } from '../../pdf/report-card-document.ts';
import { letterhead, studentIdentity } from '../transcripts/transcripts.repository.ts';
import { transcriptStudents } from '../transcripts/transcripts.repository.ts';
import { gradingPeriod, reportCardLines } from './report-cards.repository.ts';

export type ReportCard = z.input<typeof reportCard>;

/**
 * A student's report card for a grading period: each section's mark, teacher, absences and
 * tardies in the period, and the teacher's comment. JSON, or the PDF of the same figures; read
 * (or exported) inside the student's scope and audited like any read of the record.
 */
export async function viewReportCard(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, gradingPeriodId: number, form: 'json' | 'pdf'): Promise<ReportCard | Buffer> {
  const card = await withStudentRecord(db, actor, origin, studentId, { entity: 'report-card', action: form === 'pdf' ? 'export' : 'read', details: { gradingPeriodId, form } }, async (trx): Promise<ReportCard & { letterhead: Awaited<ReturnType<typeof letterhead>> }> => {
    const period = await gradingPeriod(trx, actor.districtId, gradingPeriodId);
    if (!period) throw notFound('This grading period');
    const [enrolled] = await transcriptStudents(trx, actor.districtId, [studentId], actor.today);
    return {
      ...(await reportCardOf(trx, actor.districtId, actor.today, studentId, period)),
      letterhead: await letterhead(trx, actor.districtId, enrolled?.school_id ?? null),
    };
  });
  const { letterhead: head, ...answer } = card;
  return form === 'pdf' ? renderReportCard(answer, { district: head.district.name, school: head.school?.name ?? null, issuedOn: actor.today }) : answer;
}

/** One student's report card for a grading period: what the page shows and the PDF prints, alone or in a batch. */
export async function reportCardOf(db: Handle, districtId: number, today: string, studentId: number, period: NonNullable<Awaited<ReturnType<typeof gradingPeriod>>>): Promise<ReportCard> {
  const identity = await studentIdentity(db, districtId, studentId);
  const [enrolled] = await transcriptStudents(db, districtId, [studentId], today);
  const lines = await reportCardLines(db, districtId, studentId, period);
  return {
    student: { id: studentId, localId: identity.local_id, name: [identity.first_name, identity.middle_name, identity.last_name].filter(Boolean).join(' '), grade: enrolled?.grade_level ?? null },
    gradingPeriod: { id: period.id, name: period.name, schoolYear: period.school_year, term: period.term, startDate: period.start_date, endDate: period.end_date, final: period.is_final },
    sections: lines.map((l) => ({ sectionId: l.section_id, section: l.section, course: l.course, title: l.title, teacher: l.teacher, mark: l.mark, absences: l.absences, tardies: l.tardies, comment: l.comment })),
  };
}
