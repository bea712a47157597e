import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { gpaFigures, transcriptEntry } from '@homeroom/core/api/transcripts';
import { classRanks } from '@homeroom/core/grading/class-rank';
import { DEFAULT_GPA_RULE_SET } from '@homeroom/core/grading/rule-sets';
import type { RequestOrigin } from '../../audit/audit.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { gpaDocumentFor } from './student-gpa.ts';
import { loadStudentTranscripts } from './student-transcript.ts';
import { supersededEntries } from './transcripts.repository.ts';
import { sql } from 'kysely';

type GpaFigures = z.input<typeof gpaFigures>;

/**
 * The student's transcript: every semester mark by year and term with its credits, every GPA of
 * the rule set with the sentence that explains each mark, and class rank within school and grade
 * (from the last district recompute, weighted district GPA, ties sharing a rank).
 */
export async function viewTranscript(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'transcript', action: 'read' }, async (trx) => {
    const [student] = await loadStudentTranscripts(trx, actor.districtId, [studentId], { withInProgress: true });
    const gpa = gpaDocumentFor(student!);
    const corrections = await supersededEntries(trx, actor.districtId, studentId);
    const schoolIds = [...new Set(student!.entries.map((e) => e.school_id).filter((id): id is number => id !== null))];
    const schools = new Map((schoolIds.length ? await trx.selectFrom('school').select(['id', 'name']).where('district_id', '=', actor.districtId).where('id', 'in', schoolIds).execute() : []).map((s) => [s.id, s.name]));
    const terms: Array<{ schoolYear: string; term: string; entries: Array<z.input<typeof transcriptEntry>> }> = [];
    student!.entries.forEach((entry, i) => {
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
        ag: entry.ag_area,
        honors: entry.honors,
        source: entry.source,
        school: (entry.school_id !== null ? schools.get(entry.school_id) : null) ?? entry.source_school_name,
        corrected: entry.supersedes_id !== null,
        explanation: gpa.explanation[i],
      });
    });
    return {
      student: { id: studentId, localId: student!.transcript.student.id, grade: student!.transcript.student.gradeLevel, cohort: student!.transcript.student.cohort },
      ruleSet: DEFAULT_GPA_RULE_SET,
      // The rule set names its GPAs' figures; the GPA document types them only as unknown.
      gpa: { uc: gpa.uc as GpaFigures, csu: gpa.csu as GpaFigures, district: gpa.district as GpaFigures, credits: gpa.credits },
      terms,
      inProgress: student!.transcript.inProgress.map((c) => ({ course: c.course, title: c.title, schoolYear: c.schoolYear, term: c.term, credits: c.credits })),
      corrections: corrections.map((c) => ({ entryId: c.id, course: c.course_code, term: `${c.school_year} ${c.term}`, from: c.old_mark, to: c.new_mark, reason: c.correction_reason, at: c.posted_at.toISOString() })),
      classRank: await classRankOf(trx, actor.districtId, studentId, student!.schoolId, student!.transcript.student.gradeLevel, actor.today),
    };
  });
}

async function classRankOf(db: Kysely<Database>, districtId: number, studentId: number, schoolId: number | null, grade: number, today: string) {
  if (schoolId === null) return null;
  const peers = await db
    .selectFrom('student_gpa as g')
    .innerJoin('enrollment as e', (join) => join.onRef('e.district_id', '=', 'g.district_id').onRef('e.student_id', '=', 'g.student_id'))
    .select(['g.student_id', 'g.district_points', 'g.district_bonus', 'g.district_count', 'g.computed_at'])
    .where('g.district_id', '=', districtId)
    .where('g.rule_set', '=', DEFAULT_GPA_RULE_SET)
    .where('e.school_id', '=', schoolId)
    .where('e.grade_level', '=', grade)
    .where(sql<boolean>`e.entry_date <= ${today}::date and (e.exit_date is null or e.exit_date > ${today}::date) and e.is_primary`)
    .execute();
  const ranks = classRanks(peers.map((p) => ({ id: p.student_id, numerator: p.district_points + p.district_bonus, count: p.district_count })));
  const mine = ranks.get(studentId);
  if (!mine) return null;
  const computedAt = peers.find((p) => p.student_id === studentId)!.computed_at;
  return { basis: 'district weighted GPA', rank: mine.rank, of: mine.of, asOf: computedAt.toISOString() };
}
