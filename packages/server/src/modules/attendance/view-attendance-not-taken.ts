import { weekdayLetter } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { calendarDayOf, districtSchools, findSchool, meetingsOn } from './attendance-figures.repository.ts';
import { ATTENDANCE_OFFICE, servesSchool, servesWholeDistrict } from '../../auth/access.ts';

export const attendanceNotTakenInput = z.strictObject({ date: z.iso.date().optional() });

/** The figure watched on the first morning: which classes meeting today have no attendance yet, and whose they are. */
export async function viewAttendanceNotTaken(db: Kysely<Database>, actor: Actor, schoolId: number, input: z.output<typeof attendanceNotTakenInput>) {
  return db.transaction().execute(async (trx) => {
    const school = await findSchool(trx, actor.districtId, schoolId);
    if (!school || !servesSchool(actor, school.id, ATTENDANCE_OFFICE)) throw notFound('This school');
    const day = input.date ?? actor.today;
    const calendar = await calendarDayOf(trx, actor.districtId, school.id, day);
    if (!calendar?.is_instructional) {
      throw new Problem(422, 'no-school', `No school on ${day}: ${calendar ? (calendar.note ?? calendar.day_type) : `it is not on ${school.name}'s calendar`}`, 'Attendance is taken only on instructional days.', { date: day });
    }
    const meetings = await meetingsOn(trx, actor.districtId, day, weekdayLetter(day), [school.id]);
    const missing = meetings.filter((m) => !m.taken);
    const teachersMissing = new Map<number, string>();
    for (const m of missing) for (const t of m.teachers ?? []) teachersMissing.set(t.staffId, t.name);
    return {
      school: { id: school.id, name: school.name },
      date: day,
      meetings: meetings.length,
      taken: meetings.length - missing.length,
      notTaken: missing.length,
      teachersNotTaken: teachersMissing.size,
      sections: missing.map((m) => ({ sectionId: m.section_id, section: m.section_code, course: m.course_title, period: m.period_code, teachers: m.teachers ?? [] })),
    };
  });
}

/** The same figure for the whole district, school by school, for the district office on the first morning. */
export async function viewDistrictAttendanceNotTaken(db: Kysely<Database>, actor: Actor, input: z.output<typeof attendanceNotTakenInput>) {
  if (!servesWholeDistrict(actor)) throw notFound('The district figures');
  return db.transaction().execute(async (trx) => {
    const day = input.date ?? actor.today;
    const schools = await districtSchools(trx, actor.districtId);
    const meetings = await meetingsOn(trx, actor.districtId, day, weekdayLetter(day), 'all');
    const bySchool = new Map<number, { meetings: number; taken: number; teachers: Set<number> }>();
    for (const m of meetings) {
      const entry = bySchool.get(m.school_id) ?? { meetings: 0, taken: 0, teachers: new Set<number>() };
      entry.meetings += 1;
      if (m.taken) entry.taken += 1;
      else for (const t of m.teachers ?? []) entry.teachers.add(t.staffId);
      bySchool.set(m.school_id, entry);
    }
    const rows = schools
      .filter((s) => bySchool.has(s.id))
      .map((s) => {
        const e = bySchool.get(s.id)!;
        return { school: { id: s.id, code: s.code, name: s.name }, meetings: e.meetings, taken: e.taken, notTaken: e.meetings - e.taken, teachersNotTaken: e.teachers.size };
      });
    return {
      date: day,
      meetings: rows.reduce((n, r) => n + r.meetings, 0),
      taken: rows.reduce((n, r) => n + r.taken, 0),
      notTaken: rows.reduce((n, r) => n + r.notTaken, 0),
      teachersNotTaken: rows.reduce((n, r) => n + r.teachersNotTaken, 0),
      schools: rows,
    };
  });
}
