import { addDays } from '@homeroom/core/attendance/index';
import { ATTENDANCE_OFFICE, servesSchool } from '../../auth/access.ts';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { findSectionOnDay, type MeetingPeriod, type SectionOnDay } from './attendance.repository.ts';
import type { Handle } from '../../db/handle.ts';

/**
 * The section, if the actor may take its attendance on that day: its teacher that day, or an
 * administrator or clerk of its school. Anyone else gets "not found", so that the answer does not
 * reveal which sections exist elsewhere.
 */
export async function sectionForAttendance(
  trx: Handle,
  actor: Actor,
  sectionId: number,
  /** null: today in the district. */
  day: string | null,
  options: { lock?: boolean; idempotencyKey?: string } = {},
): Promise<{ section: SectionOnDay; asTeacherOnly: boolean }> {
  const section = await findSectionOnDay(trx, actor.districtId, sectionId, day, actor.staffId, actor.today, options);
  if (!section) throw notFound('This section');
  const office = servesSchool(actor, section.school_id, ATTENDANCE_OFFICE);
  const teaches = hasRole(actor, 'teacher') && section.teaches;
  if (!office && !teaches) throw notFound('This section');
  return { section, asTeacherOnly: !office };
}

/** Attendance is taken on school days only, and never ahead of time. */
export function requireSchoolDay(section: Pick<SectionOnDay, 'is_instructional' | 'day_type' | 'day_note' | 'school_name' | 'today'>, day: string): void {
  if (section.is_instructional !== true) {
    const why = section.is_instructional === null ? `it is not on ${section.school_name}'s calendar` : (section.day_note ?? DAY_TYPES[section.day_type ?? ''] ?? 'not an instructional day');
    throw new Problem(422, 'no-school', `No school on ${day}: ${why}`, `Attendance is taken only on instructional days. If ${section.school_name} is open on ${day}, ask the school office to correct its calendar.`, { date: day });
  }
  if (day > section.today) {
    throw new Problem(422, 'attendance-in-future', `${day} has not happened yet`, `Attendance for ${day} can be taken on that day. Today is ${section.today}.`);
  }
}

const DAY_TYPES: Record<string, string> = { holiday: 'a holiday', 'pupil-free': 'a pupil-free day', weekend: 'a weekend', break: 'a school break' };

/** A teacher may take or change attendance for today and a few days back; older changes go to the clerk. */
export function requireTeacherWindow(section: Pick<SectionOnDay, 'today'>, day: string, teacherEditDays: number): void {
  if (day < addDays(section.today, -teacherEditDays)) {
    throw new Problem(
      403,
      'attendance-window-closed',
      `Attendance for ${day} can no longer be changed by a teacher`,
      `Teachers can take or change attendance up to ${teacherEditDays} day(s) back. Ask your school's attendance clerk to correct ${day}; they record the reason.`,
    );
  }
}

/**
 * The period a save is for: the one named, or the only one the section meets that day. A daily-mode
 * school takes one attendance per homeroom per day: no period.
 */
export function periodForDay(section: SectionOnDay, day: string, periodCode: string | undefined): { period: MeetingPeriod | null; periods: MeetingPeriod[] } {
  const periods = section.meetings;
  if (section.attendance_mode === 'daily') return { period: null, periods };
  if (periodCode !== undefined) {
    const period = periods.find((p) => p.code === periodCode);
    if (!period) {
      throw new Problem(422, 'section-does-not-meet', `${section.code} does not meet in ${periodCode} on ${day}`, periods.length ? `It meets in ${periods.map((p) => p.code).join(', ')} that day.` : 'It does not meet that day.');
    }
    return { period, periods };
  }
  if (periods.length === 0) throw new Problem(422, 'section-does-not-meet', `${section.code} does not meet on ${day}`, 'Its term or its days of the week do not include that day, so there is no attendance to take.');
  if (periods.length > 1) throw new Problem(422, 'period-required', `${section.code} meets more than once on ${day}`, `Say which period: ${periods.map((p) => p.code).join(', ')}.`);
  return { period: periods[0]!, periods };
}
