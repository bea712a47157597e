import { sql } from 'kysely';
import type { DailyAttendance } from '@homeroom/core/attendance/index';
import type { Handle } from '../../db/handle.ts';

// One student's attendance: what the profile reads and what the attendance office corrects.

/** The student's primary enrollments that overlap the span, oldest first. */
export function primaryEnrollmentsDuring(db: Handle, districtId: number, studentId: number, from: string, through: string) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'e.district_id').onRef('s.id', '=', 'e.school_id'))
    .select(['e.school_id', 's.name as school_name', 'e.entry_date', 'e.exit_date'])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', '=', studentId)
    .where('e.is_primary', '=', true)
    .where('e.entry_date', '<=', through)
    .where((eb) => eb.or([eb('e.exit_date', 'is', null), eb('e.exit_date', '>', from)]))
    .orderBy('e.entry_date')
    .execute();
}

/** The days in the span the student was absent all day. */
export async function absentDays(db: Handle, districtId: number, studentId: number, from: string, through: string): Promise<string[]> {
  const rows = await db.selectFrom('daily_attendance').select('day').where('district_id', '=', districtId).where('student_id', '=', studentId).where('status', '=', 'absent').where('day', '>=', from).where('day', '<=', through).execute();
  return rows.map((r) => r.day);
}

