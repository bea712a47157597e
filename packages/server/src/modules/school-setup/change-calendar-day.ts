import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DAY_TYPES } from '@homeroom/core/api/school-setup';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { Problem, staleVersion } from '../../http/problem.ts';
import { invalid } from '../../http/validate.ts';
import { CALENDAR_KEEPERS, describeDay, isInstructional } from './calendar.ts';
import { requireDistrictAdmin } from './change-school-year.ts';
import { attendanceOnDay, calendarDayForUpdate, districtSchools, insertCalendarDay, schoolYearContaining, updateCalendarDay } from './school-setup.repository.ts';

export const calendarDayInput = z.strictObject({
  dayType: z.enum(DAY_TYPES),
  note: z.string().trim().max(200).nullable().default(null),
});

type DayInput = z.output<typeof calendarDayInput>;

async function setDay(trx: Handle, actor: Actor, origin: RequestOrigin, school: { id: number; name: string }, day: string, schoolYearId: number, input: DayInput, expectedVersion: number | null | 'any') {
  const d = actor.districtId;
  const existing = await calendarDayForUpdate(trx, d, school.id, day);
  if (existing && expectedVersion === null) throw new Problem(428, 'if-match-required', 'The edit does not say which version it changes', `${school.name} already has ${day} in its calendar; send the ETag you read as If-Match.`);
  if (!existing && typeof expectedVersion === 'number') throw new Problem(412, 'stale-version', `${day} is no longer in the calendar of ${school.name}`, 'Nothing was saved. Reload the calendar and try again.');
  const instructional = isInstructional(input.dayType);
  if (!instructional && (existing?.is_instructional ?? true)) {
    const attendance = await attendanceOnDay(trx, d, school.id, day);
    if (attendance > 0) {
      throw new Problem(409, 'day-has-attendance', `${day} already has attendance at ${school.name}`, `${school.name} took ${attendance} attendance ${attendance === 1 ? 'record' : 'records'} on ${day}: it stays a school day. Nothing was saved.`, { field: 'body.dayType', schoolId: school.id, dependents: { attendance } });
    }
  }
  const values = { dayType: input.dayType, instructional, note: input.note };
  let row;
  if (existing) {
    row = await updateCalendarDay(trx, d, school.id, day, expectedVersion === 'any' ? existing.version : expectedVersion!, values);
    if (!row) throw staleVersion(`${day} at ${school.name}`, 'the calendar');
  } else {
    row = await insertCalendarDay(trx, d, school.id, day, schoolYearId, values);
  }
  await writeAudit(trx, actor, origin, { action: existing ? 'update' : 'create', entity: 'calendar-day', entityId: `${school.id}/${day}`, schoolId: school.id, reason: 'school setup: calendar', details: { day, from: existing?.day_type ?? null, to: input.dayType, note: input.note } });
  return describeDay(row);
}

async function yearOf(trx: Handle, districtId: number, day: string) {
  const year = await schoolYearContaining(trx, districtId, day);
  if (!year) throw invalid([{ field: 'params.date', message: `is in no school year of the district; set up that year first` }]);
  return year;
}

/**
 * Makes a day of a school's calendar a school day, a minimum day, a holiday (or another day off),
 * against the version seen when the day is already in the calendar. A day that has attendance
 * stays a school day.
 */
export async function changeCalendarDay(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, day: string, input: DayInput, expectedVersion: number | null) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, CALENDAR_KEEPERS);
    const year = await yearOf(trx, actor.districtId, day);
    return { day, days: [await setDay(trx, actor, origin, school, day, year.id, input, expectedVersion)] };
  });
}

/** The same day for every school of the district (a district holiday): all of them change or none. */
export async function changeDistrictCalendarDay(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, day: string, input: DayInput) {
  requireDistrictAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const year = await yearOf(trx, actor.districtId, day);
    const days = [];
    for (const school of await districtSchools(trx, actor.districtId)) days.push(await setDay(trx, actor, origin, school, day, year.id, input, 'any'));
    return { day, days };
  });
}
