import type { Kysely } from 'kysely';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { CALENDAR_READERS, describeDay } from './calendar.ts';
import { calendarDays } from './school-setup.repository.ts';

/** A school's calendar days of one month (YYYY-MM); days not in the calendar are not school days. */
export async function viewCalendar(db: Kysely<Database>, actor: Actor, schoolId: number, month: string) {
  await requireSchool(db, actor, schoolId, CALENDAR_READERS);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const days = await calendarDays(db, actor.districtId, schoolId, `${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
  return { schoolId, month, days: days.map(describeDay) };
}
