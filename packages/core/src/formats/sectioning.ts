import { z } from 'zod';

/**
 * The student-sectioning exchange format (`homeroom.sectioning/v1`) and its result
 * (`homeroom.sectioning-result/v1`), see shared/formats/sectioning.md.
 *
 * Zod checks the shape; `validateSectioningInstance` then checks what a shape cannot say (ids
 * unique, references known) and, separately, whether the hard rules can hold at all (fixed
 * sections that already break them). Unknown fields are ignored: zod's objects strip them.
 */

export const SECTIONING_FORMAT = 'homeroom.sectioning/v1';
export const SECTIONING_RESULT_FORMAT = 'homeroom.sectioning-result/v1';

const id = z.union([z.string().min(1), z.number().transform(String)]);

export const courseSchema = z.object({
  id,
  title: z.string().optional(),
  term: z.string().optional(),
});

export const sectionSchema = z.object({
  id,
  course: id,
  slots: z.array(z.string()),
  capacity: z.number().int().min(0),
  teacher: z.string().optional(),
  room: z.string().optional(),
});

export const courseRequestSchema = z.object({
  course: id,
  required: z.boolean().optional().default(false),
  /** Lower = more wanted; a request without one is wanted least. */
  priority: z.number().optional(),
  alternates: z.array(id).optional().default([]),
});

export const studentSchema = z.object({
  id,
  grade: z.number().optional(),
  requests: z.array(courseRequestSchema).optional().default([]),
  unavailableSlots: z.array(z.string()).optional().default([]),
  fixed: z.array(id).optional().default([]),
});

export const sectioningInstanceSchema = z.object({
  format: z.literal(SECTIONING_FORMAT),
  name: z.string().optional().default(''),
  slots: z.array(z.string().min(1)),
  courses: z.array(courseSchema),
  sections: z.array(sectionSchema),
  students: z.array(studentSchema),
});

export type Course = z.infer<typeof courseSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type CourseRequest = z.infer<typeof courseRequestSchema>;
export type Student = z.infer<typeof studentSchema>;
export type SectioningInstance = z.infer<typeof sectioningInstanceSchema>;
/** What callers may hand in: optional fields may be left out. */
export type SectioningInstanceInput = z.input<typeof sectioningInstanceSchema>;

export interface SectionAssignment {
  student: string;
  section: string;
}

export interface UnmetRequest {
  student: string;
  course: string;
  /** Why, in words a counselor can act on. */
  reason: string;
}

export interface SectioningResult {
  format: typeof SECTIONING_RESULT_FORMAT;
  /** Sections placed by this run; students' fixed sections are not repeated here. */
  assignments: SectionAssignment[];
  unmet: UnmetRequest[];
  stats: { seconds: number; [key: string]: unknown };
}

export const sectioningResultSchema = z.object({
  format: z.literal(SECTIONING_RESULT_FORMAT),
  assignments: z.array(z.object({ student: id, section: id })),
  unmet: z.array(z.object({ student: id, course: id, reason: z.string() })).optional().default([]),
  stats: z.looseObject({ seconds: z.number() }).optional().default({ seconds: 0 }),
});

export interface ValidationOptions {
  /**
   * A request (or alternate) naming a course that is not in `courses`: an error by default, as a
   * typo in a request file should be caught before a run; `'unmet'` accepts it as a request that
   * simply cannot be met (the master-schedule builder carries students over unchanged, and a
   * student may ask for a course the school does not offer).
   */
  unknownCourses?: 'error' | 'unmet';
}

export type SectioningValidation =
  | { ok: true; instance: SectioningInstance }
  | { ok: false; kind: 'invalid'; errors: string[] }
  | { ok: false; kind: 'infeasible'; errors: string[] };

function describePath(data: unknown, path: PropertyKey[]): string {
  // Name the object as the school does ("student 100234: request 2: course") rather than by index.
  const parts: string[] = [];
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const parent = i > 0 ? path[i - 1] : undefined;
    if (typeof key === 'number' && (parent === 'students' || parent === 'sections' || parent === 'courses')) {
      const ident = next !== null && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
      const noun = parent === 'students' ? 'student' : parent === 'sections' ? 'section' : 'course';
      parts.push(typeof ident === 'string' || typeof ident === 'number' ? `${noun} ${ident}` : `${noun} #${key + 1}`);
    } else if (typeof key === 'number' && parent === 'requests') {
      parts.push(`request ${key + 1}`);
    } else if (typeof key === 'number') {
      parts.push(`${String(parent)}[${key}]`);
    } else if (!(i + 1 < path.length && typeof path[i + 1] === 'number' && ['students', 'sections', 'courses', 'requests'].includes(String(key)))) {
      parts.push(String(key));
    }
    node = next;
  }
  return parts.join(': ');
}

