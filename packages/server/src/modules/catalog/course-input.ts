import { z } from 'zod';
import { AG_AREAS, HONORS_KINDS, SUBJECTS, TERM_LENGTHS, type course } from '@homeroom/core/api/catalog';
import { schoolText } from '../../http/text.ts';
import { invalid } from '../../http/validate.ts';

const PASSING_MARKS = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'P', 'CR'] as const;
const grade = z.number().int().min(-1, 'must be TK (-1) or above').max(12, 'must be 12 or below');

/** A course as the catalog form saves it; prerequisites are named by course code. */
export const courseInput = z.strictObject({
  code: z.string().trim().regex(/^[A-Za-z0-9.-]{1,20}$/, 'letters, digits, dots and hyphens, at most 20').transform((c) => c.toUpperCase()),
  title: schoolText(120),
  credits: z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a number of credits such as 5 or 2.5'),
  subject: z.enum(SUBJECTS).nullable().default(null),
  agArea: z.enum(AG_AREAS).nullable().default(null),
  language: schoolText(40).nullable().default(null),
  honors: z.enum(HONORS_KINDS).default('none'),
  termLength: z.enum(TERM_LENGTHS).default('semester'),
  repeatableForCredit: z.boolean().default(false),
  lowGrade: grade.default(9),
  highGrade: grade.default(12),
  roomKind: z.string().trim().regex(/^[a-z][a-z-]{1,29}$/, 'a kind of room in lower-case words, such as classroom or lab').default('classroom'),
  department: schoolText(60).nullable().default(null),
  active: z.boolean().default(true),
  prerequisites: z.array(z.strictObject({ code: z.string().trim().min(1).max(20).transform((c) => c.toUpperCase()), minimumMark: z.enum(PASSING_MARKS).default('D-') })).max(10).default([]),
});
export type CourseInput = z.output<typeof courseInput>;

/** The rules a course must keep beyond its fields' own; each broken one names its field. */
export function checkCourse(input: CourseInput) {
  const errors: Array<{ field: string; message: string }> = [];
  if (input.lowGrade > input.highGrade) errors.push({ field: 'body.highGrade', message: 'must not be below the lowest grade' });
  if (input.agArea === 'e' && !input.language) errors.push({ field: 'body.language', message: 'a language other than English ("e") course names its language' });
  const seen = new Set<string>();
  input.prerequisites.forEach((p, i) => {
    if (p.code === input.code) errors.push({ field: `body.prerequisites.${i}.code`, message: 'a course cannot be its own prerequisite' });
    if (seen.has(p.code)) errors.push({ field: `body.prerequisites.${i}.code`, message: `${p.code} is there twice` });
    seen.add(p.code);
  });
  if (errors.length > 0) throw invalid(errors);
}

type CourseRow = {
  id: number; code: string; title: string; credits: string; subject: string | null; ag_area: string | null; language: string | null; honors: string; term_length: string;
  repeatable_for_credit: boolean; low_grade: number; high_grade: number; room_type: string; department: string | null; active: boolean; version: number;
};
type PrerequisiteRow = { course_id: number; prerequisite_course_id: number; code: string; title: string; minimum_mark: string };

export function describeCourse(c: CourseRow, prerequisites: PrerequisiteRow[]): z.input<typeof course> {
  return {
    id: c.id, code: c.code, title: c.title, credits: c.credits, subject: c.subject as CourseInput['subject'], agArea: c.ag_area as CourseInput['agArea'], language: c.language,
    honors: c.honors as CourseInput['honors'], termLength: c.term_length as CourseInput['termLength'], repeatableForCredit: c.repeatable_for_credit, lowGrade: c.low_grade, highGrade: c.high_grade,
    roomKind: c.room_type, department: c.department, active: c.active, version: c.version,
    prerequisites: prerequisites.filter((p) => p.course_id === c.id).map((p) => ({ courseId: p.prerequisite_course_id, code: p.code, title: p.title, minimumMark: p.minimum_mark })),
  };
}
