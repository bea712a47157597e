import type { z } from 'zod';
import type { DAY_TYPES} from '@homeroom/core/api/school-setup';
import { INSTRUCTIONAL_DAY_TYPES, type calendarDay } from '@homeroom/core/api/school-setup';
import type { Role } from '../../auth/roles.ts';

/**
 * Who keeps a school's calendar, and who may read it. The help desk reads a school's calendar as
 * the user it views as (it sees no school directly); it reads the district's school years.
 */
export const CALENDAR_KEEPERS: readonly Role[] = ['district-admin', 'school-admin'];
export const CALENDAR_READERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk', 'counselor'];
export const SCHOOL_YEAR_READERS: readonly Role[] = [...CALENDAR_READERS, 'help-desk'];

export type DayType = (typeof DAY_TYPES)[number];

export function describeDay(row: { school_id: number; day: string; day_type: string; is_instructional: boolean; note: string | null; version: number }): z.input<typeof calendarDay> {
  return { schoolId: row.school_id, day: row.day, dayType: row.day_type as DayType, instructional: row.is_instructional, note: row.note, version: row.version };
}

export const isInstructional = (dayType: string) => INSTRUCTIONAL_DAY_TYPES.includes(dayType);
