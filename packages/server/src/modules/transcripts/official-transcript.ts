
import type { RequirementSet } from '@homeroom/core/graduation/requirement-set';
import type { RequirementVerdict } from '@homeroom/core/formats/transcript';
import { requirementSetsFor } from '../graduation/graduation.repository.ts';
import { auditStudent } from '../graduation/student-audit.ts';
import type { OfficialTranscript } from '../../pdf/transcript-document.ts';
import { loadStudentTranscripts, type StudentTranscript } from './student-transcript.ts';
import { letterhead, studentIdentities } from './transcripts.repository.ts';
import { transcriptViews, type ClassRankMemo, type TranscriptView } from './view-transcript.ts';
import type { Handle } from '../../db/handle.ts';

type StudentIdentity = Awaited<ReturnType<typeof studentIdentities>>[number];

/** What a batch of documents reads once and shares: class ranks, each cohort's requirement set, each school's letterhead. */
export interface OfficialTranscriptContext {
  ranks: ClassRankMemo;
  requirementSets: (cohort: number | null) => RequirementSet;
  letterheads: Map<number | null, Promise<Letterhead>>;
}

type Letterhead = Awaited<ReturnType<typeof letterhead>>;

export async function officialTranscriptContext(db: Handle, districtId: number): Promise<OfficialTranscriptContext> {
  return { ranks: new Map(), requirementSets: await requirementSetsFor(db, districtId), letterheads: new Map() };
}

const fullName = (s: { first_name: string; middle_name: string | null; last_name: string }) => [s.first_name, s.middle_name, s.last_name].filter(Boolean).join(' ');

/**
 * The figures and facts of a student's official transcript, read in the caller's transaction
 * (after the caller has checked scope): the transcript API's answer, the letterhead of the
 * student's school, and the graduation audit of the student's requirement set.
 */
export async function officialTranscriptOf(trx: Handle, districtId: number, today: string, studentId: number, context?: OfficialTranscriptContext): Promise<OfficialTranscript> {
  const [official] = await officialTranscriptsOf(trx, districtId, today, [studentId], context);
  return official!;
}

/**
 * The official transcripts of many students in scope, in their order, each as officialTranscriptOf
 * gives it: a batch reads a chunk of students in a handful of queries rather than a handful a student.
 */
export async function officialTranscriptsOf(trx: Handle, districtId: number, today: string, studentIds: readonly number[], context?: OfficialTranscriptContext): Promise<OfficialTranscript[]> {
  const shared = context ?? (await officialTranscriptContext(trx, districtId));
  const [students, identities] = await Promise.all([loadStudentTranscripts(trx, districtId, studentIds, { withInProgress: true, today }), studentIdentities(trx, districtId, studentIds)]);
  if (students.length !== studentIds.length) throw new Error(`${studentIds.length - students.length} of the students are not in district ${districtId}`);
  const views = await transcriptViews(trx, districtId, today, students, shared.ranks);
  const identityOf = new Map(identities.map((i) => [i.id, i]));
  const official: OfficialTranscript[] = [];
  for (const [index, student] of students.entries()) {
    const identity = identityOf.get(student.studentId)!;
    const letterheadOf = shared.letterheads.get(student.schoolId) ?? letterhead(trx, districtId, student.schoolId);
    shared.letterheads.set(student.schoolId, letterheadOf);
    official.push(officialTranscript(today, student, views[index]!, identity, await letterheadOf, shared.requirementSets(identity.cohort)));
  }
  return official;
}

function officialTranscript(today: string, student: StudentTranscript, view: TranscriptView, identity: StudentIdentity, { district, school }: Letterhead, set: RequirementSet): OfficialTranscript {
  const { audit, summary } = auditStudent(student, set);
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
