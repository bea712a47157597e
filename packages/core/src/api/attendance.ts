import { z } from 'zod';

/** The contract of the attendance routes. */
const isoDate = z.iso.date();
const id = z.number().int();
const count = z.number().int();
/** A figure shown rounded; null when there is nothing to divide by. */
const rounded = z.number().nullable();
const named = z.strictObject({ id, name: z.string() });

export const attendanceCode = z.strictObject({ code: z.string(), description: z.string(), countsAsAbsent: z.boolean() });

/** A section's roster on a day: every student's code filled in (present until marked). */
export const sectionAttendance = z.strictObject({
  section: z.strictObject({ id, code: z.string(), course: z.strictObject({ code: z.string(), title: z.string() }), school: named, attendanceMode: z.string() }),
  date: isoDate,
  period: z.strictObject({ code: z.string(), name: z.string() }).nullable(),
  periods: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  taken: z.boolean(),
  takenAt: z.string().nullable(),
  takenBy: z.union([z.number(), z.string()]).nullable(),
  codes: z.array(attendanceCode),
  students: z.array(
    z.strictObject({
      id,
      localId: z.string(),
      name: z.strictObject({ first: z.string(), last: z.string(), preferred: z.string().nullable() }),
      code: z.string(),
      minutesAbsent: z.number().int().nullable(),
      recorded: z.boolean(),
      noteFromHome: z.boolean(),
    }),
  ),
});

export const takenAttendance = z.strictObject({
  stored: z.literal(true),
  /** True when this was a retry of a save already stored: nothing was written again. */
  replayed: z.boolean(),
  takingId: id,
  sectionId: id,
  date: isoDate,
  period: z.string().nullable(),
  students: count,
  present: count,
  absent: count,
  tardy: count,
  changed: count,
});

export const attendanceCorrection = z.strictObject({ date: isoDate, section: z.string().nullable(), period: z.string().nullable(), oldCode: z.string(), code: z.string(), changed: z.boolean() });

export const attendanceNote = z.strictObject({ noteId: id, periodsExcused: count, daysExcused: count });

export const importProblem = z.strictObject({ row: z.number().int(), column: z.string(), message: z.string() });

/** The answer of an import or a dry run; a file with problems is refused (422) with the same problems. */
export const attendanceImportResult = z.strictObject({
  dryRun: z.boolean(),
  /** Data rows read (the header is row 1). */
  rows: count,
  /** Class meetings (or elementary days) the file records. */
  meetings: count,
  /** Codes that change (or would change, in a dry run). */
  changes: count,
  /** Students whose attendance the file touches. */
  students: count,
  problems: z.array(importProblem),
});

export const studentAttendance = z.strictObject({
  schoolYear: z.string(),
  through: isoDate,
  daysEnrolled: count,
  daysAbsent: count,
  daysAttended: count,
  percentAbsent: rounded,
  chronicallyAbsent: z.boolean(),
  codes: z.array(z.strictObject({ code: z.string(), description: z.string(), absent: z.boolean() })),
  days: z.array(z.strictObject({ date: isoDate, status: z.string(), code: z.string().nullable(), source: z.string(), school: z.string() })),
  classMeetings: z.array(
    z.strictObject({ date: isoDate, sectionId: id, section: z.string(), course: z.string(), period: z.string().nullable(), code: z.string(), source: z.string(), minutesAbsent: z.number().int().nullable() }),
  ),
});

export const ada = z.strictObject({
  school: named,
  period: z.string().nullable(),
  from: isoDate,
  to: isoDate,
  through: isoDate,
  daysTaught: count,
  daysEnrolled: count,
  daysOfAttendance: count,
  ada: z.strictObject({ numerator: z.number(), denominator: z.number(), value: rounded }),
  attendanceRate: z.strictObject({ numerator: z.number(), denominator: z.number(), percent: rounded }),
});

export const chronicAbsence = z.strictObject({
  school: named,
  schoolYear: z.string(),
  through: isoDate,
  daysTaught: count,
  minimumDaysEnrolled: count,
  studentsCounted: count,
  chronicallyAbsent: count,
  rate: z.strictObject({ numerator: z.number(), denominator: z.number(), percent: rounded }),
  students: z.array(
    z.strictObject({ id, localId: z.string().nullable(), name: z.strictObject({ first: z.string(), last: z.string() }).nullable(), daysEnrolled: count, daysAbsent: count, percentAbsent: rounded }),
  ),
});

const notTakenFigures = { meetings: count, taken: count, notTaken: count, teachersNotTaken: count };

export const attendanceNotTaken = z.strictObject({
  school: named,
  date: isoDate,
  ...notTakenFigures,
  sections: z.array(z.strictObject({ sectionId: id, section: z.string(), course: z.string(), period: z.string().nullable(), teachers: z.array(z.strictObject({ staffId: id, name: z.string() })) })),
});

export const districtAttendanceNotTaken = z.strictObject({
  date: isoDate,
  ...notTakenFigures,
  schools: z.array(z.strictObject({ school: z.strictObject({ id, code: z.string(), name: z.string() }), ...notTakenFigures })),
});

export type SectionAttendanceAnswer = z.output<typeof sectionAttendance>;
export type TakenAttendance = z.output<typeof takenAttendance>;
export type ImportProblem = z.output<typeof importProblem>;
export type AttendanceImportResult = z.output<typeof attendanceImportResult>;
export type StudentAttendance = z.output<typeof studentAttendance>;
