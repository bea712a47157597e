// homeroom.master/v1: what the master-schedule builder reads (docs/master-schedule.md).
// Validation reports every problem it finds, each naming the object a scheduler would look for
// (`student 100234: fixed section RSP-09 is not the id of a lock`), never a bare JSON path.
import { z } from 'zod';
import { studentSchema, type Section } from './sectioning.ts';

const nonEmpty = z.string().min(1);
const count = z.number().int().min(0);
const seats = z.number().int().min(1);

const courseSchema = z.object({
  id: nonEmpty,
  title: z.string(),
  term: z.enum(['year', 'sem']),
  sections: count,
  capacity: seats,
  roomType: nonEmpty.optional(),
  department: z.string().optional(),
});

const teacherSchema = z.object({
  id: nonEmpty,
  courses: z.array(z.string()),
  maxSections: count,
  unavailableSlots: z.array(z.string()).optional(),
  department: z.string().optional(),
});

const roomSchema = z.object({
  id: nonEmpty,
  type: nonEmpty,
  capacity: seats,
  name: z.string().optional(),
});

const lockSchema = z.object({
  course: nonEmpty,
  id: nonEmpty.optional(),
  slots: z.array(z.string()).optional(),
  teacher: nonEmpty.optional(),
  room: nonEmpty.optional(),
});

const masterSchema = z.object({
  format: z.literal('homeroom.master/v1'),
  name: z.string().optional(),
  terms: z.array(nonEmpty).min(1),
  periods: z.number().int().min(1),
  courses: z.array(courseSchema),
  teachers: z.array(teacherSchema),
  rooms: z.array(roomSchema),
  locks: z.array(lockSchema).optional(),
  students: z.array(studentSchema),
});

export type MasterCourse = z.infer<typeof courseSchema>;
export type MasterTeacher = z.infer<typeof teacherSchema>;
export type MasterRoom = z.infer<typeof roomSchema>;
export type MasterLock = z.infer<typeof lockSchema>;
/** A student exactly as the input gives it (sectioning.md's student; optional fields may be absent). */
export type MasterStudent = z.input<typeof studentSchema> & Record<string, unknown>;
/** A valid homeroom.master/v1 document. Students are the input's own objects, untouched. */
export type MasterInput = Omit<z.infer<typeof masterSchema>, 'students'> & { students: MasterStudent[] };

/** The `homeroom.sectioning/v1` instance the builder writes (sectioning.md). */
export interface MasterScheduleOutput {
  format: 'homeroom.sectioning/v1';
  name: string;
  slots: string[];
  courses: { id: string; title: string; term: 'year' | 'sem' }[];
  sections: ScheduledSection[];
  students: MasterStudent[];
}

/** A section of sectioning.md that the builder made: it always has its teacher and room. */
export type ScheduledSection = Section & { teacher: string; room: string };

export type MasterValidation = { ok: true; input: MasterInput } | { ok: false; errors: string[] };

/** Every slot of the school, term by term, period by period (`S1-P1` … `S2-P6`). */
export function schoolSlots(terms: readonly string[], periods: number): string[] {
  return terms.flatMap((term) => Array.from({ length: periods }, (_, p) => `${term}-P${p + 1}`));
}

/** The slots a year section in `period` (1-based) meets in: one in every term. */
export function yearSlots(terms: readonly string[], period: number): string[] {
  return terms.map((term) => `${term}-P${period}`);
}

/** The room type a course needs: `classroom` unless it says otherwise. */
export function roomTypeOf(course: MasterCourse): string {
  return course.roomType ?? 'classroom';
}

/** How a lock is named in messages: its id when it has one, else its place in the list and its course. */
export function lockName(lock: MasterLock, index: number): string {
  return lock.id !== undefined ? `lock ${lock.id}` : `lock ${index + 1} (${lock.course})`;
}

function describeIssuePath(document: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  const owners: Record<string, string> = { courses: 'course', teachers: 'teacher', rooms: 'room', locks: 'lock', students: 'student' };
  if (typeof list === 'string' && owners[list] !== undefined && typeof index === 'number') {
    const item = (document[list] as unknown[] | undefined)?.[index] as { id?: unknown; course?: unknown } | undefined;
    const id = typeof item?.id === 'string' && item.id !== '' ? item.id : undefined;
    const owner =
      list === 'locks'
        ? id !== undefined ? `lock ${id}` : `lock ${index + 1}${typeof item?.course === 'string' ? ` (${item.course})` : ''}`
        : id !== undefined ? `${owners[list]} ${id}` : `${owners[list]} ${index + 1} in ${list}`;
    return rest.length === 0 ? owner : `${owner}: ${rest.map(String).join('.')}`;
  }
  return path.length === 0 ? 'document' : path.map(String).join('.');
}

/**
 * Checks a parsed JSON value against homeroom.master/v1: shape first, then every rule that ties
 * objects together (ids, slots, qualifications, locks, fixed students). All problems are listed.
 */
