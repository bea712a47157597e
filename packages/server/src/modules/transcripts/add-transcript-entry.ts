import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AG_AREAS, HONORS_KINDS, SUBJECTS, TERMS } from '@homeroom/core/formats/transcript';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { schoolText } from '../../http/text.ts';
import { MARKS } from './correct-transcript-entry.ts';
import { refreshStudentGpa } from './refresh-student-gpa.ts';
import { catalogCourseId, insertTranscriptEntry } from './transcripts.repository.ts';

export const addTranscriptEntryInput = z
  .strictObject({
    source: z.enum(['transfer', 'summer', 'historical']),
    courseCode: schoolText(20),
    title: schoolText(100),
    repeats: schoolText(20).nullable().default(null),
    gradeLevel: z.number().int().min(6).max(12),
    schoolYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2024-25'),
    term: z.enum(TERMS),
    mark: z.enum(MARKS),
    credits: z.number().min(0).max(40).multipleOf(0.25),
    ag: z.enum(AG_AREAS).nullable().default(null),
    honors: z.enum(HONORS_KINDS).default('none'),
    ucHonors: z.boolean().default(false),
    subject: z.enum(SUBJECTS).nullable().default(null),
    tags: z.array(schoolText(40)).max(10).default([]),
    language: schoolText(40).nullable().default(null),
    sourceSchoolName: schoolText(200).nullable().default(null),
    reason: schoolText(500, 5),
  })
  .refine((e) => e.ag !== 'e' || e.language !== null, { path: ['language'], message: 'a language course (ag e) needs its language' })
  .refine((e) => Number(e.schoolYear.slice(5)) === (Number(e.schoolYear.slice(0, 4)) + 1) % 100, { path: ['schoolYear'], message: 'the second year must follow the first (2024-25)' })
  .refine((e) => e.source !== 'transfer' || e.sourceSchoolName !== null, { path: ['sourceSchoolName'], message: 'a transfer mark needs the school where it was earned' });

/** Marks earned elsewhere (a transfer, summer school, history typed in from paper) join the transcript. */
export async function addTranscriptEntry(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof addTranscriptEntryInput>) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'transcript', action: 'create', reason: input.reason, details: { course: input.courseCode, source: input.source } }, async (trx) => {
    const courseId = await catalogCourseId(trx, actor.districtId, input.courseCode);
    const id = await insertTranscriptEntry(trx, {
      district_id: actor.districtId, student_id: studentId, school_id: null, course_id: courseId, course_code: input.courseCode, course_title: input.title,
      repeats_course_code: input.repeats, grade_level: input.gradeLevel, school_year: input.schoolYear, term: input.term, mark: input.mark, credits: String(input.credits),
      ag_area: input.ag, honors: input.honors, uc_honors: input.ucHonors, subject: input.subject, graduation_tags: input.tags, language: input.language,
      source: input.source, source_school_name: input.sourceSchoolName, posted_by: actor.userId,
    });
    return { entryId: id, gpa: await refreshStudentGpa(trx, actor.districtId, studentId, actor.today) };
  });
}