/**
 * Validate a parsed JSON document as a sectioning instance. `invalid` errors are about the
 * document; `infeasible` ones are hard rules that no schedule can keep (fixed sections that
 * overfill, clash or sit in an unavailable slot), reported rather than silently repaired.
 */
export function validateSectioningInstance(data: unknown, options: ValidationOptions = {}): SectioningValidation {
  const parsed = sectioningInstanceSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, 50).map((issue) => {
      const where = describePath(data, issue.path);
      return where ? `${where}: ${issue.message}` : issue.message;
    });
    return { ok: false, kind: 'invalid', errors };
  }
  const instance = parsed.data;
  const errors: string[] = [];
  const slotSet = new Set<string>();
  for (const slot of instance.slots) {
    if (slotSet.has(slot)) errors.push(`slots: slot '${slot}' is listed twice`);
    slotSet.add(slot);
  }
  const courseIds = new Set<string>();
  for (const course of instance.courses) {
    if (courseIds.has(course.id)) errors.push(`course ${course.id}: id is used twice`);
    courseIds.add(course.id);
  }
  const sectionById = new Map<string, Section>();
  for (const section of instance.sections) {
    if (sectionById.has(section.id)) errors.push(`section ${section.id}: id is used twice`);
    sectionById.set(section.id, section);
    if (!courseIds.has(section.course)) errors.push(`section ${section.id}: course '${section.course}' is not a course of the instance`);
    const seen = new Set<string>();
    for (const slot of section.slots) {
      if (!slotSet.has(slot)) errors.push(`section ${section.id}: slot '${slot}' is not a slot of the instance`);
      if (seen.has(slot)) errors.push(`section ${section.id}: slot '${slot}' is listed twice`);
      seen.add(slot);
    }
  }
  const studentIds = new Set<string>();
  for (const student of instance.students) {
    const who = `student ${student.id}`;
    if (studentIds.has(student.id)) errors.push(`${who}: id is used twice`);
    studentIds.add(student.id);
    student.requests.forEach((request, r) => {
      if (options.unknownCourses !== 'unmet') {
        if (!courseIds.has(request.course)) errors.push(`${who}: request ${r + 1}: course '${request.course}' is not a course of the instance`);
        for (const alternate of request.alternates) {
          if (!courseIds.has(alternate)) errors.push(`${who}: request ${r + 1}: alternate '${alternate}' is not a course of the instance`);
        }
      }
    });
    for (const slot of student.unavailableSlots) {
      if (!slotSet.has(slot)) errors.push(`${who}: unavailableSlots: '${slot}' is not a slot of the instance`);
    }
  }
  if (errors.length > 0) return { ok: false, kind: 'invalid', errors };

  const infeasible = fixedSectionConflicts(instance, sectionById);
  if (infeasible.length > 0) return { ok: false, kind: 'infeasible', errors: infeasible };
  return { ok: true, instance };
}

/** Hard rules already broken by the students' fixed sections; empty when none is. */
export function fixedSectionConflicts(instance: SectioningInstance, sectionById = new Map(instance.sections.map((s) => [s.id, s]))): string[] {
  const problems: string[] = [];
  const fixedCount = new Map<string, number>();
  for (const student of instance.students) {
    const who = `student ${student.id}`;
    const unavailable = new Set(student.unavailableSlots);
    const slotHolder = new Map<string, string>();
    const courseHolder = new Map<string, string>();
    const seen = new Set<string>();
    for (const fixedId of student.fixed) {
      const section = sectionById.get(fixedId);
      if (!section) {
        problems.push(`${who}: fixed section ${fixedId} is not a section of the instance`);
        continue;
      }
      if (seen.has(fixedId)) continue;
      seen.add(fixedId);
      fixedCount.set(fixedId, (fixedCount.get(fixedId) ?? 0) + 1);
      const sameCourse = courseHolder.get(section.course);
      if (sameCourse) problems.push(`${who}: fixed sections ${sameCourse} and ${fixedId} are both of course ${section.course}`);
      courseHolder.set(section.course, fixedId);
      for (const slot of section.slots) {
        if (unavailable.has(slot)) problems.push(`${who}: fixed section ${fixedId} meets in ${slot}, one of the student's unavailable slots`);
        const other = slotHolder.get(slot);
        if (other) problems.push(`${who}: fixed sections ${other} and ${fixedId} both meet in ${slot}`);
        slotHolder.set(slot, fixedId);
      }
    }
  }
  for (const [sectionId, count] of fixedCount) {
    const section = sectionById.get(sectionId)!;
    if (count > section.capacity) problems.push(`section ${sectionId}: ${count} students are fixed in it but it has ${section.capacity} seats`);
  }
  return problems;
}

/** Parse and validate a JSON text; a JSON syntax error is an `invalid` document. */
export function parseSectioningInstance(text: string, options: ValidationOptions = {}): SectioningValidation {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: 'invalid', errors: [`not valid JSON: ${(error as Error).message}`] };
  }
  return validateSectioningInstance(data, options);
}