export function validateMasterInput(value: unknown): MasterValidation {
  const parsed = masterSchema.safeParse(value);
  if (!parsed.success) {
    const document = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${describeIssuePath(document, issue.path)}: ${issue.message}`),
    };
  }
  // The parse copies objects and fills defaults; students must leave exactly as they came.
  const input: MasterInput = { ...parsed.data, students: (value as { students: MasterStudent[] }).students };
  const errors: string[] = [];

  const termNames = new Set<string>();
  for (const term of input.terms) {
    if (term.includes('-')) errors.push(`term ${term}: a term name may not contain "-"`);
    if (termNames.has(term)) errors.push(`term ${term}: listed twice`);
    termNames.add(term);
  }
  const slots = new Set(schoolSlots(input.terms, input.periods));
  const checkSlots = (owner: string, field: string, list: readonly string[] | undefined) => {
    const seen = new Set<string>();
    for (const slot of list ?? []) {
      if (!slots.has(slot)) errors.push(`${owner}: ${field} ${slot} is not a slot of the school`);
      else if (seen.has(slot)) errors.push(`${owner}: ${field} ${slot} is listed twice`);
      seen.add(slot);
    }
  };
  const duplicates = (kind: string, ids: readonly string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) errors.push(`${kind} ${id}: the id is used twice`);
      seen.add(id);
    }
  };

  duplicates('course', input.courses.map((c) => c.id));
  duplicates('teacher', input.teachers.map((t) => t.id));
  duplicates('room', input.rooms.map((r) => r.id));
  duplicates('student', input.students.map((s) => String(s.id)));
  const courses = new Map(input.courses.map((c) => [c.id, c]));
  const teachers = new Map(input.teachers.map((t) => [t.id, t]));
  const rooms = new Map(input.rooms.map((r) => [r.id, r]));

  for (const teacher of input.teachers) checkSlots(`teacher ${teacher.id}`, 'unavailable slot', teacher.unavailableSlots);

  const locks = input.locks ?? [];
  duplicates('lock', locks.flatMap((l) => (l.id !== undefined ? [l.id] : [])));
  const locksPerCourse = new Map<string, number>();
  for (const [index, lock] of locks.entries()) {
    const name = lockName(lock, index);
    const course = courses.get(lock.course);
    if (!course) {
      errors.push(`${name}: course ${lock.course} is not a course of the input`);
      continue;
    }
    locksPerCourse.set(course.id, (locksPerCourse.get(course.id) ?? 0) + 1);
    if (lock.slots !== undefined) {
      checkSlots(name, 'slot', lock.slots);
      if (lock.slots.every((slot) => slots.has(slot))) {
        if (course.term === 'sem' && lock.slots.length !== 1) {
          errors.push(`${name}: ${course.id} is a semester course, so its section meets in exactly one slot (got ${lock.slots.length})`);
        }
        if (course.term === 'year') {
          const period = lock.slots[0]?.split('-P')[1];
          const expected = period === undefined ? [] : yearSlots(input.terms, Number(period));
          const same = expected.length === lock.slots.length && expected.every((slot) => lock.slots!.includes(slot));
          if (!same) {
            errors.push(`${name}: ${course.id} is a year course, so its section meets in the same period of every term (${input.terms.map((t) => `${t}-Pn`).join(', ')}); got ${lock.slots.join(', ') || 'no slot'}`);
          }
        }
      }
    }
    if (lock.teacher !== undefined) {
      const teacher = teachers.get(lock.teacher);
      if (!teacher) errors.push(`${name}: teacher ${lock.teacher} is not a teacher of the input`);
      else {
        if (!teacher.courses.includes(course.id)) errors.push(`${name}: teacher ${teacher.id} is not qualified for ${course.id}`);
        const away = (lock.slots ?? []).filter((slot) => teacher.unavailableSlots?.includes(slot));
        if (away.length > 0) errors.push(`${name}: teacher ${teacher.id} is unavailable in ${away.join(', ')}`);
      }
    }
    if (lock.room !== undefined) {
      const room = rooms.get(lock.room);
      if (!room) errors.push(`${name}: room ${lock.room} is not a room of the input`);
      else {
        if (room.type !== roomTypeOf(course)) errors.push(`${name}: room ${room.id} is a ${room.type} room but ${course.id} needs ${roomTypeOf(course)}`);
        if (room.capacity < course.capacity) errors.push(`${name}: room ${room.id} seats ${room.capacity} but ${course.id} sections seat ${course.capacity}`);
      }
    }
  }
  for (const [courseId, locked] of locksPerCourse) {
    const course = courses.get(courseId)!;
    if (locked > course.sections) errors.push(`course ${courseId}: ${locked} locks but only ${course.sections} sections`);
  }

  const lockIds = new Map(locks.flatMap((l) => (l.id !== undefined ? [[l.id, l] as const] : [])));
  const fixedCount = new Map<string, number>();
  for (const student of input.students) {
    const owner = `student ${student.id}`;
    checkSlots(owner, 'unavailable slot', student.unavailableSlots);
    const seen = new Set<string>();
    for (const fixed of (student.fixed ?? []).map(String)) {
      if (!lockIds.has(fixed)) errors.push(`${owner}: fixed section ${fixed} is not the id of a lock`);
      else if (seen.has(fixed)) errors.push(`${owner}: fixed section ${fixed} is listed twice`);
      else fixedCount.set(fixed, (fixedCount.get(fixed) ?? 0) + 1);
      seen.add(fixed);
    }
  }
  for (const [lockId, students] of fixedCount) {
    const course = courses.get(lockIds.get(lockId)!.course);
    if (course && students > course.capacity) {
      errors.push(`lock ${lockId}: ${students} students are fixed in it but ${course.id} sections seat ${course.capacity}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, input };
}
