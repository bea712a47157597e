import { z } from 'zod';

/**
 * The contract of school setup's catalog side: the district's course catalog, a school's rooms,
 * its periods and bell schedules, and its sections (course, term, period, teacher, room, seats).
 */
const id = z.number().int();
const version = z.number().int();

export const SUBJECTS = ['english', 'math', 'science', 'social', 'language', 'arts', 'pe', 'health', 'elective', 'cte', 'rotc'] as const;
/** The UC/CSU "a-g" subject areas a course meets. */
export const AG_AREAS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export const HONORS_KINDS = ['none', 'honors', 'ap', 'ib', 'college'] as const;
export const TERM_LENGTHS = ['semester', 'year'] as const;
/** The room kinds a course may need; a school may name others. */
export const ROOM_KINDS = ['classroom', 'lab', 'gym', 'art', 'music', 'shop', 'computer'] as const;
/** When a section meets: one term, or every semester of the year. */
export const SECTION_TERMS = ['S1', 'S2', 'SU', 'year'] as const;

export const prerequisite = z.strictObject({ courseId: id, code: z.string(), title: z.string(), minimumMark: z.string() });
export const course = z.strictObject({
  id,
  code: z.string(),
  title: z.string(),
  /** Exact, as stored: "5.00". */
  credits: z.string(),
  subject: z.enum(SUBJECTS).nullable(),
  agArea: z.enum(AG_AREAS).nullable(),
  language: z.string().nullable(),
  honors: z.enum(HONORS_KINDS),
  termLength: z.enum(TERM_LENGTHS),
  repeatableForCredit: z.boolean(),
  lowGrade: z.number().int(),
  highGrade: z.number().int(),
  roomKind: z.string(),
  department: z.string().nullable(),
  active: z.boolean(),
  prerequisites: z.array(prerequisite),
  version,
});
export const courseList = z.strictObject({ items: z.array(course), total: z.number().int(), truncated: z.boolean() });

export const room = z.strictObject({ id, schoolId: id, code: z.string(), name: z.string().nullable(), kind: z.string(), capacity: z.number().int(), sections: z.number().int(), version });
export const roomList = z.strictObject({ schoolId: id, items: z.array(room) });

export const period = z.strictObject({ id, code: z.string(), name: z.string(), sortOrder: z.number().int(), sections: z.number().int(), version });
export const bellSchedule = z.strictObject({
  id,
  name: z.string(),
  isDefault: z.boolean(),
  periods: z.array(z.strictObject({ periodId: id, code: z.string(), startsAt: z.string(), endsAt: z.string() })),
  version,
});
export const bellSchedules = z.strictObject({ schoolId: id, periods: z.array(period), bellSchedules: z.array(bellSchedule) });
export const removedPeriod = z.strictObject({ periodId: id, code: z.string(), removed: z.literal(true) });

export const setupSection = z.strictObject({
  id,
  code: z.string(),
  course: z.strictObject({ id, code: z.string(), title: z.string(), termLength: z.enum(TERM_LENGTHS) }),
  /** S1, S2, SU or year; null before the section meets anywhere. */
  term: z.enum(SECTION_TERMS).nullable(),
  period: z.strictObject({ id, code: z.string() }).nullable(),
  teacher: z.strictObject({ staffId: id, name: z.string() }).nullable(),
  room: z.strictObject({ id, code: z.string() }).nullable(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  locked: z.boolean(),
  program: z.string().nullable(),
  version,
});
export const schoolSections = z.strictObject({
  schoolId: id,
  schoolYear: z.strictObject({ id, name: z.string() }),
  items: z.array(setupSection),
  /** What a section may be given at this school in this year. */
  choices: z.strictObject({
    terms: z.array(z.strictObject({ id, code: z.string(), name: z.string() })),
    periods: z.array(z.strictObject({ id, code: z.string(), name: z.string() })),
    rooms: z.array(z.strictObject({ id, code: z.string(), kind: z.string(), capacity: z.number().int() })),
    teachers: z.array(z.strictObject({ staffId: id, name: z.string() })),
  }),
});

export type Course = z.output<typeof course>;
export type CourseList = z.output<typeof courseList>;
export type Room = z.output<typeof room>;
export type RoomList = z.output<typeof roomList>;
export type Period = z.output<typeof period>;
export type BellSchedule = z.output<typeof bellSchedule>;
export type BellSchedules = z.output<typeof bellSchedules>;
export type SetupSection = z.output<typeof setupSection>;
export type SchoolSections = z.output<typeof schoolSections>;
