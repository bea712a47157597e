
import type { RequirementSet } from '@homeroom/core/graduation/requirement-set';
import type { RequirementVerdict } from '@homeroom/core/formats/transcript';
import { requirementSetsFor } from '../graduation/graduation.repository.ts';
import { auditStudent } from '../graduation/student-audit.ts';
import type { OfficialTranscript } from '../../pdf/transcript-document.ts';
import { loadStudentTranscripts } from './student-transcript.ts';
import { letterhead, studentIdentity } from './transcripts.repository.ts';
import { transcriptView, type ClassRankMemo } from './view-transcript.ts';
import type { Handle } from '../../db/handle.ts';

/** What a batch of documents reads once and shares: class ranks and each cohort's requirement set. */
export interface OfficialTranscriptContext {
  ranks: ClassRankMemo;
  requirementSets: (cohort: number | null) => RequirementSet;
}

export async function officialTranscriptContext(db: Handle, districtId: number): Promise<OfficialTranscriptContext> {
  return { ranks: new Map(), requirementSets: await requirementSetsFor(db, districtId) };
}

const fullName = (s: { first_name: string; middle_name: string | null; last_name: string }) => [s.first_name, s.middle_name, s.last_name].filter(Boolean).join(' ');

/**
 * The figures and facts of a student's official transcript, read in the caller's transaction
 * (after the caller has checked scope): the transcript API's answer, the letterhead of the
 * student's school, and the graduation audit of the student's requirement set.
 */
export async function officialTranscriptOf(trx: Handle, districtId: number, today: string, studentId: number, context?: OfficialTranscriptContext): Promise<OfficialTranscript> {
  const shared = context ?? (await officialTranscriptContext(trx, districtId));
  const [student] = await loadStudentTranscripts(trx, districtId, [studentId], { withInProgress: true, today });
  const view = await transcriptView(trx, districtId, today, student!, shared.ranks);
  const identity = await studentIdentity(trx, districtId, studentId);
  const { district, school } = await letterhead(trx, districtId, student!.schoolId);
  const set = shared.requirementSets(identity.cohort);
  const { audit, summary } = auditStudent(student!, set);
  const diploma = set.verdicts[0]!.id;
  const requirements = audit.requirements.flatMap((r) => {
    const figures = r[diploma] as RequirementVerdict | undefined;
    return figures ? [{ title: set.requirements.find((q) => q.id === r.id)?.title ?? r.id, needed: figures.needed, earned: figures.earned, inProgress: figures.inProgress, status: figures.status }] : [];
  });
  return {
    issuedOn: today,
    district,
    school: school && { name: school.name, address: school.address, phone: school.phone, ceebCode: school.ceeb_code, stateCode: school.state_code, publishesClassRank: school.publishes_class_rank },
    student: { name: fullName(identity), localId: identity.local_id, stateId: identity.state_id, birthDate: identity.birth_date, grade: view.student.grade, cohort: identity.cohort },
    view,
    graduation: {
      requirementSet: summary.requirementSet,
      status: summary.diplomaMet ? 'diploma requirements met' : summary.onScheduleToGraduate ? 'on schedule to graduate (requirements being met by courses in progress)' : `not yet met: ${summary.missing.map((m) => m.title).join(', ')}`,
      expected: identity.cohort === null ? null : `June ${identity.cohort}`,
      requirements,
    },
  };
}
