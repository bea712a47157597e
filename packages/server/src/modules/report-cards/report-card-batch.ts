import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { startReportCardBatchInput } from '@homeroom/core/api/report-cards';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import { schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { documentBatchFile, resumeDocumentBatch, startDocumentBatch, viewDocumentBatch, type BatchOptions, type DocumentBatchKind } from '../../jobs/document-batch.ts';
import { letterhead, schoolNames } from '../transcripts/transcripts.repository.ts';
import { gradingPeriod, reportCardBatchStudents, sectionSchool } from './report-cards.repository.ts';
import { reportCardOf } from './view-report-card.ts';

export const REPORT_CARD_BATCH = 'report-card-batch';

/** Who prints a school's report cards: the district's administrators any school's, a school's administrators and office staff their own. */
export const REPORT_CARD_PRINTERS = ['district-admin', 'school-admin', 'attendance-clerk'] as const satisfies readonly Role[];
/** Who may also download them: counselors read their school's records. */
export const REPORT_CARD_READERS = [...REPORT_CARD_PRINTERS, 'counselor'] as const satisfies readonly Role[];

/** What the job remembers, so that a resumed run prints exactly the students the first run chose. */
const batchParams = z.strictObject({
  schoolId: z.number().int(),
  gradingPeriodId: z.number().int(),
  grade: z.number().int().nullable(),
  sectionId: z.number().int().nullable(),
  today: z.string(),
});
type BatchParams = z.output<typeof batchParams>;

async function periodOf(db: Kysely<Database>, districtId: number, gradingPeriodId: number) {
  const period = await gradingPeriod(db, districtId, gradingPeriodId);
  if (!period) throw notFound('This grading period');
  return period;
}

const reportCards: DocumentBatchKind<BatchParams> = {
  jobKind: REPORT_CARD_BATCH,
  noun: 'report-card batch',
  entity: 'report-card',
  zipName: 'report-cards.zip',
  parse: (params) => batchParams.parse(params),
  async students(db, districtId, params) {
    const period = await periodOf(db, districtId, params.gradingPeriodId);
    return reportCardBatchStudents(db, districtId, { ...params, startDate: period.start_date, endDate: period.end_date });
  },
  async reader(db, districtId, params) {
    const period = await periodOf(db, districtId, params.gradingPeriodId);
    const head = await letterhead(db, districtId, params.schoolId);
    const heading = { district: head.district.name, school: head.school?.name ?? null, issuedOn: params.today };
    // A school's batch is a few thousand students at most: one student's few queries at a time is enough.
    return async (ids) => {
      const entries = [];
      for (const id of ids) {
        const card = await reportCardOf(db, districtId, params.today, id, period);
        entries.push({ localId: card.student.localId, name: card.student.name, document: { kind: 'report-card' as const, card, heading } });
      }
      return entries;
    };
  },
};

const reaches = (actor: Actor, roles: readonly Role[]) => (params: { schoolId: number }) => {
  const schools = schoolsWhere(actor, ...roles);
  return schools === 'all' || schools.includes(params.schoolId);
};

/**
 * Prints the report card of every student enrolled at a school in a grading period (or of one
 * grade, or one section's roster) into a zip, as a background job. A school out of the actor's
 * reach is not found, as are a grading period or a section the district (or the school) lacks.
 */
export async function startReportCardBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof startReportCardBatchInput>, options?: BatchOptions) {
  if (!reaches(actor, REPORT_CARD_PRINTERS)(input) || !(await schoolNames(db, actor.districtId, [input.schoolId])).has(input.schoolId)) throw notFound('This school');
  await periodOf(db, actor.districtId, input.gradingPeriodId);
  if (input.sectionId != null && (await sectionSchool(db, actor.districtId, input.sectionId)) !== input.schoolId) throw notFound('This section at this school');
  const params: BatchParams = { schoolId: input.schoolId, gradingPeriodId: input.gradingPeriodId, grade: input.grade ?? null, sectionId: input.sectionId ?? null, today: actor.today };
  return startDocumentBatch(db, actor, origin, reportCards, params, input.schoolId, options);
}

export function resumeReportCardBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, options?: BatchOptions) {
  return resumeDocumentBatch(db, actor, origin, jobId, reportCards, reaches(actor, REPORT_CARD_PRINTERS), options);
}

export function reportCardBatchFile(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number): Promise<string> {
  return documentBatchFile(db, actor, origin, jobId, reportCards, reaches(actor, REPORT_CARD_READERS));
}

export function viewReportCardBatch(db: Kysely<Database>, actor: Actor, jobId: number) {
  return viewDocumentBatch(db, actor, jobId, reportCards, reaches(actor, REPORT_CARD_READERS));
}