/** The most recent days in the span that were not simply present, newest first. */
export function daysNotPresent(db: Handle, districtId: number, studentId: number, from: string, through: string, limit: number) {
  return db
    .selectFrom('daily_attendance as a')
    .innerJoin('school as s', (j) => j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.school_id'))
    .select(['a.day', 'a.status', 'a.code', 'a.source', 's.name as school'])
    .where('a.district_id', '=', districtId)
    .where('a.student_id', '=', studentId)
    .where('a.status', '<>', 'present')
    .where('a.day', '>=', from)
    .where('a.day', '<=', through)
    .orderBy('a.day', 'desc')
    .limit(limit)
    .execute();
}

/** The most recent class meetings in the span marked other than present, newest first, in period order within a day. */
export function meetingsNotPresent(db: Handle, districtId: number, studentId: number, presentCode: string, from: string, through: string, limit: number) {
  return db
    .selectFrom('period_attendance as a')
    .innerJoin('section as s', (j) => j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.section_id'))
    .innerJoin('course as c', (j) => j.onRef('c.district_id', '=', 's.district_id').onRef('c.id', '=', 's.course_id'))
    .innerJoin('period as p', (j) => j.onRef('p.district_id', '=', 'a.district_id').onRef('p.id', '=', 'a.period_id'))
    .select(['a.day', 'a.section_id', 's.code as section', 'c.title as course', 'p.code as period', 'a.code', 'a.source', 'a.minutes_absent'])
    .where('a.district_id', '=', districtId)
    .where('a.student_id', '=', studentId)
    .where('a.code', '<>', presentCode)
    .where('a.day', '>=', from)
    .where('a.day', '<=', through)
    .orderBy('a.day', 'desc')
    .orderBy('p.sort_order')
    .limit(limit)
    .execute();
}

/** The student's stored day, if any. */
export function dailyAttendanceOn(db: Handle, districtId: number, studentId: number, day: string) {
  return db.selectFrom('daily_attendance').select(['code', 'status']).where('district_id', '=', districtId).where('student_id', '=', studentId).where('day', '=', day).executeTakeFirst();
}

export interface DayCorrection {
  districtId: number;
  studentId: number;
  day: string;
  schoolId: number;
  /** The day as the new code makes it. */
  set: DailyAttendance;
  oldCode: string | null;
  newCode: string;
  reason: string;
  changedBy: number | null;
}

/**
 * The office sets a whole day by hand: the day is no longer derived from the class meetings (a
 * later save of a meeting leaves it alone), and the change is kept with its reason.
 */
export async function storeDayCorrection(db: Handle, c: DayCorrection): Promise<void> {
  await db
    .insertInto('daily_attendance')
    .values({ district_id: c.districtId, student_id: c.studentId, day: c.day, school_id: c.schoolId, status: c.set.status, code: c.set.code, periods_absent: c.set.periodsAbsent, periods_scheduled: c.set.periodsScheduled, derived: false, source: 'clerk' })
    .onConflict((oc) => oc.columns(['district_id', 'student_id', 'day']).doUpdateSet({ school_id: c.schoolId, status: c.set.status, code: c.set.code, derived: false, source: 'clerk', updated_at: sql`now()` }))
    .execute();
  await db
    .insertInto('attendance_change')
    .values({ district_id: c.districtId, student_id: c.studentId, day: c.day, section_id: null, period_id: null, old_code: c.oldCode, new_code: c.newCode, source: 'clerk', reason: c.reason, changed_by: c.changedBy })
    .execute();
}

/** Names of the students listed (for a school's list of chronically absent students). */
export function studentNamesOf(db: Handle, districtId: number, studentIds: readonly number[]) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('student').select(['id', 'local_id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', 'in', [...studentIds]).execute();
}

/** Whether a note may come from this person: a guardian of the student on file, without a court restriction. */
export async function isUnrestrictedGuardian(db: Handle, districtId: number, studentId: number, guardianId: number): Promise<boolean> {
  const row = await db
    .selectFrom('student_guardian')
    .select('guardian_id')
    .where('district_id', '=', districtId)
    .where('student_id', '=', studentId)
    .where('guardian_id', '=', guardianId)
    .where('access_restricted', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AttendanceNote {
  districtId: number;
  studentId: number;
  from: string;
  to: string;
  reason: string;
  guardianId: number | null;
  receivedBy: number | null;
  /** The schools whose office recorded it; null for every school. */
  schoolIds: number[] | null;
}

export async function insertAttendanceNote(db: Handle, note: AttendanceNote): Promise<number> {
  const row = await db
    .insertInto('attendance_note')
    .values({ district_id: note.districtId, student_id: note.studentId, from_day: note.from, to_day: note.to, reason: note.reason, guardian_id: note.guardianId, received_by: note.receivedBy, school_ids: note.schoolIds })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The student's class meetings in the span marked with one of the codes, at the schools given ('all' for every school). */
export function meetingsMarked(db: Handle, districtId: number, studentId: number, from: string, to: string, codes: readonly string[], schools: number[] | 'all') {
  return db
    .selectFrom('period_attendance as a')
    .innerJoin('section as s', (j) => j.onRef('s.district_id', '=', 'a.district_id').onRef('s.id', '=', 'a.section_id'))
    .select(['a.section_id', 'a.period_id', 'a.day', 'a.code', 'a.source', 'a.minutes_absent', 's.school_id'])
    .where('a.district_id', '=', districtId)
    .where('a.student_id', '=', studentId)
    .where('a.day', '>=', from)
    .where('a.day', '<=', to)
    .where('a.code', 'in', [...codes])
    .$if(schools !== 'all', (q) => q.where('s.school_id', 'in', schools as number[]))
    .execute();
}

export interface DaysRecoded {
  districtId: number;
  studentId: number;
  from: string;
  to: string;
  /** The codes replaced. */
  codes: readonly string[];
  newCode: string;
  schools: number[] | 'all';
  reason: string;
  changedBy: number | null;
}

/**
 * Days recorded directly (elementary, or set by the office) that carry one of the codes take the
 * new one, each change kept with its reason. Derived days are left to their class meetings.
 * Answers how many days changed.
 */
export async function recodeDirectDays(db: Handle, r: DaysRecoded): Promise<number> {
  const days = await db
    .updateTable('daily_attendance as a')
    .from('daily_attendance as before')
    .set({ code: r.newCode, source: 'parent-note', updated_at: sql`now()` })
    .whereRef('before.district_id', '=', 'a.district_id')
    .whereRef('before.student_id', '=', 'a.student_id')
    .whereRef('before.day', '=', 'a.day')
    .where('a.district_id', '=', r.districtId)
    .where('a.student_id', '=', r.studentId)
    .where('a.derived', '=', false)
    .where('a.day', '>=', r.from)
    .where('a.day', '<=', r.to)
    .where('a.code', 'in', [...r.codes])
    .$if(r.schools !== 'all', (q) => q.where('a.school_id', 'in', r.schools as number[]))
    .returning(['a.day', 'before.code as old_code'])
    .execute();
  if (days.length > 0) {
    await db
      .insertInto('attendance_change')
      .values(
        days.map((d) => ({
          district_id: r.districtId,
          student_id: r.studentId,
          day: d.day,
          section_id: null,
          period_id: null,
          old_code: d.old_code,
          new_code: r.newCode,
          source: 'parent-note',
          reason: r.reason,
          changed_by: r.changedBy,
        })),
      )
      .execute();
  }
  return days.length;
}
